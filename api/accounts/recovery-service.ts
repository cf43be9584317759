import type { EntityManager } from '@mikro-orm/postgresql';
import { randomBytes, randomUUID } from 'node:crypto';
import { Employee, User } from '../../db/entities/index.ts';
import { normalizeEmail } from '../../domain/email.ts';
import { checkPasswordStrength } from '../../domain/password-policy.ts';
import { normalizeSnils } from '../../domain/snils.ts';
import {
  codesEqual,
  generateVerificationCode,
  hashVerificationCode,
} from '../../integrations/crypto/one-time-code.ts';
import { sha256 } from '../../integrations/crypto/tokens.ts';
import { queueMessage } from '../../processes/outbox/queue.ts';
import { outboxDeps, type ServiceDeps } from '../http/context.ts';
import { ApiError, invalidField } from '../http/errors.ts';
import { type HumanCheckAnswer, verifyHumanAnswer } from '../security/human-check.ts';
import { clearFailures, loginThrottleKey } from '../security/lockout.ts';
import { hashPassword } from '../security/passwords.ts';

/**
 * Password recovery (PRODUCT.md §4): by e-mail, or by SNILS on the education portal; the letter
 * always goes to the account's registered e-mail and carries a 6-digit code and a link, valid
 * RECOVERY_CODE_TTL, RECOVERY_MAX_ATTEMPTS tries, once. Only the code's HMAC and the link's
 * SHA-256 are stored. The request is answered the same whether or not the account exists.
 */

export type RecoveryTarget = { email: string } | { snils: string };

/** Letters per account per hour at most; more requests are answered the same and send nothing. */
const LETTERS_PER_HOUR = 5;

const codeSubject = (userId: string) => `recovery:${userId}`;

/** The account a recovery names, with the e-mail its letter goes to; null when there is none. */
async function findRecoverable(
  em: EntityManager,
  target: RecoveryTarget,
): Promise<{ user: User; email: string } | null> {
  let user: User | null;
  let email: string | null;
  if ('snils' in target) {
    const snils = normalizeSnils(target.snils.trim());
    if (!snils) throw invalidField('snils', 'СНИЛС указан с ошибкой: проверьте 11 цифр', 'invalid_snils');
    user = await em.findOne(User, { snils });
    email = user?.email ?? null;
  } else {
    const normalized = normalizeEmail(target.email);
    if (!normalized) throw invalidField('email', 'Введите адрес электронной почты', 'invalid_email');
    user = await em.findOne(User, { $or: [{ email: normalized }, { login: normalized }] });
    email = user ? (user.email ?? normalized) : null;
    if (!user) {
      // An employee's account: the e-mail their organization gave for them.
      const employee = await em.findOne(Employee, { email: normalized, userId: { $ne: null } });
      user = employee?.userId ? await em.findOne(User, employee.userId) : null;
      email = user ? normalized : null;
    }
  }
  if (!user || !email || user.status === 'disabled') return null;
  return { user, email };
}

const codeExpired = () =>
  new ApiError(410, 'code_expired', 'Код устарел или уже использован. Запросите восстановление заново.');
const tooManyAttempts = () =>
  new ApiError(410, 'too_many_attempts', 'Попытки ввода кода исчерпаны. Запросите восстановление заново.');

function checkNewPassword(password: string): void {
  const strength = checkPasswordStrength(password);
  if (!strength.ok) throw invalidField('password', strength.reason, 'weak_password');
}

/**
 * Sets a new password: ends every session (PASSWORD_CHANGE_ENDS_SESSIONS; all but `keepSessionId`
 * when the user changes it while logged in) and forgets login failures. Recovery by the letter
 * proves the e-mail, so an account still waiting for its confirmation becomes active too.
 */
export async function setNewPassword(
  { em, env, log }: ServiceDeps,
  userId: string,
  password: string,
  options: { keepSessionId?: string; emailProven?: boolean } = {},
): Promise<{ userId: string; login: string; sessionsEnded: number }> {
  const passwordHash = await hashPassword(password);
  const [user] = await em.execute<{ id: string; login: string }[]>(
    `update users set password_hash = ?, password_changed_at = now(), updated_at = now(),
       status = case when ? and status = 'pending_confirmation' then 'active' else status end,
       email_verified_at = case when ? then coalesce(email_verified_at, now()) else email_verified_at end
     where id = ? returning id, login`,
    [passwordHash, options.emailProven === true, options.emailProven === true, userId],
  );
  if (!user) throw codeExpired();
  let sessionsEnded = 0;
  if (env.PASSWORD_CHANGE_ENDS_SESSIONS) {
    const ended = await em.execute<{ id: string }[]>(
      `update sessions set revoked_at = now()
       where user_id = ? and revoked_at is null and id is distinct from ? returning id`,
      [userId, options.keepSessionId ?? null],
    );
    sessionsEnded = ended.length;
  }
  await clearFailures(em, loginThrottleKey(env.KABINET_SECRET, user.login));
  log.info({ userId, sessionsEnded }, 'password changed');
  return { userId: user.id, login: user.login, sessionsEnded };
}

export function createRecoveryService(deps: ServiceDeps) {
  const { em, env, log } = deps;
  const service = {
    /**
     * Checks the human check, then sends a recovery letter if the account exists (earlier codes stop
     * working); answers nothing either way. A bad e-mail or SNILS spelling is 422: that says nothing
     * about any account.
     */
    async request(input: RecoveryTarget & { humanCheck: HumanCheckAnswer }): Promise<void> {
      await verifyHumanAnswer(em, env.KABINET_SECRET, input.humanCheck);
      const target: RecoveryTarget = 'snils' in input ? { snils: input.snils } : { email: input.email };
      const found = await findRecoverable(em, target);
      if (!found) {
        log.info({ by: 'snils' in target ? 'snils' : 'email' }, 'recovery for no account');
        return;
      }
      const { user, email } = found;
      const [recent] = await em.execute<{ n: number }[]>(
        `select count(*)::int as n from recovery_codes where user_id = ? and created_at > now() - interval '1 hour'`,
        [user.id],
      );
      if ((recent?.n ?? 0) >= LETTERS_PER_HOUR) {
        log.warn({ userId: user.id }, 'recovery letters limit reached; not sent');
        return;
      }
      const code = generateVerificationCode();
      const linkToken = randomBytes(32).toString('base64url');
      await em.execute(
        `update recovery_codes set expires_at = now() where user_id = ? and used_at is null and expires_at > now()`,
        [user.id],
      );
      await em.execute(
        `insert into recovery_codes (id, user_id, code_hash, link_hash, expires_at)
         values (?, ?, ?, ?, now() + make_interval(secs => ?))`,
        [
          randomUUID(),
          user.id,
          hashVerificationCode(env.KABINET_SECRET, codeSubject(user.id), code),
          sha256(linkToken),
          env.RECOVERY_CODE_TTL / 1000,
        ],
      );
      const link = new URL('/recover/confirm', env.PUBLIC_URL);
      link.searchParams.set('token', linkToken);
      await queueMessage(outboxDeps(deps), {
        userId: user.id,
        kind: 'password_recovery',
        channel: 'email',
        to: email,
        template: 'password-recovery',
        data: {
          fullName: user.fullName ?? null,
          login: user.login,
          code,
          link: link.toString(),
          ttlMinutes: Math.round(env.RECOVERY_CODE_TTL / 60_000),
        },
        urgent: true,
        secret: true,
      });
      log.info({ userId: user.id }, 'recovery letter queued');
    },

    /**
     * The code from the letter and a new password. Wrong code → 422 `invalid_code` `{attemptsLeft}`;
     * no live code (never asked, used, expired, or the account does not exist) → 410 `code_expired`;
     * attempts used up → 410 `too_many_attempts`. Each try is counted by one conditional UPDATE, so
     * parallel guesses get no extra tries.
     */
    async confirmByCode(input: RecoveryTarget & { code: string; password: string }) {
      checkNewPassword(input.password);
      const found = await findRecoverable(em, input);
      if (!found) throw codeExpired();
      const max = env.RECOVERY_MAX_ATTEMPTS;
      const [latest] = await em.execute<{ id: string; code_hash: string; attempts: number; live: boolean }[]>(
        `select id, code_hash, attempts, (used_at is null and expires_at > now()) as live
         from recovery_codes where user_id = ? order by created_at desc limit 1`,
        [found.user.id],
      );
      if (!latest?.live) throw codeExpired();
      if (latest.attempts >= max) throw tooManyAttempts();
      const [counted] = await em.execute<{ attempts: number }[]>(
        `update recovery_codes set attempts = attempts + 1
         where id = ? and used_at is null and expires_at > now() and attempts < ? returning attempts`,
        [latest.id, max],
      );
      if (!counted) throw tooManyAttempts();
      const code = input.code.trim();
      const right =
        /^\d{6}$/.test(code) &&
        codesEqual(
          latest.code_hash,
          hashVerificationCode(env.KABINET_SECRET, codeSubject(found.user.id), code),
        );
      if (!right) {
        const attemptsLeft = max - counted.attempts;
        throw new ApiError(422, 'invalid_code', 'Неверный код', { field: 'code', attemptsLeft });
      }
      const [used] = await em.execute<{ id: string }[]>(
        `update recovery_codes set used_at = now() where id = ? and used_at is null returning id`,
        [latest.id],
      );
      if (!used) throw codeExpired();
      return setNewPassword(deps, found.user.id, input.password, { emailProven: true });
    },

    /** The link from the letter and a new password; an unknown, used or expired link → 410 `code_expired`. */
    async confirmByLink(input: { token: string; password: string }) {
      checkNewPassword(input.password);
      const [used] = await em.execute<{ user_id: string }[]>(
        `update recovery_codes set used_at = now()
         where link_hash = ? and used_at is null and expires_at > now() returning user_id`,
        [sha256(input.token)],
      );
      if (!used) throw codeExpired();
      return setNewPassword(deps, used.user_id, input.password, { emailProven: true });
    },

    /** The letter's link token, or its code with the e-mail or SNILS, and a new password. */
    async confirm(
      input: { token: string; password: string } | (RecoveryTarget & { code: string; password: string }),
    ): Promise<{ userId: string; login: string; sessionsEnded: number }> {
      return 'token' in input ? service.confirmByLink(input) : service.confirmByCode(input);
    },

    /** Whether a link from the letter can still be used (the page asks before showing its form). */
    async linkIsLive(token: string): Promise<boolean> {
      const [row] = await em.execute<{ ok: boolean }[]>(
        `select true as ok from recovery_codes where link_hash = ? and used_at is null and expires_at > now()`,
        [sha256(token)],
      );
      return Boolean(row);
    },
  };
  return service;
}
