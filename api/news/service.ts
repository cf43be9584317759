import { createHmac, randomBytes } from 'node:crypto';
import { User } from '../../db/entities/index.ts';
import { normalizeEmail } from '../../domain/email.ts';
import { sha256 } from '../../integrations/crypto/tokens.ts';
import { queueMessage } from '../../processes/outbox/queue.ts';
import { requireUser } from '../http/access.ts';
import { type Actor, outboxDeps, type ServiceDeps } from '../http/context.ts';
import { ApiError, invalidField, notFound } from '../http/errors.ts';
import { type HumanCheckAnswer, verifyHumanAnswer } from '../security/human-check.ts';

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

export function createNewsService(deps: ServiceDeps) {
  const { em, env, log } = deps;

  const unsubscribeUrl = (email: string): string => {
    const url = new URL('/news/unsubscribe', env.PUBLIC_URL);
    url.searchParams.set('token', unsubscribeToken(env.KABINET_SECRET, email));
    return url.href;
  };

  /**
   * Asks `email` (normalised) to confirm: a new link (an older one stops working) unless the address
   * is subscribed already, in which case the letter says so. The caller answers the same either way.
   */
  async function requestSubscription(email: string, userId: string | null): Promise<void> {
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
        sha256(unsubscribeToken(env.KABINET_SECRET, email)),
        userId,
      ],
    );
    const alreadyActive = rows.length === 0;
    const confirmUrl = new URL('/news/confirm', env.PUBLIC_URL);
    confirmUrl.searchParams.set('token', token);
    await queueMessage(outboxDeps(deps), {
      userId,
      kind: 'news_confirmation',
      channel: 'email',
      to: email,
      template: 'news-confirm',
      data: {
        alreadyActive,
        confirmUrl: alreadyActive ? '' : confirmUrl.href,
        ttlDays: NEWS_CONFIRM_TTL_MS / (24 * 3600_000),
        unsubscribeUrl: unsubscribeUrl(email),
      },
      urgent: true,
      secret: true,
    });
    log.info({ userId, alreadyActive }, 'news subscription requested');
  }

  /** A logged-in user whose address is confirmed already needs no confirmation letter. */
  async function activateVerified(email: string, userId: string): Promise<void> {
    await em.execute(
      `insert into news_subscriptions as s
         (email, status, unsubscribe_token_hash, user_id, requested_at, confirmed_at)
       values (?, 'active', ?, ?, now(), now())
       on conflict (email) do update set
         status = 'active', confirm_token_hash = null, confirm_expires_at = null, confirmed_at = now(),
         unsubscribed_at = null, user_id = excluded.user_id
       where s.status <> 'active'`,
      [email, sha256(unsubscribeToken(env.KABINET_SECRET, email)), userId],
    );
  }

  async function statusOf(email: string): Promise<NewsStatus | 'none'> {
    const [row] = await em.execute<{ status: NewsStatus }[]>(
      `select status from news_subscriptions where email = ?`,
      [email],
    );
    return row?.status ?? 'none';
  }

  /** Ends the subscription of an unsubscribe link (again: the same); null for an unknown token. */
  async function unsubscribe(token: string): Promise<string | null> {
    if (!token || token.length > 200) return null;
    const [row] = await em.execute<{ email: string }[]>(
      `update news_subscriptions
       set status = 'unsubscribed', confirm_token_hash = null, confirm_expires_at = null,
           unsubscribed_at = coalesce(unsubscribed_at, now())
       where unsubscribe_token_hash = ?
       returning email`,
      [sha256(token)],
    );
    if (row) log.info('news subscription ended');
    return row?.email ?? null;
  }

  async function ownUser(actor: Actor | undefined): Promise<User> {
    const user = await em.findOne(User, requireUser(actor).userId);
    if (!user) throw notFound('user');
    return user;
  }

  return {
    /**
     * Anyone (a logged-in user is remembered with the address): the human check, then a letter with
     * the confirmation link. Answers the normalised address; 422 on the human check or the address.
     */
    async subscribe(
      actor: Actor | undefined,
      input: { email: string; humanCheck: HumanCheckAnswer },
    ): Promise<{ email: string }> {
      await verifyHumanAnswer(em, env.KABINET_SECRET, input.humanCheck);
      const email = normalizeEmail(input.email);
      if (!email) throw invalidField('email', 'not a valid e-mail address');
      await requestSubscription(email, actor?.kind === 'user' ? actor.userId : null);
      return { email };
    },

    /** Opens the confirmation link: the address it was sent to, or null when unknown, used or expired. */
    async confirm(token: string): Promise<{ email: string; unsubscribeToken: string } | null> {
      if (!token || token.length > 200) return null;
      const [row] = await em.execute<{ email: string }[]>(
        `update news_subscriptions
         set status = 'active', confirm_token_hash = null, confirm_expires_at = null, confirmed_at = now(),
             unsubscribed_at = null
         where confirm_token_hash = ? and status = 'pending' and confirm_expires_at > now()
         returning email`,
        [sha256(token)],
      );
      if (!row) return null;
      log.info('news subscription confirmed');
      return { email: row.email, unsubscribeToken: unsubscribeToken(env.KABINET_SECRET, row.email) };
    },

    unsubscribe,

    /** As `unsubscribe`, for the API: 404 for an unknown token. */
    async unsubscribeOrFail(token: string): Promise<void> {
      if (!(await unsubscribe(token))) throw notFound('subscription');
    },

    /** The subscription of my account's e-mail. */
    async mySubscription(actor: Actor | undefined) {
      const user = await ownUser(actor);
      const status = user.email ? await statusOf(user.email) : 'none';
      return { email: user.email ?? null, status };
    },

    /**
     * Subscribes or unsubscribes my account's e-mail (409 `no_email` without one): a confirmed
     * address is active at once, otherwise a confirmation letter follows.
     */
    async setMySubscription(actor: Actor | undefined, subscribed: boolean) {
      const user = await ownUser(actor);
      if (!user.email)
        throw new ApiError(409, 'no_email', 'the account has no e-mail address; add one first');
      const current = await statusOf(user.email);
      if (subscribed && current !== 'active') {
        if (user.emailVerifiedAt) await activateVerified(user.email, user.id);
        else await requestSubscription(user.email, user.id);
      } else if (!subscribed && current !== 'none' && current !== 'unsubscribed') {
        await em.execute(
          `update news_subscriptions set status = 'unsubscribed', confirm_token_hash = null,
             confirm_expires_at = null, unsubscribed_at = now() where email = ?`,
          [user.email],
        );
      }
      return { email: user.email, status: await statusOf(user.email) };
    },
  };
}
