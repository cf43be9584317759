import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../../domain/password-policy.ts';
import { requestOrigin, serviceDeps } from '../http/context.ts';
import { ApiError } from '../http/errors.ts';
import { formBodyLimit, readForm } from '../http/pages/form.ts';
import { pageApp } from '../http/pages/page-app.ts';
import { renderPage } from '../http/pages/render.ts';
import { sameOrigin } from '../http/pages/same-origin.ts';
import { type ActivationField, type ActivationProblem, activationProblem } from './activation-messages.ts';
import { createActivationService } from './activation-service.ts';

const FIELDS: ActivationField[] = ['phone', 'code', 'password', 'passwordAgain'];
// The same bounds as POST /v1/activation.
const MAX_LENGTHS = { phone: 40, code: 20, password: 1000, passwordAgain: 1000 };

const loginHref = (login: string) => `/login?${new URLSearchParams({ login }).toString()}`;

/**
 * The form's data. Only the phone is ever put back: the code and the passwords are typed again.
 * The field in trouble gets the focus; otherwise the first one still to fill in.
 */
function formView(phone: string, problem?: ActivationProblem) {
  const fieldProblem = problem && 'field' in problem ? problem : undefined;
  const focus = fieldProblem?.field ?? (phone ? 'code' : 'phone');
  const alert =
    problem && 'alert' in problem
      ? { message: problem.alert, link: problem.loginLink ? { href: loginHref(phone), text: 'Войти' } : null }
      : null;
  return {
    phone,
    errors: Object.fromEntries(
      FIELDS.map((f) => [f, f === fieldProblem?.field ? fieldProblem.message : null]),
    ),
    autofocus: Object.fromEntries(FIELDS.map((f) => [f, f === focus])),
    alert,
    loginHref: loginHref(phone),
    passwordMinLength: PASSWORD_MIN_LENGTH,
    passwordMaxLength: PASSWORD_MAX_LENGTH,
  };
}

/** GET/POST /activate: the employee's first visit, with the code from the invitation SMS. Mounted at '/'. */
export const invitationPages = pageApp()
  .get('/activate', (c) => renderPage(c, 'activate', formView((c.req.query('phone') ?? '').slice(0, 40))))
  .post('/activate', sameOrigin, formBodyLimit, async (c) => {
    const form = await readForm(c, MAX_LENGTHS);
    // Checked here, before any attempt is spent: a typo in the repeat is not a wrong code.
    if (form.password !== form.passwordAgain) {
      return renderPage(
        c,
        'activate',
        formView(form.phone, { field: 'passwordAgain', message: 'Пароли не совпадают' }),
        422,
      );
    }
    try {
      const { phone, code, password } = form;
      const account = await createActivationService(serviceDeps(c)).activate(
        { phone, code, password },
        requestOrigin(c),
      );
      return renderPage(c, 'activated', { login: account.login, loginHref: loginHref(account.login) });
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      const problem = activationProblem(err);
      if (!problem) throw err;
      for (const [name, value] of Object.entries(err.headers ?? {})) c.header(name, value);
      return renderPage(c, 'activate', formView(form.phone, problem), err.status);
    }
  });
