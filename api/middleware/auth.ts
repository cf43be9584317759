import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { ApiKey, Organization, Provider, Specialist } from '../../db/entities/index.ts';
import { accountSettings } from '../account-settings.ts';
import type { Actor, AppEnv } from '../context.ts';
import { ApiError, forbidden, notFound, unauthorized } from '../errors.ts';
import { constantTimeEquals, sha256 } from '../secrets.ts';

export const SESSION_COOKIE = 'kabinet_session';

/** Works out who is calling; routes then demand what they need. */
export const resolveActor = createMiddleware<AppEnv>(async (c, next) => {
  const header = c.req.header('authorization');
  const bearer = header?.match(/^Bearer\s+(\S+)$/i)?.[1];
  if (bearer) {
    const actor = await actorForToken(c, bearer);
    if (!actor) throw unauthorized('the token is not valid');
    c.set('actor', actor);
  } else {
    // A browser keeps the cookie of a session that has ended: the request is then anonymous, so that
    // login and activation still work; endpoints that need a session answer 401 themselves.
    const cookie = getCookie(c, SESSION_COOKIE);
    const actor = cookie ? await actorForToken(c, cookie) : undefined;
    if (actor) c.set('actor', actor);
  }
  await next();
});

async function actorForToken(c: Context<AppEnv>, token: string): Promise<Actor | undefined> {
  const { env } = c.var.deps;
  if (constantTimeEquals(token, env.KABINET_OPERATOR_TOKEN)) return { kind: 'operator' };
  const em = c.var.em;
  if (token.startsWith('kab_')) {
    const key = await em.findOne(ApiKey, { keyHash: sha256(token), revokedAt: null });
    if (key) return { kind: 'organization', organizationId: key.organizationId, apiKeyId: key.id };
  } else if (token.startsWith('kpr_')) {
    const provider = await em.findOne(Provider, { keyHash: sha256(token) });
    if (provider) return { kind: 'provider', providerId: provider.id };
  } else if (token.startsWith('kss_')) {
    // One statement: a session that was ended, outlived SESSION_TTL or sat idle longer than
    // SESSION_IDLE_TIMEOUT is refused; a live one is marked as seen now.
    const [session] = await em.execute<{ id: string; user_id: string }[]>(
      `update sessions set last_seen_at = now()
       where token_hash = ? and revoked_at is null and expires_at > now()
         and last_seen_at > now() - make_interval(secs => ?)
       returning id, user_id`,
      [sha256(token), accountSettings(env).sessionIdleTimeoutMs / 1000],
    );
    if (session) return { kind: 'user', userId: session.user_id, sessionId: session.id };
  }
  return undefined;
}

export const requireActor = createMiddleware<AppEnv>(async (c, next) => {
  if (!c.var.actor) throw unauthorized();
  await next();
});

export function requireOperator(c: Context<AppEnv>): void {
  const actor = c.var.actor;
  if (!actor) throw unauthorized();
  if (actor.kind !== 'operator') throw forbidden('operator token required');
}

export function requireUser(c: Context<AppEnv>): Extract<Actor, { kind: 'user' }> {
  const actor = c.var.actor;
  if (actor?.kind !== 'user') throw unauthorized('log in first');
  return actor;
}

/**
 * The operator, the organization's own API key, or the person who is its service administrator
 * may act on an organization. Anyone else gets 403 before anything is read.
 */
export async function requireOrganizationAdmin(c: Context<AppEnv>, organizationId: string): Promise<Organization> {
  const actor = c.var.actor;
  if (!actor) throw unauthorized();
  const allowed =
    actor.kind === 'operator' ||
    (actor.kind === 'organization' && actor.organizationId === organizationId) ||
    (actor.kind === 'user' && (await isServiceAdmin(c, actor.userId, organizationId)));
  if (!allowed) throw forbidden('not an administrator of this organization');
  const organization = await c.var.em.findOne(Organization, organizationId);
  if (!organization) throw notFound('organization');
  return organization;
}

async function isServiceAdmin(c: Context<AppEnv>, userId: string, organizationId: string): Promise<boolean> {
  const [row] = await c.var.em.execute<{ ok: boolean }[]>(
    `select true as ok from services s join employees e on e.id = s.admin_employee_id
     where s.organization_id = ? and e.user_id = ?`,
    [organizationId, userId],
  );
  return Boolean(row?.ok);
}

/** An educational provider's key (kpr_…): reports attendance and decides applications. */
export function requireProvider(c: Context<AppEnv>): Extract<Actor, { kind: 'provider' }> {
  const actor = c.var.actor;
  if (!actor) throw unauthorized();
  if (actor.kind !== 'provider') throw forbidden('a provider key is required');
  return actor;
}

/** The logged-in user's specialist profile (continuing education); 403 when they have none yet. */
export async function requireSpecialist(c: Context<AppEnv>): Promise<Specialist> {
  const actor = requireUser(c);
  const specialist = await c.var.em.findOne(Specialist, { userId: actor.userId });
  if (!specialist) {
    throw new ApiError(403, 'not_a_specialist', 'create your specialist profile first (POST /v1/me/specialist)');
  }
  return specialist;
}
