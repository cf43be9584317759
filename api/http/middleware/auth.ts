import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { ApiKey, Provider } from '../../../db/entities/index.ts';
import type { Actor, AppEnv } from '../context.ts';
import { unauthorized } from '../errors.ts';
import { constantTimeEquals, sha256 } from '../../../integrations/crypto/tokens.ts';

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
      [sha256(token), env.SESSION_IDLE_TIMEOUT / 1000],
    );
    if (session) return { kind: 'user', userId: session.user_id, sessionId: session.id };
  }
  return undefined;
}

export const requireActor = createMiddleware<AppEnv>(async (c, next) => {
  if (!c.var.actor) throw unauthorized();
  await next();
});
