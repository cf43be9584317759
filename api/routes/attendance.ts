import { createRoute, z } from '@hono/zod-openapi';
import { checkAttendanceRows, upsertAttendance, type InvalidAttendanceRow } from '../attendance-rows.ts';
import { requireActor, requireProvider } from '../http/middleware/auth.ts';
import { resourceApp } from '../http/resource-app.ts';
import { bearerSecurity, errorResponses, jsonBody, jsonResponse } from '../http/schemas.ts';

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

const upsertRoute = createRoute({
  method: 'put',
  path: '/v1/providers/me/attendance',
  summary: 'Report who attended your events, with which code and for how long (upsert by event and code)',
  description:
    'Up to 10,000 records per call. Invalid rows — malformed, repeated, or for an event that is not yours — are ' +
    'reported with their index; the valid ones are saved. The daily verification checks codes against these.',
  security: bearerSecurity,
  request: {
    // Rows are checked one by one in the handler, so here only the envelope is checked.
    ...jsonBody(
      z.object({ records: z.array(AttendanceInput.or(z.unknown())).min(1).max(MAX_ATTENDANCE_PER_CALL) }),
    ),
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
            index: z.number().int(),
            elementId: z.string().nullable(),
            code: z.string().nullable(),
            errors: z.array(z.object({ field: z.string(), message: z.string() })),
          }),
        ),
      }),
    ),
    ...errorResponses(400, 401, 403, 422),
  },
});

const app = resourceApp();
// Anonymous callers get 401 before their body is validated.
app.use('/v1/providers/me/attendance', requireActor);

export const attendanceRoutes = app.openapi(upsertRoute, async (c) => {
  const { providerId } = requireProvider(c);
  const { valid, invalid } = checkAttendanceRows(c.req.valid('json').records);
  const { foreignIndexes, ...counts } = await upsertAttendance(c.var.em, providerId, valid);
  const byIndex = new Map(valid.map((row) => [row.idx, row]));
  const foreign: InvalidAttendanceRow[] = foreignIndexes.map((index) => ({
    index,
    elementId: byIndex.get(index)!.elementId,
    code: byIndex.get(index)!.code,
    errors: [{ field: 'elementId', message: 'not an event of this provider' }],
  }));
  const allInvalid = [...invalid, ...foreign].sort((a, b) => a.index - b.index);
  c.var.log.info({ providerId, ...counts, invalid: allInvalid.length }, 'attendance upserted');
  return c.json({ ...counts, invalid: allInvalid }, 200);
});
