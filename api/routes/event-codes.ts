import { createRoute, z } from '@hono/zod-openapi';
import { randomUUID } from 'node:crypto';
import { EVENT_CODE_STATUSES } from '../../db/entities/event-code.ts';
import { normalizeEventCode } from '../../domain/event-code.ts';
import { decodeCursor, encodeCursor } from '../http/cursor.ts';
import { ApiError, invalidField } from '../http/errors.ts';
import { EVENT_CODE_COLUMNS, eventCodeView, EventCodeSchema, type EventCodeRow } from '../event-code-view.ts';
import { keysetId } from '../http/cursor.ts';
import { requireActor, requireSpecialist } from '../http/middleware/auth.ts';
import { resourceApp } from '../http/resource-app.ts';
import { CycleIdParam, requireOwnCycle } from '../own-cycle.ts';
import { bearerSecurity, errorResponses, jsonBody, jsonResponse, pageOf, PageQuery } from '../http/schemas.ts';

const PATH = '/v1/me/cycles/{cycleId}/event-codes';

const enterRoute = createRoute({
  method: 'post',
  path: PATH,
  summary: 'Enter the individual code of an event; it waits for the next daily verification',
  description:
    'One code per event. A rejected code may be entered again (corrected); a pending or verified one answers 409.',
  security: bearerSecurity,
  request: {
    params: CycleIdParam,
    ...jsonBody(
      z.object({
        elementId: z.uuid().openapi({ description: 'the event in the catalog' }),
        code: z.string().max(200).openapi({ example: 'AB12-CD34' }),
      }),
    ),
  },
  responses: {
    201: jsonResponse('Entered, status pending_verification', EventCodeSchema),
    ...errorResponses(400, 401, 403, 404, 409, 422),
  },
});

const listRoute = createRoute({
  method: 'get',
  path: PATH,
  summary:
    'The event codes entered for a cycle, newest first: pending, verified, or rejected with the reason',
  security: bearerSecurity,
  request: {
    params: CycleIdParam,
    query: PageQuery.extend({ status: z.enum(EVENT_CODE_STATUSES).optional() }),
  },
  responses: {
    200: jsonResponse('A page of event codes', pageOf(EventCodeSchema)),
    ...errorResponses(400, 401, 403, 404, 422),
  },
});

// A rejected code goes back to pending with the new code (a typo, or attendance reported late);
// a pending or verified one stays as it is and the request answers 409.
const ENTER_SQL = `
  insert into event_codes as ec (id, specialist_id, cycle_id, element_id, code, status)
  values (?, ?, ?, ?, ?, 'pending_verification')
  on conflict (specialist_id, element_id) do update set
    code = excluded.code, cycle_id = excluded.cycle_id, status = 'pending_verification',
    rejection_reason = null, entered_at = now(), verified_at = null, verification_run_id = null
  where ec.status = 'rejected'
  returning ec.id`;

const app = resourceApp();
// Anonymous callers get 401 before their body is validated.
app.use('/v1/me/cycles/:cycleId/event-codes', requireActor);

export const eventCodeRoutes = app
  .openapi(enterRoute, async (c) => {
    const { cycleId } = c.req.valid('param');
    const body = c.req.valid('json');
    const specialist = await requireSpecialist(c);
    await requireOwnCycle(c, cycleId);
    const code = normalizeEventCode(body.code);
    if (!code) throw invalidField('code', 'the code is empty, longer than 64 characters, or has spaces');
    const em = c.var.em;
    const [element] = await em.execute<{ type: string }[]>('select type from catalog_elements where id = ?', [
      body.elementId,
    ]);
    if (!element) throw invalidField('elementId', 'no such element in the catalog', 'unknown_element');
    if (element.type !== 'event') {
      throw invalidField('elementId', 'codes are entered for educational events only', 'not_an_event');
    }
    const [entered] = await em.execute<{ id: string }[]>(ENTER_SQL, [
      randomUUID(),
      specialist.id,
      cycleId,
      body.elementId,
      code,
    ]);
    if (!entered) {
      const [existing] = await em.execute<{ id: string; status: string; cycle_id: string }[]>(
        'select id, status, cycle_id from event_codes where specialist_id = ? and element_id = ?',
        [specialist.id, body.elementId],
      );
      throw new ApiError(409, 'code_already_entered', 'a code for this event is already entered', {
        field: 'elementId',
        eventCodeId: existing?.id,
        status: existing?.status,
        cycleId: existing?.cycle_id,
      });
    }
    const [row] = await em.execute<EventCodeRow[]>(
      `select ${EVENT_CODE_COLUMNS} from event_codes ec join catalog_elements el on el.id = ec.element_id
       where ec.id = ?`,
      [entered.id],
    );
    c.var.log.info({ eventCodeId: entered.id, cycleId, elementId: body.elementId }, 'event code entered');
    return c.json(eventCodeView(row!), 201);
  })
  .openapi(listRoute, async (c) => {
    const { cycleId } = c.req.valid('param');
    const { limit, cursor, status } = c.req.valid('query');
    const specialist = await requireSpecialist(c);
    await requireOwnCycle(c, cycleId);
    const afterId = keysetId(decodeCursor(cursor, 1));
    // The specialist's codes are few; (specialist_id, element_id) is indexed, so no cycle index is needed.
    const rows = await c.var.em.execute<EventCodeRow[]>(
      `select ${EVENT_CODE_COLUMNS} from event_codes ec join catalog_elements el on el.id = ec.element_id
       where ec.specialist_id = ? and ec.cycle_id = ? and (?::text is null or ec.status = ?)
         and (?::uuid is null or (ec.entered_at, ec.id) < (select entered_at, id from event_codes where id = ?::uuid))
       order by ec.entered_at desc, ec.id desc limit ?`,
      [specialist.id, cycleId, status ?? null, status ?? null, afterId, afterId, limit + 1],
    );
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return c.json(
      {
        items: page.map(eventCodeView),
        nextCursor: rows.length > limit && last ? encodeCursor([last.id]) : null,
      },
      200,
    );
  });
