import { createRoute, z } from '@hono/zod-openapi';
import { cycleProgress, type CreditLine } from '../../domain/credits.ts';
import { requireActor } from '../http/middleware/auth.ts';
import { CycleIdParam, requireOwnCycle } from '../own-cycle.ts';
import { resourceApp } from '../http/resource-app.ts';
import { bearerSecurity, errorResponses, jsonResponse } from '../http/schemas.ts';

/** Cycle years and "today" are calendar days in Moscow, the portal's time. */
const PORTAL_TIME_ZONE = 'Europe/Moscow';
const todayInPortalTime = (): string =>
  new Intl.DateTimeFormat('en-CA', { timeZone: PORTAL_TIME_ZONE }).format(new Date());

const count = z.number().int();
const ProgressSchema = z
  .object({
    cycleId: z.uuid(),
    specialty: z.string(),
    startsOn: z.string(),
    endsOn: z.string(),
    asOf: z.string().openapi({ description: 'today in Moscow' }),
    currentYear: count.nullable().openapi({ description: '1..5 while the cycle runs' }),
    targets: z.object({ perYear: count, perCycle: count }),
    total: count.openapi({ description: 'ЗЕТ credited to this cycle' }),
    counted: count.openapi({ description: 'min(total, 250): what counts toward the cycle' }),
    excess: count.openapi({ description: 'above 250; not carried over to the next cycle' }),
    remaining: count,
    met: z.boolean(),
    byType: z.object({ iom: count, event: count, programme: count }),
    years: z.array(
      z.object({
        year: count,
        startsOn: z.string(),
        endsOn: z.string(),
        total: count,
        target: count,
        remaining: count,
        met: z.boolean(),
      }),
    ),
  })
  .openapi('CycleProgress');

const getProgress = createRoute({
  method: 'get',
  path: '/v1/me/cycles/{cycleId}/progress',
  summary:
    "A cycle's credits per element type and per cycle year against the targets (50 a year, 250 a cycle)",
  security: bearerSecurity,
  request: { params: CycleIdParam },
  responses: { 200: jsonResponse('Progress', ProgressSchema), ...errorResponses(401, 403, 404, 422) },
});

const app = resourceApp();
app.use('/v1/me/cycles/:cycleId/progress', requireActor);

export const progressRoutes = app.openapi(getProgress, async (c) => {
  const cycle = await requireOwnCycle(c, c.req.valid('param').cycleId);
  const entries = await c.var.em.execute<CreditLine[]>(
    `select source, credits, credited_on::text as "creditedOn" from credit_entries where cycle_id = ?`,
    [cycle.id],
  );
  const asOf = todayInPortalTime();
  const { startsOn, endsOn, specialty } = cycle;
  return c.json(
    { cycleId: cycle.id, specialty, startsOn, endsOn, asOf, ...cycleProgress(cycle, entries, asOf) },
    200,
  );
});
