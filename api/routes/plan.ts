import { createRoute, z } from '@hono/zod-openapi';
import { randomUUID } from 'node:crypto';
import { decodeCursor, encodeCursor } from '../http/cursor.ts';
import { ApiError, conflict, invalidField, notFound } from '../http/errors.ts';
import { requireActor } from '../http/middleware/auth.ts';
import { CycleIdParam, requireOwnCycle } from '../own-cycle.ts';
import { resourceApp } from '../http/resource-app.ts';
import {
  planItemRow,
  planItemRows,
  PlanItemSchema,
  planItemViews,
  planSummary,
  PlanSummarySchema,
} from '../plan-items.ts';
import { bearerSecurity, errorResponses, jsonBody, jsonResponse, PageQuery } from '../http/schemas.ts';

const PlanItemParams = CycleIdParam.extend({
  elementId: z.uuid().openapi({ param: { name: 'elementId', in: 'path' } }),
});

const PlanPage = z
  .object({
    cycle: z.object({ id: z.uuid(), specialty: z.string(), startsOn: z.string(), endsOn: z.string() }),
    summary: PlanSummarySchema.openapi({ description: 'the whole plan, whatever the page and filter' }),
    items: z.array(PlanItemSchema),
    nextCursor: z.string().nullable(),
  })
  .openapi('PlanPage');

/** An item leaves the plan only while nothing has happened to it yet. */
const IN_PROGRESS_APPLICATIONS = new Set([
  'formed',
  'signed',
  'submitted',
  'enrolled',
  'completed',
  'credited',
]);

const getPlan = createRoute({
  method: 'get',
  path: '/v1/me/cycles/{cycleId}/plan',
  summary: 'My plan for one of my cycles: what is done and what is pending, with credits earned',
  security: bearerSecurity,
  request: {
    params: CycleIdParam,
    query: PageQuery.extend({ status: z.enum(['planned', 'done']).optional() }),
  },
  responses: { 200: jsonResponse('The plan', PlanPage), ...errorResponses(400, 401, 403, 404, 422) },
});

const addToPlan = createRoute({
  method: 'post',
  path: '/v1/me/cycles/{cycleId}/plan',
  summary: "Include a catalog element of the cycle's specialty in my plan («Включить в план»)",
  security: bearerSecurity,
  request: { params: CycleIdParam, ...jsonBody(z.object({ elementId: z.uuid() })) },
  responses: {
    201: jsonResponse('Included', PlanItemSchema),
    ...errorResponses(400, 401, 403, 404, 409, 422),
  },
});

const removeFromPlan = createRoute({
  method: 'delete',
  path: '/v1/me/cycles/{cycleId}/plan/{elementId}',
  summary:
    'Remove an element from my plan; not once it earned credits or has a code or application under way',
  security: bearerSecurity,
  request: { params: PlanItemParams },
  responses: { 204: { description: 'Removed' }, ...errorResponses(401, 403, 404, 409, 422) },
});

function planCursor(cursor: string | undefined): [string, string] | undefined {
  const after = decodeCursor(cursor, 2);
  if (!after) return undefined;
  const [micros, id] = after as [string, string];
  if (!/^\d{1,18}$/.test(micros) || !z.uuid().safeParse(id).success) {
    throw new ApiError(400, 'invalid_cursor', 'cursor is not one this API gave out', { field: 'cursor' });
  }
  return [micros, id];
}

const app = resourceApp();
// Anonymous callers get 401 before their body or ids are validated.
app.use('/v1/me/cycles/:cycleId/plan', requireActor);
app.use('/v1/me/cycles/:cycleId/plan/*', requireActor);

export const planRoutes = app
  .openapi(getPlan, async (c) => {
    const { cycleId } = c.req.valid('param');
    const { limit, cursor, status } = c.req.valid('query');
    const cycle = await requireOwnCycle(c, cycleId);
    const rows = await planItemRows(c.var.em, cycle.id, { status, after: planCursor(cursor), limit });
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return c.json(
      {
        cycle,
        summary: await planSummary(c.var.em, cycle.id),
        items: await planItemViews(c.var.em, page),
        nextCursor: rows.length > limit && last ? encodeCursor([last.added_micros, last.id]) : null,
      },
      200,
    );
  })
  .openapi(addToPlan, async (c) => {
    const { cycleId } = c.req.valid('param');
    const { elementId } = c.req.valid('json');
    const cycle = await requireOwnCycle(c, cycleId);
    const em = c.var.em;
    const [element] = await em.execute<{ specialties: string[] }[]>(
      'select specialties from catalog_elements where id = ?',
      [elementId],
    );
    if (!element) throw invalidField('elementId', 'no such catalog element', 'unknown_element');
    // The portal offers a cycle only the elements of its specialty.
    if (!element.specialties.includes(cycle.specialty)) {
      throw invalidField(
        'elementId',
        `the element is not for the specialty «${cycle.specialty}»`,
        'wrong_specialty',
      );
    }
    const inserted = await em.execute<{ id: string }[]>(
      `insert into plan_items (id, cycle_id, element_id, status) values (?, ?, ?, 'planned')
       on conflict (cycle_id, element_id) do nothing returning id`,
      [randomUUID(), cycle.id, elementId],
    );
    if (inserted.length === 0) throw conflict('already_planned', 'the element is already in this plan');
    c.var.log.info({ cycleId, elementId }, 'element included in plan');
    const row = await planItemRow(em, cycle.id, elementId);
    const [view] = await planItemViews(em, [row!]);
    return c.json(view!, 201);
  })
  .openapi(removeFromPlan, async (c) => {
    const { cycleId, elementId } = c.req.valid('param');
    const cycle = await requireOwnCycle(c, cycleId);
    const em = c.var.em;
    const row = await planItemRow(em, cycle.id, elementId);
    if (!row) throw notFound('plan item');
    if (row.credits_earned > 0 || row.done) {
      throw conflict('credits_earned', 'the element is done and earned credits for this cycle');
    }
    if (row.event_code_status === 'pending_verification') {
      throw conflict('in_progress', 'a confirmation code for this event is awaiting verification');
    }
    if (row.application_status && IN_PROGRESS_APPLICATIONS.has(row.application_status)) {
      throw conflict(
        'in_progress',
        'a training application for this programme is under way; cancel it first',
      );
    }
    await em.execute('delete from plan_items where id = ?', [row.id]);
    c.var.log.info({ cycleId, elementId }, 'element removed from plan');
    return c.body(null, 204);
  });
