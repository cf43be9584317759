import type { Actor, ServiceDeps } from '../http/context.ts';
import { decodeCursor, encodeCursor, keysetId } from '../http/cursor.ts';
import { ApiError, notFound } from '../http/errors.ts';
import { currentSession, requireTenantRight } from './access.ts';
import { endSessions, memberIds } from './members.ts';

/** Seeing and ending sessions, and reading the connection history, needs this right. */
const RIGHT = 'users_and_sessions';

export interface TenantSession {
  id: string;
  userId: string;
  login: string;
  fullName: string | null;
  ip: string | null;
  userAgent: string | null;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  /** The caller's own session. */
  current: boolean;
}

export interface LoginEvent {
  id: string;
  userId: string | null;
  login: string | null;
  fullName: string | null;
  result: string;
  ip: string | null;
  userAgent: string | null;
  createdAt: Date;
}

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

type Page<T> = { items: T[]; nextCursor: string | null };

/**
 * The tenant's sessions (scloud.ru «Администрирование» – «Сеансы»): who is logged in, from where and
 * when last seen; ending one, or everyone's («Завершить все сеансы»); and the connection history
 * («История подключений»). A session counts as the tenant's when its user is a member; accounts are
 * shared across organizations, so ending a session ends it everywhere.
 */
export function createTenantSessionService({ em, env, log }: ServiceDeps) {
  return {
    /** Open sessions of the organization's users (of one user when `userId` is given), newest first. */
    async list(
      actor: Actor | undefined,
      organizationId: string,
      query: { limit: number; cursor?: string; userId?: string },
    ): Promise<Page<TenantSession>> {
      const access = await requireTenantRight(em, actor, organizationId, RIGHT);
      const { limit, userId } = query;
      const after = keysetId(decodeCursor(query.cursor, 1));
      const rows = await em.execute<SessionRow[]>(
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
        [organizationId, env.SESSION_IDLE_TIMEOUT, userId ?? null, userId ?? null, after, after, limit + 1],
      );
      const mine = currentSession(access);
      const items = rows.slice(0, limit).map((row) => ({
        id: row.id,
        userId: row.user_id,
        login: row.login,
        fullName: row.full_name,
        ip: row.ip,
        userAgent: row.user_agent,
        createdAt: new Date(row.created_at),
        lastSeenAt: new Date(row.last_seen_at),
        expiresAt: new Date(row.expires_at),
        current: row.id === mine,
      }));
      const last = items.at(-1);
      return { items, nextCursor: rows.length > limit && last ? encodeCursor([last.id]) : null };
    },

    /** Ends one session of the organization's users; 404 for anyone else's. */
    async end(actor: Actor | undefined, organizationId: string, sessionId: string): Promise<void> {
      await requireTenantRight(em, actor, organizationId, RIGHT);
      const ended = await em.execute<{ id: string }[]>(
        `update sessions s set revoked_at = now()
         where s.id = ? and s.revoked_at is null
           and exists (select 1 from tenant_members m where m.organization_id = ? and m.user_id = s.user_id)
         returning s.id`,
        [sessionId, organizationId],
      );
      if (ended.length === 0) throw notFound('session');
      log.info({ organizationId, sessionId }, 'tenant session ended');
    },

    /** «Завершить все сеансы»: every session of every member but the caller's own; returns how many. */
    async endAll(actor: Actor | undefined, organizationId: string): Promise<number> {
      const access = await requireTenantRight(em, actor, organizationId, RIGHT);
      const ended = await endSessions(em, await memberIds(em, organizationId), currentSession(access));
      log.info({ organizationId, ended }, 'all tenant sessions ended');
      return ended;
    },

    /** Login attempts of the organization's users (of one user when `userId` is given), newest first. */
    async connectionHistory(
      actor: Actor | undefined,
      organizationId: string,
      query: { limit: number; cursor?: string; userId?: string },
    ): Promise<Page<LoginEvent>> {
      await requireTenantRight(em, actor, organizationId, RIGHT);
      const { limit, userId } = query;
      const after = decodeCursor(query.cursor, 1)?.[0] ?? null;
      if (after !== null && !/^\d{1,19}$/.test(after)) {
        throw new ApiError(400, 'invalid_cursor', 'cursor is not one this API gave out', { field: 'cursor' });
      }
      const rows = await em.execute<EventRow[]>(
        `select e.id::text as id, e.user_id, u.login, u.full_name, e.result, e.ip, e.user_agent, e.created_at
         from login_events e
         join tenant_members m on m.user_id = e.user_id and m.organization_id = ?
         join users u on u.id = e.user_id
         where (?::uuid is null or e.user_id = ?::uuid) and (?::bigint is null or e.id < ?::bigint)
         order by e.id desc
         limit ?`,
        [organizationId, userId ?? null, userId ?? null, after, after, limit + 1],
      );
      const items = rows.slice(0, limit).map((row) => ({
        id: row.id,
        userId: row.user_id,
        login: row.login,
        fullName: row.full_name,
        result: row.result,
        ip: row.ip,
        userAgent: row.user_agent,
        createdAt: new Date(row.created_at),
      }));
      const last = items.at(-1);
      return { items, nextCursor: rows.length > limit && last ? encodeCursor([last.id]) : null };
    },
  };
}
