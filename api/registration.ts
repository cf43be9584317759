import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { Context } from 'hono';
import { randomBytes, randomUUID } from 'node:crypto';
import { User } from '../db/entities/index.ts';
import { normalizeEmail } from '../domain/email.ts';
import { checkPasswordStrength } from '../domain/password-policy.ts';
import { normalizeMobilePhone } from '../domain/phone.ts';
import { normalizeSnils } from '../domain/snils.ts';
import type { AppEnv } from './http/context.ts';
import { ApiError } from './http/errors.ts';
import { type HumanCheckAnswer, verifyHumanCheck } from './security/human-check.ts';
import { queueMessage } from '../processes/outbox/queue.ts';
import { outboxDeps, serviceDeps } from './http/context.ts';
import { hashPassword } from './security/passwords.ts';
import { sha256 } from '../integrations/crypto/tokens.ts';

/**
 * Self-registration (PRODUCT.md §4): the education portal's form (e-mail is the login) and the
 * 1С:ИТС form (a login of one's own). The account waits in `pending_confirmation` until the link of
 * the confirmation letter is opened; until then it cannot log in.
 */

export type RegistrationInput =
  | {
      form: 'education';
      email: string;
      password: string;
      fullName: string;
      snils?: string | null;
      humanCheck: HumanCheckAnswer;
    }
  | {
      form: 'its';
      login: string;
      password: string;
      email: string;
      fullName: string;
      workplace?: string | null;
      city: string;
      phone: string;
      consent: boolean;
      humanCheck: HumanCheckAnswer;
    };

export type RegistrationField =
  | 'email'
  | 'password'
  | 'fullName'
  | 'snils'
  | 'login'
  | 'workplace'
  | 'city'
  | 'phone'
  | 'consent'
  | 'humanCheck';

interface FieldProblem {
  field: RegistrationField;
  message: string;
}

/** A chosen login: Latin letters, digits, dot, hyphen, underscore; 3–64; stored lower-cased. */
const LOGIN_PATTERN = /^[a-z0-9][a-z0-9._-]{2,63}$/;
/** Any phone a person types: digits with the usual separators, 10–15 digits (mobile or landline). */
const PHONE_PATTERN = /^\+?[\d\s()-]{6,30}$/;

const text = (value: string | null | undefined): string => (value ?? '').trim().replace(/\s+/g, ' ');

interface Normalized {
  portal: 'education' | 'its';
  login: string;
  email: string;
  passwordHash?: string;
  fullName: string;
  phone: string | null;
  snils: string | null;
  profile: Record<string, unknown>;
}

/** Checks every field at once (a form shows all its problems together); 422 naming each field. */
export function validateRegistration(input: RegistrationInput): Omit<Normalized, 'passwordHash'> {
  const problems: FieldProblem[] = [];
  const email = normalizeEmail(input.email ?? '');
  if (!email)
    problems.push({ field: 'email', message: 'Введите адрес электронной почты, например ivanov@mail.ru' });
  const strength = checkPasswordStrength(input.password ?? '');
  if (!strength.ok) problems.push({ field: 'password', message: strength.reason });
  const fullName = text(input.fullName);
  if (fullName.length < 2 || fullName.length > 200) {
    problems.push({ field: 'fullName', message: 'Введите фамилию, имя и отчество' });
  }
  let login = email ?? '';
  let snils: string | null = null;
  let phone: string | null = null;
  const profile: Record<string, unknown> = {};

  if (input.form === 'education') {
    if (text(input.snils) !== '') {
      snils = normalizeSnils(text(input.snils));
      if (!snils) problems.push({ field: 'snils', message: 'СНИЛС указан с ошибкой: проверьте 11 цифр' });
    }
  } else {
    login = text(input.login).toLowerCase();
    if (!LOGIN_PATTERN.test(login)) {
      problems.push({
        field: 'login',
        message: 'Логин: от 3 до 64 латинских букв, цифр, точек, дефисов и подчёркиваний',
      });
    } else if (normalizeMobilePhone(login)) {
      problems.push({ field: 'login', message: 'Логин не может быть номером телефона' });
    }
    const workplace = text(input.workplace);
    if (workplace.length > 200) problems.push({ field: 'workplace', message: 'Не длиннее 200 символов' });
    const city = text(input.city);
    if (city.length < 2 || city.length > 100) problems.push({ field: 'city', message: 'Укажите город' });
    const typedPhone = text(input.phone);
    const digits = typedPhone.replace(/\D/g, '').length;
    phone =
      normalizeMobilePhone(typedPhone) ??
      (PHONE_PATTERN.test(typedPhone) && digits >= 10 && digits <= 15 ? typedPhone : null);
    if (!phone) problems.push({ field: 'phone', message: 'Укажите телефон, например +7 916 123-45-67' });
    if (input.consent !== true) {
      problems.push({ field: 'consent', message: 'Нужно согласие с пользовательским соглашением' });
    }
    Object.assign(profile, { workplace: workplace || null, city, consentAt: new Date().toISOString() });
  }
  if (problems.length > 0) {
    throw new ApiError(422, 'validation_failed', problems[0]!.message, { fields: problems });
  }
  return { portal: input.form, login, email: email!, fullName, phone, snils, profile };
}

const taken = (field: 'email' | 'login' | 'snils') =>
  new ApiError(
    409,
    `${field}_taken`,
    {
      email: 'Этот адрес электронной почты уже зарегистрирован. Войдите или восстановите пароль.',
      login: 'Этот логин уже занят. Придумайте другой.',
      snils: 'Учётная запись с этим СНИЛС уже есть. Войдите или восстановите пароль.',
    }[field],
    { field },
  );

/** The confirmation letter's link: a random token whose SHA-256 is kept for EMAIL_CONFIRMATION_TTL. */
async function sendConfirmation(c: Context<AppEnv>, user: User): Promise<void> {
  const { em, deps } = c.var;
  const token = randomBytes(32).toString('base64url');
  const ttlMs = deps.env.EMAIL_CONFIRMATION_TTL;
  await em.execute(
    `insert into email_confirmations (token_hash, user_id, expires_at) values (?, ?, now() + make_interval(secs => ?))`,
    [sha256(token), user.id, ttlMs / 1000],
  );
  const link = new URL('/register/confirm', deps.env.PUBLIC_URL);
  link.searchParams.set('token', token);
  await queueMessage(outboxDeps(serviceDeps(c)), {
    userId: user.id,
    kind: 'registration_confirmation',
    channel: 'email',
    to: user.email!,
    template: 'registration-confirmation',
    data: {
      fullName: user.fullName,
      login: user.login,
      showLogin: user.portal === 'education',
      portalName: user.portal === 'its' ? '1С:ИТС' : 'образовательный портал',
      link: link.toString(),
      ttlHours: Math.round(ttlMs / 3600_000),
    },
    urgent: true,
    secret: true,
  });
}

/**
 * Registers an account: 201 `{userId, login, status: 'pending_confirmation'}` and a confirmation
 * letter. The fields are checked first, then the human check (used up either way), then whether
 * the e-mail, login or SNILS is free (409 naming the field).
 */
export async function registerAccount(c: Context<AppEnv>, input: RegistrationInput) {
  const { em } = c.var;
  const account = validateRegistration(input);
  await verifyHumanCheck(c, input.humanCheck);

  const existing = await em.find(
    User,
    {
      $or: [
        { email: account.email },
        { login: { $in: [account.login, account.email] } },
        ...(account.snils ? [{ snils: account.snils }] : []),
      ],
    },
    { fields: ['id', 'email', 'login', 'snils'] },
  );
  if (existing.some((u) => u.email === account.email || u.login === account.email)) throw taken('email');
  if (existing.some((u) => u.login === account.login)) throw taken('login');
  if (account.snils && existing.some((u) => u.snils === account.snils)) throw taken('snils');

  const user = em.create(User, {
    id: randomUUID(),
    login: account.login,
    passwordHash: await hashPassword(input.password),
    email: account.email,
    fullName: account.fullName,
    phone: account.phone,
    snils: account.snils,
    portal: account.portal,
    status: 'pending_confirmation',
    profile: account.profile,
    passwordChangedAt: new Date(),
  });
  try {
    await em.flush();
  } catch (err) {
    // Two registrations of the same address at once: the second one meets the unique index.
    if (!(err instanceof UniqueConstraintViolationException)) throw err;
    const message = String(err.message);
    throw taken(message.includes('snils') ? 'snils' : message.includes('users_login') ? 'login' : 'email');
  }
  await sendConfirmation(c, user);
  c.var.log.info({ userId: user.id, portal: user.portal }, 'account registered');
  return { userId: user.id, login: user.login, status: 'pending_confirmation' as const };
}

export const confirmationExpired = () =>
  new ApiError(
    410,
    'confirmation_expired',
    'Ссылка для подтверждения устарела или неверна. Зарегистрируйтесь заново или восстановите пароль.',
  );

/**
 * Opens the confirmation link: the account becomes active and its e-mail verified. Opening the same
 * link again after that answers the same; an unknown or expired link is 410 `confirmation_expired`.
 */
export async function confirmEmail(c: Context<AppEnv>, token: string) {
  const { em } = c.var;
  const tokenHash = sha256(token);
  const [used] = await em.execute<{ user_id: string }[]>(
    `update email_confirmations set used_at = coalesce(used_at, now())
     where token_hash = ? and (used_at is not null or expires_at > now())
     returning user_id`,
    [tokenHash],
  );
  if (!used) throw confirmationExpired();
  const [user] = await em.execute<{ id: string; login: string; status: string }[]>(
    `update users set
       status = case when status = 'pending_confirmation' then 'active' else status end,
       email_verified_at = coalesce(email_verified_at, now()),
       updated_at = now()
     where id = ? returning id, login, status`,
    [used.user_id],
  );
  if (!user) throw confirmationExpired();
  c.var.log.info({ userId: user.id }, 'e-mail confirmed');
  return { userId: user.id, login: user.login, status: user.status };
}
