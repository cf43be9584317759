import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../../domain/password-policy.ts';
import { type AppContext, serviceDeps } from '../http/context.ts';
import { ApiError } from '../http/errors.ts';
import { formBodyLimit, readForm } from '../http/pages/form.ts';
import { pageApp } from '../http/pages/page-app.ts';
import { renderPage } from '../http/pages/render.ts';
import { sameOrigin } from '../http/pages/same-origin.ts';
import { humanCheckForPage } from '../security/human-check.ts';
import { createRecoveryService } from './recovery-service.ts';
import { createSignUpService, type SignUpInput } from './sign-up-service.ts';

/**
 * Sign-up (education portal: /register; 1С:ИТС: /its/register), the confirmation link
 * (/register/confirm) and password recovery (/recover, /recover/confirm): plain forms, no JavaScript,
 * each problem shown next to its field. The same services as the API do the work.
 */

const MAX = {
  email: 320,
  password: 1000,
  passwordAgain: 1000,
  fullName: 300,
  snils: 40,
  login: 100,
  workplace: 300,
  city: 200,
  phone: 40,
  consent: 10,
  humanCheckToken: 500,
  humanCheckAnswer: 20,
  who: 320,
  code: 20,
  token: 200,
};

type Errors = Record<string, string>;

/** The fields an ApiError names, as messages for the form; null when it is not about the form. */
function fieldErrors(err: unknown): { errors: Errors; alert: string | null } | null {
  if (!(err instanceof ApiError)) return null;
  const details = err.details ?? {};
  if (Array.isArray(details.fields)) {
    const errors: Errors = {};
    for (const f of details.fields as { field: string; message: string }[]) errors[f.field] ??= f.message;
    return { errors, alert: null };
  }
  if (typeof details.field === 'string') return { errors: { [details.field]: err.message }, alert: null };
  if (err.status === 410 || err.status === 422) return { errors: {}, alert: err.message };
  return null;
}

const passwordBounds = {
  passwordMaxLength: PASSWORD_MAX_LENGTH,
  passwordHint: `Не короче ${PASSWORD_MIN_LENGTH} символов`,
};

const FIELDS = [
  'email',
  'password',
  'passwordAgain',
  'fullName',
  'snils',
  'login',
  'workplace',
  'city',
  'phone',
  'consent',
  'humanCheck',
  'who',
  'code',
] as const;

/** Every field has a value, an error (or null) and a focus flag: the templates are compiled strict. */
function formView(
  c: AppContext,
  values: Record<string, string>,
  errors: Errors = {},
  alert: string | null = null,
) {
  const focus = FIELDS.find((f) => errors[f]) ?? null;
  return {
    values: Object.fromEntries(FIELDS.map((f) => [f, values[f] ?? ''])),
    errors: Object.fromEntries(FIELDS.map((f) => [f, errors[f] ?? null])),
    autofocus: Object.fromEntries(FIELDS.map((f) => [f, f === focus])),
    alert: alert ? { message: alert, link: null } : null,
    humanCheck: humanCheckForPage(c),
    ...passwordBounds,
  };
}

const notice = (
  c: AppContext,
  title: string,
  message: string,
  link: { href: string; text: string } | null,
  status: ContentfulStatusCode = 200,
  success = true,
) => renderPage(c, 'account-notice', { title, message, link, success }, status);

const passwordsDiffer = { passwordAgain: 'Пароли не совпадают' };

async function register(c: AppContext, form: 'education' | 'its') {
  const template = form === 'its' ? 'its-register' : 'register';
  const f = await readForm(c, MAX);
  const values = {
    email: f.email,
    fullName: f.fullName,
    snils: f.snils,
    login: f.login,
    workplace: f.workplace,
    city: f.city,
    phone: f.phone,
    consent: f.consent ? 'on' : '',
  };
  if (f.password !== f.passwordAgain)
    return renderPage(c, template, formView(c, values, passwordsDiffer), 422);
  const humanCheck = { token: f.humanCheckToken, answer: f.humanCheckAnswer };
  const input: SignUpInput =
    form === 'its'
      ? {
          form,
          login: f.login,
          password: f.password,
          email: f.email,
          fullName: f.fullName,
          workplace: f.workplace,
          city: f.city,
          phone: f.phone,
          consent: f.consent === 'on',
          humanCheck,
        }
      : { form, email: f.email, password: f.password, fullName: f.fullName, snils: f.snils, humanCheck };
  try {
    const account = await createSignUpService(serviceDeps(c)).signUp(input);
    return notice(
      c,
      'Проверьте почту',
      `Мы отправили письмо на ${input.email.trim()}. Откройте ссылку из письма, чтобы подтвердить адрес и войти. Ваш логин: ${account.login}.`,
      null,
      201,
    );
  } catch (err) {
    const problem = fieldErrors(err);
    if (!problem || !(err instanceof ApiError)) throw err;
    return renderPage(c, template, formView(c, values, problem.errors, problem.alert), err.status);
  }
}

/** «E-mail или СНИЛС» in one field: an @ means an e-mail. */
const recoveryTarget = (who: string) => (who.includes('@') ? { email: who } : { snils: who });

export const signUpPages = pageApp()
  .get('/register', (c) => renderPage(c, 'register', formView(c, {})))
  .post('/register', sameOrigin, formBodyLimit, (c) => register(c, 'education'))
  .get('/its/register', (c) => renderPage(c, 'its-register', formView(c, {})))
  .post('/its/register', sameOrigin, formBodyLimit, (c) => register(c, 'its'))
  .get('/register/confirm', async (c) => {
    const token = (c.req.query('token') ?? '').slice(0, MAX.token);
    try {
      const account = await createSignUpService(serviceDeps(c)).confirmEmail(token);
      const href = `/login?${new URLSearchParams({ login: account.login }).toString()}`;
      return notice(c, 'Адрес подтверждён', `Регистрация завершена. Ваш логин: ${account.login}.`, {
        href,
        text: 'Войти',
      });
    } catch (err) {
      if (!(err instanceof ApiError) || err.status !== 410) throw err;
      return notice(
        c,
        'Ссылка устарела',
        err.message,
        { href: '/recover', text: 'Восстановить пароль' },
        410,
        false,
      );
    }
  })
  .get('/recover', (c) => renderPage(c, 'recover', formView(c, {})))
  .post('/recover', sameOrigin, formBodyLimit, async (c) => {
    const f = await readForm(c, MAX);
    const values = { who: f.who };
    try {
      await createRecoveryService(serviceDeps(c)).request({
        ...recoveryTarget(f.who.trim()),
        humanCheck: { token: f.humanCheckToken, answer: f.humanCheckAnswer },
      });
    } catch (err) {
      const problem = fieldErrors(err);
      if (!problem || !(err instanceof ApiError)) throw err;
      // The target's field (email or snils) is the one "who" field of the form.
      const errors: Errors = {};
      for (const [field, message] of Object.entries(problem.errors))
        errors[field === 'humanCheck' ? field : 'who'] = message;
      return renderPage(c, 'recover', formView(c, values, errors, problem.alert), err.status);
    }
    const href = `/recover/confirm?${new URLSearchParams({ who: f.who.trim() }).toString()}`;
    return renderPage(c, 'recover-sent', { href }, 202);
  })
  .get('/recover/confirm', async (c) => {
    const token = (c.req.query('token') ?? '').slice(0, MAX.token);
    if (token && !(await createRecoveryService(serviceDeps(c)).linkIsLive(token))) {
      return notice(
        c,
        'Ссылка устарела',
        'Ссылка устарела или уже использована. Запросите восстановление заново.',
        { href: '/recover', text: 'Восстановить пароль' },
        410,
        false,
      );
    }
    return renderPage(c, 'recover-confirm', {
      ...formView(c, { who: (c.req.query('who') ?? '').slice(0, MAX.who) }),
      token,
    });
  })
  .post('/recover/confirm', sameOrigin, formBodyLimit, async (c) => {
    const f = await readForm(c, MAX);
    const values = { who: f.who };
    const again = (errors: Errors, alert: string | null, status: ContentfulStatusCode) =>
      renderPage(c, 'recover-confirm', { ...formView(c, values, errors, alert), token: f.token }, status);
    if (f.password !== f.passwordAgain) return again(passwordsDiffer, null, 422);
    try {
      const result = await createRecoveryService(serviceDeps(c)).confirm(
        f.token
          ? { token: f.token, password: f.password }
          : { ...recoveryTarget(f.who.trim()), code: f.code, password: f.password },
      );
      const href = `/login?${new URLSearchParams({ login: result.login }).toString()}`;
      return notice(
        c,
        'Пароль изменён',
        `Новый пароль сохранён. Входите с логином ${result.login} и новым паролем.`,
        { href, text: 'Войти' },
      );
    } catch (err) {
      const problem = fieldErrors(err);
      if (!problem || !(err instanceof ApiError)) throw err;
      const errors: Errors = {};
      for (const [field, message] of Object.entries(problem.errors)) {
        errors[field === 'email' || field === 'snils' ? 'who' : field] = message;
      }
      if (err.code === 'invalid_code') {
        errors.code = `Неверный код. Осталось попыток: ${Number(err.details?.attemptsLeft ?? 0)}.`;
      }
      return again(errors, problem.alert, err.status);
    }
  });
