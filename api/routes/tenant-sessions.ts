import { createRoute, z } from '@hono/zod-openapi';
import type { EntityManager } from '@mikro-orm/postgresql';
import { decodeCursor, encodeCursor } from '../http/cursor.ts';
import { ApiError, notFound } from '../http/errors.ts';
import { keysetId } from '../http/cursor.ts';
import { resourceApp } from '../http/resource-app.ts';
import { bearerSecurity, errorResponses, jsonResponse, OrgIdParam, pageOf, PageQuery } from '../http/schemas.ts';
import { requireTenantRight, type TenantAccess } from '../tenant-access.ts';
import { endSessions, findMember, UserIdParams } from '../tenant-members.ts';

/**
 * The tenant's sessions (scloud.ru «Администрирование» – «Сеансы»): who is logged in, from where and
 * when last seen; ending one, all of a user's, or everyone's («Завершить все сеансы»); and the
 * connection history («История подключений»). A session counts as the tenant's when its user is a
 * member; accounts are shared across organizations, so ending a session ends it everywhere.
 */

const RIGHT = 'users_and_sessions';

const TenantSessionSchema = z
  .object({
    id: z.uuid(),
    userId: z.uuid(),
    login: z.string(),
    fullName: z.string().nullable(),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
    createdAt: z.string(),
    lastSeenAt: z.string(),
    expiresAt: z.string(),
    current: z.boolean().openapi({ description: "The caller's own session" }),
  })
  .openapi('TenantSession');

const LoginEventSchema = z
  .object({
    id: z.string(),
    userId: z.uuid().nullable(),
    login: z.string().nullable(),
    fullName: z.string().nullable(),
    result: z.string(),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('ConnectionHistoryEntry');

const Ended = z.object({ ended: z.number().int() });

const SessionParams = OrgIdParam.extend({
  sessionId: z.uuid().openapi({ param: { name: 'sessionId', in: 'path' } }),
});

interface SessionRow {
  id: string;
  user_id: string;
  login: string;
  full_name: string | null;
  ip: string | null;
  user_agent: string | null;
  created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
}

interface EventRow {
  id: string;
  user_id: string | null;
  login: string | null;
  full_name: string | null;
  result: string;
  ip: string | null;
  user_agent: string | null;
  created_at: Date;
}

const iso = (value: Date) => new Date(value).toISOString();
const currentSession = (access: TenantAccess) => (access.kind === 'user' ? access.sessionId : null);

/** The user ids of the organization's members. */
async function memberIds(em: EntityManager, organizationId: string) {
  const rows = await em.execute<{ user_id: string }[]>(
    `select user_id from tenant_members where organization_id = ?`,
    [organizationId],
  );
  return rows.map((r) => r.user_id);
}

export const tenantSessionRoutes = resourceApp()
  .openapi(
    createRoute({
      method: 'get',
      path: '/v1/organizations/{orgId}/sessions',
      summary: "Open sessions of the organization's users: user, device, IP, last seen (newest first)",
      security: bearerSecurity,
      request: { params: OrgIdParam, query: PageQuery.extend({ userId: z.uuid().optional() }) },
      responses: {
        200: jsonResponse('A page of sessions', pageOf(TenantSessionSchema)),
        ...errorResponses(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const { orgId } = c.req.valid('param');
      const access = await requireTenantRight(c, orgId, RIGHT);
      const { limit, cursor, userId } = c.req.valid('query');
      const after = keysetId(decodeCursor(cursor, 1));
      const idleMs = c.var.deps.env.SESSION_IDLE_TIMEOUT;
      const rows = await c.var.em.execute<SessionRow[]>(
        `select s.id, s.user_id, u.login, u.full_name, s.ip, s.user_agent, s.created_at, s.last_seen_at, s.expires_at
         from sessions s
         join tenant_members m on m.user_id = s.user_id and m.organization_id = ?
         join users u on u.id = s.user_id
         where s.revoked_at is null and s.expires_at > now()
           and s.last_seen_at > now() - ?::double precision * interval '1 millisecond'
           and (?::uuid is null or s.user_id = ?::uuid)
           and (?::uuid is null or (s.created_at, s.id) < (select created_at, id from sessions where id = ?::uuid))
         order by s.created_at desc, s.id desc
         limit ?`,
        [orgId, idleMs, userId ?? null, userId ?? null, after, after, limit + 1],
      );
      const items = rows.slice(0, limit).map((row) => ({
        id: row.id,
        userId: row.user_id,
        login: row.login,
        fullName: row.full_name,
        ip: row.ip,
        userAgent: row.user_agent,
        createdAt: iso(row.created_at),
        lastSeenAt: iso(row.last_seen_at),
        expiresAt: iso(row.expires_at),
        current: row.id === currentSession(access),
      }));
      const last = items.at(-1);
      return c.json({ items, nextCursor: rows.length > limit && last ? encodeCursor([last.id]) : null }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'delete',
      path: '/v1/organizations/{orgId}/sessions/{sessionId}',
      summary: "End one session of the organization's users",
      security: bearerSecurity,
      request: { params: SessionParams },
      responses: { 204: { description: 'Ended' }, ...errorResponses(401, 403, 404) },
    }),
    async (c) => {
      const { orgId, sessionId } = c.req.valid('param');
      await requireTenantRight(c, orgId, RIGHT);
      const ended = await c.var.em.execute<{ id: string }[]>(
        `update sessions s set revoked_at = now()
         where s.id = ? and s.revoked_at is null
           and exists (select 1 from tenant_members m where m.organization_id = ? and m.user_id = s.user_id)
         returning s.id`,
        [sessionId, orgId],
      );
      if (ended.length === 0) throw notFound('session');
      c.var.log.info({ organizationId: orgId, sessionId }, 'tenant session ended');
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: 'delete',
      path: '/v1/organizations/{orgId}/users/{userId}/sessions',
      summary: "End all sessions of one user (except the caller's own current session)",
      security: bearerSecurity,
      request: { params: UserIdParams },
      responses: { 200: jsonResponse('Ended', Ended), ...errorResponses(401, 403, 404) },
    }),
    async (c) => {
      const { orgId, userId } = c.req.valid('param');
      const access = await requireTenantRight(c, orgId, RIGHT);
      if (!(await findMember(c.var.em, orgId, userId))) throw notFound('user');
      const ended = await endSessions(c.var.em, [userId], currentSession(access));
      c.var.log.info({ organizationId: orgId, userId, ended }, 'tenant user sessions ended');
      return c.json({ ended }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'delete',
      path: '/v1/organizations/{orgId}/sessions',
      summary:
        "«Завершить все сеансы»: end every session of every user of the organization but the caller's own",
      security: bearerSecurity,
      request: { params: OrgIdParam },
      responses: { 200: jsonResponse('Ended', Ended), ...errorResponses(401, 403, 404) },
    }),
    async (c) => {
      const { orgId } = c.req.valid('param');
      const access = await requireTenantRight(c, orgId, RIGHT);
      const ended = await endSessions(c.var.em, await memberIds(c.var.em, orgId), currentSession(access));
      c.var.log.info({ organizationId: orgId, ended }, 'all tenant sessions ended');
      return c.json({ ended }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/v1/organizations/{orgId}/connection-history',
      summary: "Login attempts of the organization's users (time, IP, user agent, result), newest first",
      security: bearerSecurity,
      request: { params: OrgIdParam, query: PageQuery.extend({ userId: z.uuid().optional() }) },
      responses: {
        200: jsonResponse('A page of the history', pageOf(LoginEventSchema)),
        ...errorResponses(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const { orgId } = c.req.valid('param');
      await requireTenantRight(c, orgId, RIGHT);
      const { limit, cursor, userId } = c.req.valid('query');
      const after = decodeCursor(cursor, 1)?.[0] ?? null;
      if (after !== null && !/^\d{1,19}$/.test(after)) {
        throw new ApiError(400, 'invalid_cursor', 'cursor is not one this API gave out', { field: 'cursor' });
      }
      const rows = await c.var.em.execute<EventRow[]>(
        `select e.id::text as id, e.user_id, u.login, u.full_name, e.result, e.ip, e.user_agent, e.created_at
         from login_events e
         join tenant_members m on m.user_id = e.user_id and m.organization_id = ?
         join users u on u.id = e.user_id
         where (?::uuid is null or e.user_id = ?::uuid) and (?::bigint is null or e.id < ?::bigint)
         order by e.id desc
         limit ?`,
        [orgId, userId ?? null, userId ?? null, after, after, limit + 1],
      );
      const items = rows.slice(0, limit).map((row) => ({
        id: row.id,
        userId: row.user_id,
        login: row.login,
        fullName: row.full_name,
        result: row.result,
        ip: row.ip,
        userAgent: row.user_agent,
        createdAt: iso(row.created_at),
      }));
      const last = items.at(-1);
      return c.json({ items, nextCursor: rows.length > limit && last ? encodeCursor([last.id]) : null }, 200);
    },
  );
