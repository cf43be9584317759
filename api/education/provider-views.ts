import { z } from '@hono/zod-openapi';
import type { Provider } from '../../db/entities/index.ts';

export const NewProvider = z.object({
  name: z.string().trim().min(1).max(500),
  inn: z.string().trim().optional().openapi({ example: '7707083893' }),
});
export type NewProvider = z.infer<typeof NewProvider>;

export const ProviderSchema = z
  .object({ id: z.uuid(), name: z.string(), inn: z.string().nullable() })
  .openapi('Provider');
export const ProviderWithKey = ProviderSchema.extend({
  key: z.string().openapi({ description: 'kpr_… — shown once; only its SHA-256 is stored' }),
}).openapi('ProviderWithKey');

export const ProviderParam = z.object({
  providerId: z.uuid().openapi({ param: { name: 'providerId', in: 'path' } }),
});

export type ProviderRow = Pick<Provider, 'id' | 'name'> & { inn?: string | null | undefined };

export const providerView = (p: ProviderRow): z.infer<typeof ProviderSchema> => ({
  id: p.id,
  name: p.name,
  inn: p.inn ?? null,
});

export const providerWithKeyView = (p: ProviderRow, key: string): z.infer<typeof ProviderWithKey> => ({
  ...providerView(p),
  key,
});

export const MAX_ATTENDANCE_PER_CALL = 10_000;

const AttendanceInput = z
  .object({
    elementId: z.uuid().openapi({ description: 'one of your events in the catalog' }),
    code: z
      .string()
      .openapi({ example: 'AB12-CD34', description: 'the individual code you gave the participant' }),
    specialistId: z.uuid(),
    minutesAttended: z.number().int().min(0),
  })
  .openapi('AttendanceInput');

/** Rows are checked one by one by the service, so here only the envelope is checked. */
export const AttendanceReport = z.object({
  records: z.array(AttendanceInput.or(z.unknown())).min(1).max(MAX_ATTENDANCE_PER_CALL),
});

const InvalidAttendanceSchema = z.object({
  index: z.number().int(),
  elementId: z.string().nullable(),
  code: z.string().nullable(),
  errors: z.array(z.object({ field: z.string(), message: z.string() })),
});

export const AttendanceResultSchema = z.object({
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  invalid: z.array(InvalidAttendanceSchema),
});
export type AttendanceResult = z.infer<typeof AttendanceResultSchema>;

export const attendanceResultView = (r: AttendanceResult): AttendanceResult => ({
  created: r.created,
  updated: r.updated,
  unchanged: r.unchanged,
  invalid: r.invalid.map((row) => ({
    index: row.index,
    elementId: row.elementId,
    code: row.code,
    errors: row.errors,
  })),
});
