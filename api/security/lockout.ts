import type { EntityManager } from '@mikro-orm/postgresql';
import { createHmac } from 'node:crypto';
import { normalizeEmail } from '../../domain/email.ts';
import { normalizeMobilePhone } from '../../domain/phone.ts';
import type { ApiDeps } from '../http/context.ts';
import { ApiError } from '../http/errors.ts';

/**
 * The login lockout (PRODUCT.md §4): LOGIN_MAX_FAILURES failures within LOGIN_FAILURE_WINDOW lock
 * the key for LOGIN_LOCK_DURATION. The counter lives in PostgreSQL (table login_throttles) so every
 * API instance shares it, and each change is ONE statement, so parallel attempts cannot slip past.
 *
 * A key is `loginThrottleKey(secret, login)` for passwords (unknown logins lock exactly like known
 * ones, so nothing reveals whether an account exists) or any other string, e.g. `pin:<userId>`.
 * Callers pass `lockoutLimits(c.var.deps.env)`; without it the production defaults apply.
 */

export interface LockoutLimits {
  maxFailures: number;
  windowMs: number;
  lockMs: number;
}

export const DEFAULT_LOCKOUT_LIMITS: LockoutLimits = { maxFailures: 5, windowMs: 600_000, lockMs: 600_000 };

export function lockoutLimits(env: ApiDeps['env']): LockoutLimits {
  return { maxFailures: env.LOGIN_MAX_FAILURES, windowMs: env.LOGIN_FAILURE_WINDOW, lockMs: env.LOGIN_LOCK_DURATION };
}

/** The login as people type it in any spelling: a phone in its normal form, otherwise lower-cased. */
export function normalizeLogin(login: string): string {
  const trimmed = login.trim();
  return normalizeMobilePhone(trimmed) ?? normalizeEmail(trimmed) ?? trimmed.toLowerCase();
}

/** The lockout key of a login: a keyed hash, so the table never holds logins or phone numbers. */
export function loginThrottleKey(secret: string, login: string): string {
  return `login:${createHmac('sha256', secret).update(normalizeLogin(login), 'utf8').digest('hex')}`;
}

/** Seconds to wait, rounded up, at least 1. */
export const secondsUntil = (until: Date, now: number): number =>
  Math.max(1, Math.ceil((until.getTime() - now) / 1000));

/** `{lockedForSeconds}` while the key is locked, otherwise null. Reads only. */
export async function checkLocked(
  em: EntityManager,
  key: string,
): Promise<{ lockedForSeconds: number } | null> {
  const [row] = await em.execute<{ seconds: string | number }[]>(
    `select ceil(extract(epoch from locked_until - now())) as seconds
     from login_throttles where key = ? and locked_until > now()`,
    [key],
  );
  return row ? { lockedForSeconds: Math.max(1, Number(row.seconds)) } : null;
}

export interface FailureResult {
  /** The key is locked now (this failure reached the limit, or it was locked already). */
  locked: boolean;
  retryAfterSeconds?: number;
  /** False when the key was locked already, so this attempt did not count. */
  counted: boolean;
  failures: number;
}

/**
 * Counts one failure in one statement. A failure while locked does not count (and does not extend
 * the lock); a failure after the window or after a lock ended starts a new window at 1.
 */
export async function recordFailure(
  em: EntityManager,
  key: string,
  limits: LockoutLimits = DEFAULT_LOCKOUT_LIMITS,
): Promise<FailureResult> {
  const fresh = `(t.locked_until is not null or t.window_started_at <= now() - make_interval(secs => :window))`;
  const lockedNow = `(t.locked_until > now())`;
  const lockAt = `now() + make_interval(secs => :lock)`;
  const named: Record<string, unknown> = {
    key,
    max: limits.maxFailures,
    window: limits.windowMs / 1000,
    lock: limits.lockMs / 1000,
  };
  const params: unknown[] = [];
  const sql = `insert into login_throttles as t (key, failures, window_started_at, locked_until)
     values (:key, 1, now(), case when 1 >= :max then ${lockAt} end)
     on conflict (key) do update set
       failures = case when ${lockedNow} then t.failures when ${fresh} then 1 else t.failures + 1 end,
       window_started_at = case when ${lockedNow} then t.window_started_at when ${fresh} then now()
                                else t.window_started_at end,
       locked_until = case when ${lockedNow} then t.locked_until
                           when ${fresh} then case when 1 >= :max then ${lockAt} end
                           when t.failures + 1 >= :max then ${lockAt} end
     returning failures, locked_until,
       (locked_until is null or locked_until = ${lockAt}) as counted,
       ceil(extract(epoch from locked_until - now())) as seconds`.replace(
    /:(key|max|window|lock)\b/g,
    (_, name: string) => {
      params.push(named[name]);
      return '?';
    },
  );
  const [row] = await em.execute<
    { failures: number; locked_until: Date | null; counted: boolean; seconds: string | null }[]
  >(sql, params);
  if (!row) throw new Error('recordFailure: no row returned');
  const locked = row.locked_until !== null;
  return {
    locked,
    counted: row.counted,
    failures: row.failures,
    ...(locked ? { retryAfterSeconds: Math.max(1, Number(row.seconds)) } : {}),
  };
}

/** A successful login (or PIN) forgets the failures. */
export async function clearFailures(em: EntityManager, key: string): Promise<void> {
  await em.execute('delete from login_throttles where key = ?', [key]);
}

/** 429 `account_locked` with Retry-After. */
export const accountLocked = (retryAfterSeconds: number) =>
  new ApiError(
    429,
    'account_locked',
    'Слишком много неудачных попыток входа. Повторите позже.',
    { retryAfterSeconds },
    { 'Retry-After': String(retryAfterSeconds) },
  );
