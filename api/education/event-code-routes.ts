import { serviceDeps } from '../http/context.ts';
import { resourceApp } from '../http/resource-app.ts';
import { routesOf } from '../http/route.ts';
import {
  bearerSecurity,
  errorResponses,
  jsonBody,
  jsonResponse,
  pageOf,
  PageQuery,
} from '../http/schemas.ts';
import { actorFirst } from './actor-first.ts';
import { createEventCodeService } from './event-code-service.ts';
import { EventCodeQuery, EventCodeSchema, eventCodeView, NewEventCode } from './event-code-views.ts';
import { CycleIdParam } from './specialist-views.ts';

const route = routesOf('Education');

/** Mounted at /v1/me/cycles/:cycleId/event-codes. Anonymous callers get 401 before their body is validated. */
export const eventCodeRoutes = actorFirst(resourceApp())
  .openapi(
    route({
      method: 'post',
      path: '/',
      operationId: 'enterEventCode',
      summary: 'Enter the individual code of an event; it waits for the next daily verification',
      description:
        'One code per event. A rejected code may be entered again (corrected); a pending or verified one answers 409.',
      security: bearerSecurity,
      request: { params: CycleIdParam, ...jsonBody(NewEventCode) },
      responses: {
        201: jsonResponse('Entered, status pending_verification', EventCodeSchema),
        ...errorResponses(403, 404, 409),
      },
    }),
    async (c) => {
      const row = await createEventCodeService(serviceDeps(c)).enter(
        c.var.actor,
        c.req.valid('param').cycleId,
        c.req.valid('json'),
      );
      return c.json(eventCodeView(row), 201);
    },
  )
  .openapi(
    route({
      method: 'get',
      path: '/',
      operationId: 'listEventCodes',
      summary:
        'The event codes entered for a cycle, newest first: pending, verified, or rejected with the reason',
      security: bearerSecurity,
      request: { params: CycleIdParam, query: PageQuery.extend(EventCodeQuery.shape) },
      responses: {
        200: jsonResponse('A page of event codes', pageOf(EventCodeSchema)),
        ...errorResponses(403, 404),
      },
    }),
    async (c) => {
      const page = await createEventCodeService(serviceDeps(c)).list(
        c.var.actor,
        c.req.valid('param').cycleId,
        c.req.valid('query'),
      );
      return c.json({ items: page.items.map(eventCodeView), nextCursor: page.nextCursor }, 200);
    },
  );
