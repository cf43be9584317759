import { serviceDeps } from '../http/context.ts';
import { resourceApp } from '../http/resource-app.ts';
import { routesOf } from '../http/route.ts';
import { bearerSecurity, errorResponses, jsonResponse, OrgIdParam, pageOf } from '../http/schemas.ts';
import { createTenantSessionService } from './session-service.ts';
import {
  ByUserPageQuery,
  Ended,
  LoginEventSchema,
  loginEventView,
  SessionParams,
  TenantSessionSchema,
  tenantSessionView,
} from './views.ts';

const route = routesOf('Tenant users');

/** Mounted at /v1/organizations/:orgId/sessions: the tenant's open sessions («Сеансы»). */
export const tenantSessionRoutes = resourceApp()
  .openapi(
    route({
      method: 'get',
      path: '/',
      operationId: 'listTenantSessions',
      summary: "Open sessions of the organization's users: user, device, IP, last seen (newest first)",
      security: bearerSecurity,
      request: { params: OrgIdParam, query: ByUserPageQuery },
      responses: {
        200: jsonResponse('A page of sessions', pageOf(TenantSessionSchema)),
        ...errorResponses(403, 404),
      },
    }),
    async (c) => {
      const { orgId } = c.req.valid('param');
      const page = await createTenantSessionService(serviceDeps(c)).list(
        c.var.actor,
        orgId,
        c.req.valid('query'),
      );
      return c.json({ items: page.items.map(tenantSessionView), nextCursor: page.nextCursor }, 200);
    },
  )
  .openapi(
    route({
      method: 'delete',
      path: '/{sessionId}',
      operationId: 'endTenantSession',
      summary: "End one session of the organization's users",
      security: bearerSecurity,
      request: { params: SessionParams },
      responses: { 204: { description: 'Ended' }, ...errorResponses(403, 404) },
    }),
    async (c) => {
      const { orgId, sessionId } = c.req.valid('param');
      await createTenantSessionService(serviceDeps(c)).end(c.var.actor, orgId, sessionId);
      return c.body(null, 204);
    },
  )
  .openapi(
    route({
      method: 'delete',
      path: '/',
      operationId: 'endAllTenantSessions',
      summary:
        "«Завершить все сеансы»: end every session of every user of the organization but the caller's own",
      security: bearerSecurity,
      request: { params: OrgIdParam },
      responses: { 200: jsonResponse('Ended', Ended), ...errorResponses(403, 404) },
    }),
    async (c) => {
      const { orgId } = c.req.valid('param');
      const ended = await createTenantSessionService(serviceDeps(c)).endAll(c.var.actor, orgId);
      return c.json({ ended }, 200);
    },
  );

/** Mounted at /v1/organizations/:orgId/connection-history: login attempts («История подключений»). */
export const connectionHistoryRoutes = resourceApp().openapi(
  route({
    method: 'get',
    path: '/',
    operationId: 'listConnectionHistory',
    summary: "Login attempts of the organization's users (time, IP, user agent, result), newest first",
    security: bearerSecurity,
    request: { params: OrgIdParam, query: ByUserPageQuery },
    responses: {
      200: jsonResponse('A page of the history', pageOf(LoginEventSchema)),
      ...errorResponses(403, 404),
    },
  }),
  async (c) => {
    const { orgId } = c.req.valid('param');
    const page = await createTenantSessionService(serviceDeps(c)).connectionHistory(
      c.var.actor,
      orgId,
      c.req.valid('query'),
    );
    return c.json({ items: page.items.map(loginEventView), nextCursor: page.nextCursor }, 200);
  },
);
