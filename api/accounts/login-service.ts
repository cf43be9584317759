import type { EntityManager } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import { Employee, LoginEvent, Session, User } from '../../db/entities/index.ts';
import { normalizeEmail } from '../../domain/email.ts';
import { normalizeMobilePhone } from '../../domain/phone.ts';
import { newSessionToken, sha256 } from '../../integrations/crypto/tokens.ts';
import { requireUser } from '../http/access.ts';
import type { Actor, RequestOrigin, ServiceDeps } from '../http/context.ts';
import { ApiError } from '../http/errors.ts';
import { accountLocked, lockoutLimits, loginThrottleKey, recordFailure } from '../security/lockout.ts';
import { decoyPasswordHash, setPasswordHashConcurrency, verifyPassword } from '../security/passwords.ts';

export const invalidCredentials = () =>
  new ApiError(401, 'invalid_credentials', 'Неправильный логин или пароль');

/** The results a login_events row may have (the table's check constraint). */
export type LoginResult =
  | 'success'
  | 'invalid_credentials'
  | 'locked'
  | 'email_not_confirmed'
  | 'disabled'
  | 'mfa_required'
  | 'mfa_failed';

/** A session just opened: the caller hands the token to the client (cookie and/or body). */
export interface OpenedSession {
  token: string;
  expiresAt: Date;
  user: { id: string; login: string };
}

/**
 * The account a login names: a phone in any spelling (employees); an e-mail (the account's own, or
 * the e-mail of the employee who activated it); otherwise a login chosen at sign-up (lower-cased).
 */
async function findUserByLogin(em: EntityManager, login: string): Promise<User | null> {
  const trimmed = login.trim();
  const phone = normalizeMobilePhone(trimmed);
  if (phone) return em.findOne(User, { login: phone });
  const email = normalizeEmail(trimmed);
  if (email) {
    const user = await em.findOne(User, { $or: [{ email }, { login: email }] });
    if (user) return user;
    const employee = await em.findOne(Employee, { email, userId: { $ne: null } });
    return employee?.userId ? em.findOne(User, employee.userId) : null;
  }
  if (trimmed === '') return null;
  return em.findOne(User, { login: trimmed.toLowerCase() });
}

interface LoginCandidate {
  id: string;
  login: string;
  passwordHash: string;
  status: string;
}

/**
 * The account a login names and the login's lock, in one statement (the login path runs under load:
 * README, Performance). Falls back to findUserByLogin for an employee's e-mail.
 */
async function loginCandidate(
  em: EntityManager,
  login: string,
  key: string,
): Promise<{ user: LoginCandidate | null; lockedForSeconds: number | null }> {
  const trimmed = login.trim();
  const phone = normalizeMobilePhone(trimmed);
  const email = phone ? null : normalizeEmail(trimmed);
  const value = phone ?? email ?? trimmed.toLowerCase();
  const [row] = await em.execute<
    { id: string | null; login: string; password_hash: string; status: string; locked_for: string | null }[]
  >(
    `select u.id, u.login, u.password_hash, u.status,
       (select ceil(extract(epoch from t.locked_until - now())) from login_throttles t
        where t.key = ? and t.locked_until > now()) as locked_for
     from (select 1) as one
     left join users u on u.login = ? ${email ? 'or u.email = ?' : ''}
     order by u.login = ? desc limit 1`,
    email ? [key, value, value, value] : [key, value, value],
  );
  const lockedForSeconds = row?.locked_for == null ? null : Math.max(1, Number(row.locked_for));
  if (row?.id) {
    return {
      user: { id: row.id, login: row.login, passwordHash: row.password_hash, status: row.status },
      lockedForSeconds,
    };
  }
  const employeeUser = email && trimmed !== '' ? await findUserByLogin(em, trimmed) : null;
  return { user: employeeUser, lockedForSeconds };
}

/** One row of the connection history (every attempt, whatever its result). */
export async function recordLoginEvent(
  em: EntityManager,
  origin: RequestOrigin,
  event: {
    userId: string | null;
    loginHash: string | null;
    result: LoginResult;
    organizationId?: string | null;
  },
): Promise<void> {
  await em.insert(LoginEvent, {
    userId: event.userId,
    organizationId: event.organizationId ?? null,
    loginHash: event.loginHash,
    ip: origin.ip,
    userAgent: origin.userAgent,
    result: event.result,
    createdAt: new Date(),
  });
}

/**
 * Inserts the session row for a user who has proved who they are (and, for a password login, forgets
 * the failures and writes the success to the connection history in the same statement: one round
 * trip). The token itself is returned, never stored.
 */
export async function openSession(
  { em, env, log }: ServiceDeps,
  user: Pick<User, 'id' | 'login'>,
  origin: RequestOrigin,
  loginHash: string | null = null,
): Promise<OpenedSession> {
  const token = newSessionToken();
  const sessionId = randomUUID();
  const expiresAt = new Date(Date.now() + env.SESSION_TTL);
  const session = `insert into sessions (id, user_id, token_hash, ip, user_agent, created_at, last_seen_at, expires_at)
     values (?, ?, ?, ?, ?, now(), now(), ?)`;
  const sessionParams = [sessionId, user.id, sha256(token), origin.ip, origin.userAgent, expiresAt];
  if (loginHash === null) {
    await em.execute(session, sessionParams);
  } else {
    await em.execute(
      `with cleared as (delete from login_throttles where key = ?),
            event as (insert into login_events (user_id, login_hash, ip, user_agent, result)
                      values (?, ?, ?, ?, 'success'))
       ${session}`,
      [loginHash, user.id, loginHash, origin.ip, origin.userAgent, ...sessionParams],
    );
  }
  log.info({ userId: user.id, sessionId }, 'logged in');
  return { token, expiresAt, user: { id: user.id, login: user.login } };
}

/** Logging in with a password and logging out (the API and the login page both come here). */
export function createLoginService(deps: ServiceDeps) {
  const { em, env, log } = deps;
  return {
    /**
     * Opens a session and returns its token.
     * - Wrong login or password: one `invalid_credentials` either way; an unknown login verifies a
     *   decoy hash, so both take the same time.
     * - LOGIN_MAX_FAILURES failures within LOGIN_FAILURE_WINDOW lock the login (known or not) for
     *   LOGIN_LOCK_DURATION: 429 `account_locked` with Retry-After, even with the right password.
     * - The right password of an account whose e-mail is not confirmed yet: 403 `email_not_confirmed`
     *   (only then, so it tells nothing to someone without the password); of a disabled one: 403
     *   `account_disabled`.
     * Every attempt leaves a login_events row.
     */
    async logIn(input: { login: string; password: string }, origin: RequestOrigin): Promise<OpenedSession> {
      setPasswordHashConcurrency(env.LOGIN_CONCURRENT_HASHES);
      const key = loginThrottleKey(env.KABINET_SECRET, input.login);
      const { user, lockedForSeconds } = await loginCandidate(em, input.login, key);
      const userId = user?.id ?? null;
      const record = (result: LoginResult) =>
        recordLoginEvent(em, origin, { userId, loginHash: key, result });

      if (lockedForSeconds !== null) {
        await record('locked');
        throw accountLocked(lockedForSeconds);
      }
      const ok = await verifyPassword(user?.passwordHash ?? (await decoyPasswordHash()), input.password);
      if (!ok || !user) {
        const failure = await recordFailure(em, key, lockoutLimits(env));
        await record(failure.counted ? 'invalid_credentials' : 'locked');
        if (failure.locked) {
          log.warn({ userId, retryAfterSeconds: failure.retryAfterSeconds }, 'login locked');
          throw accountLocked(failure.retryAfterSeconds ?? 1);
        }
        throw invalidCredentials();
      }
      if (user.status === 'pending_confirmation') {
        await record('email_not_confirmed');
        throw new ApiError(
          403,
          'email_not_confirmed',
          'Подтвердите адрес электронной почты: откройте ссылку из письма, которое мы отправили при регистрации.',
        );
      }
      if (user.status !== 'active') {
        await record('disabled');
        throw new ApiError(403, 'account_disabled', 'Учётная запись отключена. Обратитесь к администратору.');
      }
      return openSession(deps, user, origin, key);
    },

    /** Ends the caller's session on the server (not only in one browser). */
    async logOut(actor: Actor | undefined): Promise<void> {
      const user = requireUser(actor);
      await em.nativeUpdate(Session, { id: user.sessionId }, { revokedAt: new Date() });
    },
  };
}
