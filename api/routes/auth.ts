import { createRoute, z } from '@hono/zod-openapi';
import { deleteCookie } from 'hono/cookie';
import { LoginEvent, Session, User } from '../../db/entities/index.ts';
import { checkPasswordStrength } from '../../domain/password-policy.ts';
import { decodeCursor, encodeCursor } from '../http/cursor.ts';
import { ApiError, invalidField, notFound } from '../http/errors.ts';
import {
  accountLocked,
  checkLocked,
  clearFailures,
  lockoutLimits,
  loginThrottleKey,
  recordFailure,
} from '../security/lockout.ts';
import { logIn } from '../login.ts';
import { requireUser, SESSION_COOKIE } from '../http/middleware/auth.ts';
import { resourceApp } from '../http/resource-app.ts';
import { verifyPassword } from '../security/passwords.ts';
import { setNewPassword } from '../recovery.ts';
import { bearerSecurity, errorResponses, jsonBody, jsonResponse, pageOf, PageQuery } from '../http/schemas.ts';
import { deviceLabel } from '../../domain/device-label.ts';

const UserSchema = z.object({ id: z.uuid(), login: z.string() }).openapi('User');
const ProfileSchema = z
  .object({
    id: z.uuid(),
    login: z.string(),
    email: z.string().nullable(),
    emailVerified: z.boolean(),
    fullName: z.string().nullable(),
    phone: z.string().nullable(),
    snils: z.string().nullable(),
    portal: z.enum(['employee', 'education', 'its', 'tenant']),
    status: z.enum(['pending_confirmation', 'active', 'disabled']),
    profile: z.record(z.string(), z.unknown()),
    passwordChangedAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('Profile');
const SessionSchema = z
  .object({
    id: z.uuid(),
    device: z.string().nullable().describe('A short label from the user agent, e.g. "Chrome on Linux"'),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
    createdAt: z.string(),
    lastSeenAt: z.string(),
    expiresAt: z.string(),
    current: z.boolean(),
  })
  .openapi('Session');
const ConnectionSchema = z
  .object({
    id: z.string(),
    at: z.string(),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
    device: z.string().nullable(),
    result: z.string().describe('success | invalid_credentials | locked | email_not_confirmed | disabled'),
  })
  .openapi('ConnectionHistoryEntry');

const loginRoute = createRoute({
  method: 'post',
  path: '/v1/auth/login',
  summary: 'Log in with the login (mobile phone, e-mail or chosen login) and the password',
  description:
    'Wrong login or password: 401 `invalid_credentials` either way. After LOGIN_MAX_FAILURES failures ' +
    'within LOGIN_FAILURE_WINDOW the login is locked for LOGIN_LOCK_DURATION: 429 `account_locked` with ' +
    'Retry-After, even with the right password. The right password of an account whose e-mail is not ' +
    'confirmed: 403 `email_not_confirmed`; of a disabled account: 403 `account_disabled`.',
  request: jsonBody(z.object({ login: z.string().max(320), password: z.string().max(1000) })),
  responses: {
    200: jsonResponse(
      'Logged in; also sets the session cookie',
      z.object({ token: z.string(), user: UserSchema }),
    ),
    ...errorResponses(400, 401, 403, 422, 429),
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
      summary: 'The logged-in user and their profile',
      security: bearerSecurity,
      responses: { 200: jsonResponse('The user', ProfileSchema), ...errorResponses(401) },
    }),
    async (c) => {
      const actor = requireUser(c);
      const user = await c.var.em.findOne(User, actor.userId);
      if (!user) throw notFound('user');
      return c.json(
        {
          id: user.id,
          login: user.login,
          email: user.email ?? null,
          emailVerified: Boolean(user.emailVerifiedAt),
          fullName: user.fullName ?? null,
          phone: user.phone ?? null,
          snils: user.snils ?? null,
          portal: user.portal as 'employee' | 'education' | 'its' | 'tenant',
          status: user.status as 'pending_confirmation' | 'active' | 'disabled',
          profile: user.profile ?? {},
          passwordChangedAt: user.passwordChangedAt?.toISOString() ?? null,
          createdAt: user.createdAt.toISOString(),
        },
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/v1/me/password',
      summary: 'Change my password (ends my other sessions)',
      description:
        'A wrong current password is 422 on `currentPassword` and counts toward the login lockout ' +
        '(429 `account_locked` once locked). With PASSWORD_CHANGE_ENDS_SESSIONS (default) every other ' +
        'session of the account ends.',
      security: bearerSecurity,
      request: jsonBody(z.object({ currentPassword: z.string().max(1000), password: z.string().max(1000) })),
      responses: {
        200: jsonResponse('Changed', z.object({ sessionsEnded: z.number().int() })),
        ...errorResponses(401, 422, 429),
      },
    }),
    async (c) => {
      const actor = requireUser(c);
      const { em, deps } = c.var;
      const { currentPassword, password } = c.req.valid('json');
      const user = await em.findOne(User, actor.userId);
      if (!user) throw notFound('user');
      const key = loginThrottleKey(deps.env.KABINET_SECRET, user.login);
      const locked = await checkLocked(em, key);
      if (locked) throw accountLocked(locked.lockedForSeconds);
      if (!(await verifyPassword(user.passwordHash, currentPassword))) {
        const failure = await recordFailure(em, key, lockoutLimits(deps.env));
        if (failure.locked) throw accountLocked(failure.retryAfterSeconds ?? 1);
        throw invalidField('currentPassword', 'Неверный текущий пароль', 'invalid_credentials');
      }
      await clearFailures(em, key);
      if (password === currentPassword) {
        throw invalidField('password', 'Новый пароль совпадает с текущим', 'weak_password');
      }
      const strength = checkPasswordStrength(password);
      if (!strength.ok) throw invalidField('password', strength.reason, 'weak_password');
      const { sessionsEnded } = await setNewPassword(c, user.id, password, {
        keepSessionId: actor.sessionId,
      });
      return c.json({ sessionsEnded }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/v1/me/sessions',
      summary: "The user's live sessions (not ended, not expired, not idle too long)",
      security: bearerSecurity,
      responses: {
        200: jsonResponse('Sessions', z.object({ items: z.array(SessionSchema), nextCursor: z.null() })),
        ...errorResponses(401),
      },
    }),
    async (c) => {
      const actor = requireUser(c);
      const now = Date.now();
      const idleSince = new Date(now - c.var.deps.env.SESSION_IDLE_TIMEOUT);
      const sessions = await c.var.em.find(
        Session,
        {
          userId: actor.userId,
          revokedAt: null,
          expiresAt: { $gt: new Date(now) },
          lastSeenAt: { $gt: idleSince },
        },
        { orderBy: { lastSeenAt: 'desc' }, limit: 500 },
      );
      return c.json(
        {
          items: sessions.map((s) => ({
            id: s.id,
            device: deviceLabel(s.userAgent),
            ip: s.ip ?? null,
            userAgent: s.userAgent ?? null,
            createdAt: s.createdAt.toISOString(),
            lastSeenAt: s.lastSeenAt.toISOString(),
            expiresAt: s.expiresAt.toISOString(),
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
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/v1/me/connection-history',
      summary: 'My login attempts, newest first: time, IP, user agent, result',
      security: bearerSecurity,
      request: { query: PageQuery },
      responses: {
        200: jsonResponse('A page of attempts', pageOf(ConnectionSchema)),
        ...errorResponses(400, 401),
      },
    }),
    async (c) => {
      const actor = requireUser(c);
      const { limit, cursor } = c.req.valid('query');
      const after = decodeCursor(cursor, 1)?.[0];
      if (after !== undefined && !/^\d{1,19}$/.test(after)) {
        throw new ApiError(400, 'invalid_cursor', 'cursor is not one this API gave out', { field: 'cursor' });
      }
      const events = await c.var.em.find(
        LoginEvent,
        { userId: actor.userId, ...(after ? { id: { $lt: after } } : {}) },
        { orderBy: { id: 'desc' }, limit: limit + 1 },
      );
      const page = events.slice(0, limit);
      return c.json(
        {
          items: page.map((e) => ({
            id: String(e.id),
            at: e.createdAt.toISOString(),
            ip: e.ip ?? null,
            userAgent: e.userAgent ?? null,
            device: deviceLabel(e.userAgent),
            result: e.result,
          })),
          nextCursor: events.length > limit ? encodeCursor([String(page.at(-1)!.id)]) : null,
        },
        200,
      );
    },
  );
