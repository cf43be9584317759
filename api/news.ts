import type { Context } from 'hono';
import { createHmac, randomBytes } from 'node:crypto';
import type { AppEnv } from './http/context.ts';
import { queueMessage } from '../processes/outbox/queue.ts';
import { outboxDeps, serviceDeps } from './http/context.ts';
import { sha256 } from '../integrations/crypto/tokens.ts';

/**
 * The news subscription with double opt-in (PRODUCT.md §4). A request makes the address `pending`
 * and sends a confirmation link (a random token, its SHA-256 kept, valid NEWS_CONFIRM_TTL); opening it
 * makes the subscription `active`. Every letter carries an unsubscribe link whose token is derived
 * from the address (HMAC with KABINET_SECRET), so any news letter can carry it without storing it;
 * only its SHA-256 is kept, to find the subscription.
 */

export const NEWS_CONFIRM_TTL_MS = 7 * 24 * 3600_000;

export type NewsStatus = 'pending' | 'active' | 'unsubscribed';

export const unsubscribeToken = (secret: string, email: string): string =>
  createHmac('sha256', secret).update(`news-unsubscribe\0${email}`, 'utf8').digest('base64url');

export function unsubscribeUrl(c: Context<AppEnv>, email: string): string {
  const { env } = c.var.deps;
  const url = new URL('/news/unsubscribe', env.PUBLIC_URL);
  url.searchParams.set('token', unsubscribeToken(env.KABINET_SECRET, email));
  return url.href;
}

/**
 * Asks `email` (normalised) to confirm: a new link (an older one stops working) unless the address is
 * subscribed already, in which case the letter says so. The caller answers the same either way.
 */
export async function requestSubscription(
  c: Context<AppEnv>,
  email: string,
  userId: string | null,
): Promise<void> {
  const { em, deps } = c.var;
  const token = randomBytes(32).toString('base64url');
  const rows = await em.execute<{ email: string }[]>(
    `insert into news_subscriptions as s
       (email, status, confirm_token_hash, confirm_expires_at, unsubscribe_token_hash, user_id, requested_at)
     values (?, 'pending', ?, now() + make_interval(secs => ?), ?, ?, now())
     on conflict (email) do update set
       status = 'pending',
       confirm_token_hash = excluded.confirm_token_hash,
       confirm_expires_at = excluded.confirm_expires_at,
       requested_at = now(),
       user_id = coalesce(s.user_id, excluded.user_id)
     where s.status <> 'active'
     returning email`,
    [
      email,
      sha256(token),
      NEWS_CONFIRM_TTL_MS / 1000,
      sha256(unsubscribeToken(deps.env.KABINET_SECRET, email)),
      userId,
    ],
  );
  const alreadyActive = rows.length === 0;
  const confirmUrl = new URL('/news/confirm', deps.env.PUBLIC_URL);
  confirmUrl.searchParams.set('token', token);
  await queueMessage(outboxDeps(serviceDeps(c)), {
    userId,
    kind: 'news_confirmation',
    channel: 'email',
    to: email,
    template: 'news-confirm',
    data: {
      alreadyActive,
      confirmUrl: alreadyActive ? '' : confirmUrl.href,
      ttlDays: NEWS_CONFIRM_TTL_MS / (24 * 3600_000),
      unsubscribeUrl: unsubscribeUrl(c, email),
    },
    urgent: true,
    secret: true,
  });
  c.var.log.info({ userId, alreadyActive }, 'news subscription requested');
}

/** Opens the confirmation link: the address it was sent to, or null when unknown, used or expired. */
export async function confirmSubscription(c: Context<AppEnv>, token: string): Promise<string | null> {
  if (!token || token.length > 200) return null;
  const [row] = await c.var.em.execute<{ email: string }[]>(
    `update news_subscriptions
     set status = 'active', confirm_token_hash = null, confirm_expires_at = null, confirmed_at = now(),
         unsubscribed_at = null
     where confirm_token_hash = ? and status = 'pending' and confirm_expires_at > now()
     returning email`,
    [sha256(token)],
  );
  if (row) c.var.log.info('news subscription confirmed');
  return row?.email ?? null;
}

/** Ends the subscription of an unsubscribe link (again: the same); null for an unknown token. */
export async function unsubscribe(c: Context<AppEnv>, token: string): Promise<string | null> {
  if (!token || token.length > 200) return null;
  const [row] = await c.var.em.execute<{ email: string }[]>(
    `update news_subscriptions
     set status = 'unsubscribed', confirm_token_hash = null, confirm_expires_at = null,
         unsubscribed_at = coalesce(unsubscribed_at, now())
     where unsubscribe_token_hash = ?
     returning email`,
    [sha256(token)],
  );
  if (row) c.var.log.info('news subscription ended');
  return row?.email ?? null;
}

/** A logged-in user whose address is confirmed already needs no confirmation letter. */
export async function activateVerified(c: Context<AppEnv>, email: string, userId: string): Promise<void> {
  await c.var.em.execute(
    `insert into news_subscriptions as s
       (email, status, unsubscribe_token_hash, user_id, requested_at, confirmed_at)
     values (?, 'active', ?, ?, now(), now())
     on conflict (email) do update set
       status = 'active', confirm_token_hash = null, confirm_expires_at = null, confirmed_at = now(),
       unsubscribed_at = null, user_id = excluded.user_id
     where s.status <> 'active'`,
    [email, sha256(unsubscribeToken(c.var.deps.env.KABINET_SECRET, email)), userId],
  );
}

export async function subscriptionStatus(c: Context<AppEnv>, email: string): Promise<NewsStatus | 'none'> {
  const [row] = await c.var.em.execute<{ status: NewsStatus }[]>(
    `select status from news_subscriptions where email = ?`,
    [email],
  );
  return row?.status ?? 'none';
}
