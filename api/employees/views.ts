import { z } from '@hono/zod-openapi';
import type { Employee } from '../../db/entities/index.ts';
import { PageQuery } from '../http/schemas.ts';

export const MAX_EMPLOYEES_PER_CALL = 10_000;

const EmployeeInput = z
  .object({
    externalId: z.string(),
    fullName: z.string(),
    position: z.string().nullish(),
    department: z.string().nullish(),
    managerExternalId: z.string().nullish(),
    email: z.string().nullish(),
    phone: z.string().nullish().openapi({ example: '8 (916) 123-45-67' }),
    employed: z.boolean().optional(),
  })
  .openapi('EmployeeInput');

/** Rows are checked one by one by the service (one bad row rejects nothing else): here only the envelope. */
export const EmployeesUpsert = z
  .object({ employees: z.array(EmployeeInput.or(z.unknown())).min(1).max(MAX_EMPLOYEES_PER_CALL) })
  .openapi({
    example: {
      employees: [{ externalId: 'E-1', fullName: 'Иванова Анна Петровна', phone: '+7 916 123-45-67' }],
    },
  });

export const UpsertResultSchema = z.object({
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  invalid: z.array(
    z.object({
      externalId: z.string().nullable(),
      index: z.number().int(),
      errors: z.array(z.object({ field: z.string(), message: z.string() })),
    }),
  ),
});

export const EmployeeListQuery = PageQuery.extend({ missingContacts: z.stringbool().optional() });
export type EmployeeListQuery = z.infer<typeof EmployeeListQuery>;

export const EmployeeSchema = z
  .object({
    id: z.uuid(),
    externalId: z.string(),
    fullName: z.string(),
    position: z.string().nullable(),
    department: z.string().nullable(),
    managerExternalId: z.string().nullable(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    employed: z.boolean(),
    hasCabinet: z.boolean(),
    missingContacts: z.array(z.enum(['email', 'phone'])),
  })
  .openapi('Employee');

export const employeeView = (e: Employee): z.infer<typeof EmployeeSchema> => ({
  id: e.id,
  externalId: e.externalId,
  fullName: e.fullName,
  position: e.position ?? null,
  department: e.department ?? null,
  managerExternalId: e.managerExternalId ?? null,
  email: e.email ?? null,
  phone: e.phone ?? null,
  employed: e.employed,
  hasCabinet: e.userId != null,
  missingContacts: [...(e.email ? [] : ['email' as const]), ...(e.phone ? [] : ['phone' as const])],
});
