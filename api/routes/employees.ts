import { createRoute, z } from '@hono/zod-openapi';
import { Employee } from '../../db/entities/index.ts';
import { decodeCursor, encodeCursor } from '../http/cursor.ts';
import { checkEmployeeRows } from '../employee-rows.ts';
import { upsertEmployees } from '../employee-upsert.ts';
import { requireOrganizationAdmin } from '../http/middleware/auth.ts';
import { resourceApp } from '../http/resource-app.ts';
import { bearerSecurity, errorResponses, jsonBody, jsonResponse, OrgIdParam, pageOf, PageQuery } from '../http/schemas.ts';

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

const EmployeeSchema = z
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

const upsertRoute = createRoute({
  method: 'put',
  path: '/v1/organizations/{orgId}/employees',
  summary: 'Upsert employees by externalId (up to 10,000 per call); invalid rows are reported, valid ones saved',
  security: bearerSecurity,
  request: {
    params: OrgIdParam,
    // Rows are checked one by one in the handler, so here only the envelope is checked.
    ...jsonBody(z.object({ employees: z.array(EmployeeInput.or(z.unknown())).min(1).max(MAX_EMPLOYEES_PER_CALL) }).openapi({
      example: { employees: [{ externalId: 'E-1', fullName: 'Иванова Анна Петровна', phone: '+7 916 123-45-67' }] },
    })),
  },
  responses: {
    200: jsonResponse(
      'Upserted',
      z.object({
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
      }),
    ),
    ...errorResponses(400, 401, 403, 404, 422),
  },
});

const listRoute = createRoute({
  method: 'get',
  path: '/v1/organizations/{orgId}/employees',
  summary: 'List employees; missingContacts=true lists those who cannot be invited',
  security: bearerSecurity,
  request: {
    params: OrgIdParam,
    query: PageQuery.extend({ missingContacts: z.stringbool().optional() }),
  },
  responses: { 200: jsonResponse('A page of employees', pageOf(EmployeeSchema)), ...errorResponses(400, 401, 403, 404, 422) },
});

export const employeeRoutes = resourceApp()
  .openapi(upsertRoute, async (c) => {
    const { orgId } = c.req.valid('param');
    await requireOrganizationAdmin(c, orgId);
    const { valid, invalid } = checkEmployeeRows(c.req.valid('json').employees);
    const counts = await upsertEmployees(c.var.em, orgId, valid);
    c.var.log.info({ organizationId: orgId, ...counts, invalid: invalid.length }, 'employees upserted');
    return c.json({ ...counts, invalid }, 200);
  })
  .openapi(listRoute, async (c) => {
    const { orgId } = c.req.valid('param');
    await requireOrganizationAdmin(c, orgId);
    const { limit, cursor, missingContacts } = c.req.valid('query');
    const after = decodeCursor(cursor, 1);
    const rows = await c.var.em.find(
      Employee,
      {
        organizationId: orgId,
        ...(after ? { externalId: { $gt: after[0] } } : {}),
        ...(missingContacts ? { $or: [{ email: null }, { phone: null }] } : {}),
      },
      { orderBy: { externalId: 'asc' }, limit: limit + 1 },
    );
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return c.json(
      {
        items: page.map((e) => ({
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
        })),
        nextCursor: rows.length > limit && last ? encodeCursor([last.externalId]) : null,
      },
      200,
    );
  });
