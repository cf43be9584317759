import { normalizeEmail } from './email.ts';
import { checkPasswordStrength } from './password-policy.ts';
import { normalizeMobilePhone } from './phone.ts';
import { normalizeSnils } from './snils.ts';

/**
 * The fields of a sign-up form (PRODUCT.md §4): the education portal's (the e-mail is the login) and
 * the 1С:ИТС form's (a login of one's own). Every field is checked at once, so a form shows all its
 * problems together.
 */

export type SignUpForm =
  | { form: 'education'; email: string; password: string; fullName: string; snils?: string | null }
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
    };

export type SignUpField =
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

export interface SignUpProblem {
  field: SignUpField;
  message: string;
}

/** The account a valid form describes, normalised. */
export interface SignUpAccount {
  portal: 'education' | 'its';
  login: string;
  email: string;
  fullName: string;
  phone: string | null;
  snils: string | null;
  profile: Record<string, unknown>;
}

export type SignUpCheck = { ok: true; account: SignUpAccount } | { ok: false; problems: SignUpProblem[] };

/** A chosen login: Latin letters, digits, dot, hyphen, underscore; 3–64; stored lower-cased. */
const LOGIN_PATTERN = /^[a-z0-9][a-z0-9._-]{2,63}$/;
/** Any phone a person types: digits with the usual separators, 10–15 digits (mobile or landline). */
const PHONE_PATTERN = /^\+?[\d\s()-]{6,30}$/;

const text = (value: string | null | undefined): string => (value ?? '').trim().replace(/\s+/g, ' ');

/** Checks every field of the form; `now` stamps the 1С:ИТС consent. */
export function checkSignUp(input: SignUpForm, now: Date): SignUpCheck {
  const problems: SignUpProblem[] = [];
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
    Object.assign(profile, { workplace: workplace || null, city, consentAt: now.toISOString() });
  }
  if (problems.length > 0 || !email) return { ok: false, problems };
  return { ok: true, account: { portal: input.form, login, email, fullName, phone, snils, profile } };
}
