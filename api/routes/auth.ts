import { createRoute, z } from '@hono/zod-openapi';
import { deleteCookie } from 'hono/cookie';
import { Session, User } from '../../db/entities/index.ts';
import { notFound } from '../errors.ts';
import { logIn } from '../login.ts';
import { requireUser, SESSION_COOKIE } from '../middleware/auth.ts';
import { resourceApp } from '../openapi-app.ts';
import { bearerSecurity, errorResponses, jsonBody, jsonResponse } from '../schemas.ts';

const UserSchema = z.object({ id: z.uuid(), login: z.string() }).openapi('User');
const SessionSchema = z
  .object({
    id: z.uuid(),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
    createdAt: z.string(),
    lastSeenAt: z.string(),
    current: z.boolean(),
  })
  .openapi('Session');

const loginRoute = createRoute({
  method: 'post',
  path: '/v1/auth/login',
  summary: 'Log in with the login (mobile phone) or e-mail and the password',
  request: jsonBody(z.object({ login: z.string().max(320), password: z.string().max(1000) })),
  responses: {
    200: jsonResponse(
      'Logged in; also sets the session cookie',
      z.object({ token: z.string(), user: UserSchema }),
    ),
    ...errorResponses(400, 401, 422, 429),
  },
});

export const authRoutes = resourceApp()
  .openapi(loginRoute, async (c) => {
    const { login, password } = c.req.valid('json');
    const session = await logIn(c, login, password);
    return c.json(session, 200);
  })
  .openapi(
    createRoute({
      method: 'post',
      path: '/v1/auth/logout',
      summary: 'End the current session',
      security: bearerSecurity,
      responses: { 204: { description: 'Logged out' }, ...errorResponses(401) },
    }),
    async (c) => {
      const actor = requireUser(c);
      await c.var.em.nativeUpdate(Session, { id: actor.sessionId }, { revokedAt: new Date() });
      deleteCookie(c, SESSION_COOKIE, { path: '/' });
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/v1/me',
      summary: 'The logged-in user',
      security: bearerSecurity,
      responses: { 200: jsonResponse('The user', UserSchema), ...errorResponses(401) },
    }),
    async (c) => {
      const actor = requireUser(c);
      const user = await c.var.em.findOne(User, actor.userId);
      if (!user) throw notFound('user');
      return c.json({ id: user.id, login: user.login }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/v1/me/sessions',
      summary: "The user's active sessions",
      security: bearerSecurity,
      responses: {
        200: jsonResponse('Sessions', z.object({ items: z.array(SessionSchema), nextCursor: z.null() })),
        ...errorResponses(401),
      },
    }),
    async (c) => {
      const actor = requireUser(c);
      const sessions = await c.var.em.find(
        Session,
        { userId: actor.userId, revokedAt: null, expiresAt: { $gt: new Date() } },
        { orderBy: { lastSeenAt: 'desc' }, limit: 500 },
      );
      return c.json(
        {
          items: sessions.map((s) => ({
            id: s.id,
            ip: s.ip ?? null,
            userAgent: s.userAgent ?? null,
            createdAt: s.createdAt.toISOString(),
            lastSeenAt: s.lastSeenAt.toISOString(),
            current: s.id === actor.sessionId,
          })),
          nextCursor: null,
        },
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: 'delete',
      path: '/v1/me/sessions/{id}',
      summary: 'End one of my sessions',
      security: bearerSecurity,
      request: { params: z.object({ id: z.uuid() }) },
      responses: { 204: { description: 'Ended' }, ...errorResponses(401, 404) },
    }),
    async (c) => {
      const actor = requireUser(c);
      const ended = await c.var.em.nativeUpdate(
        Session,
        { id: c.req.valid('param').id, userId: actor.userId, revokedAt: null },
        { revokedAt: new Date() },
      );
      if (!ended) throw notFound('session');
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: 'delete',
      path: '/v1/me/sessions',
      summary: 'End all my other sessions',
      security: bearerSecurity,
      responses: {
        200: jsonResponse('Ended', z.object({ ended: z.number().int() })),
        ...errorResponses(401),
      },
    }),
    async (c) => {
      const actor = requireUser(c);
      const ended = await c.var.em.nativeUpdate(
        Session,
        { userId: actor.userId, revokedAt: null, id: { $ne: actor.sessionId } },
        { revokedAt: new Date() },
      );
      return c.json({ ended }, 200);
    },
  );
