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
import { createAttendanceService } from './attendance-service.ts';
import { createProviderService } from './provider-service.ts';
import {
  AttendanceReport,
  AttendanceResultSchema,
  attendanceResultView,
  NewProvider,
  ProviderParam,
  ProviderSchema,
  providerView,
  ProviderWithKey,
  providerWithKeyView,
} from './provider-views.ts';

const route = routesOf('Education');

/**
 * 10,000 records (the documented maximum) of up to ~800 bytes each (two ids, a code of up to 200
 * characters, the minutes, the keys) with room to spare.
 */
const MAX_ATTENDANCE_BODY_BYTES = 8 * 1024 * 1024;

/**
 * Mounted at /v1/providers. Providers are listed to anyone; registering one and issuing keys need a
 * caller, checked before the body is.
 */
export const providerRoutes = actorFirst(actorFirst(resourceApp(), '/', 'post'), '/:providerId/key', 'post')
  .openapi(
    route({
      method: 'post',
      path: '/',
      operationId: 'createProvider',
      summary: 'Register an educational provider (operator); its API key is shown once',
      security: bearerSecurity,
      request: jsonBody(NewProvider),
      responses: { 201: jsonResponse('Created', ProviderWithKey), ...errorResponses(403) },
    }),
    async (c) => {
      const { provider, key } = await createProviderService(serviceDeps(c)).create(
        c.var.actor,
        c.req.valid('json'),
      );
      return c.json(providerWithKeyView(provider, key), 201);
    },
  )
  .openapi(
    route({
      method: 'post',
      path: '/{providerId}/key',
      operationId: 'issueProviderKey',
      summary: 'Issue a new provider key (operator); the old one stops working; e.g. for seeded providers',
      security: bearerSecurity,
      request: { params: ProviderParam },
      responses: { 201: jsonResponse('Issued', ProviderWithKey), ...errorResponses(403, 404) },
    }),
    async (c) => {
      const { provider, key } = await createProviderService(serviceDeps(c)).rotateKey(
        c.var.actor,
        c.req.valid('param').providerId,
      );
      return c.json(providerWithKeyView(provider, key), 201);
    },
  )
  .openapi(
    route({
      method: 'get',
      path: '/',
      operationId: 'listProviders',
      summary: 'Educational providers by name (public, like the catalog)',
      request: { query: PageQuery },
      responses: { 200: jsonResponse('A page of providers', pageOf(ProviderSchema)) },
    }),
    async (c) => {
      const page = await createProviderService(serviceDeps(c)).list(c.req.valid('query'));
      return c.json({ items: page.items.map(providerView), nextCursor: page.nextCursor }, 200);
    },
  );

/** Mounted at /v1/providers/me/attendance. Anonymous callers get 401 before their body is validated. */
export const attendanceRoutes = actorFirst(resourceApp()).openapi(
  route({
    method: 'put',
    path: '/',
    operationId: 'reportAttendance',
    summary: 'Report who attended your events, with which code and for how long (upsert by event and code)',
    description:
      'Up to 10,000 records per call. Invalid rows — malformed, repeated, or for an event that is not yours — are ' +
      'reported with their index; the valid ones are saved. The daily verification checks codes against these.',
    security: bearerSecurity,
    maxBodyBytes: MAX_ATTENDANCE_BODY_BYTES,
    request: jsonBody(AttendanceReport),
    responses: { 200: jsonResponse('Upserted', AttendanceResultSchema), ...errorResponses(403) },
  }),
  async (c) => {
    const result = await createAttendanceService(serviceDeps(c)).report(
      c.var.actor,
      c.req.valid('json').records,
    );
    return c.json(attendanceResultView(result), 200);
  },
);
