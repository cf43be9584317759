import { Hono, type Context } from 'hono';
import type { AppEnv } from '../http/context.ts';
import { ApiError } from '../http/errors.ts';
import { logIn } from '../login.ts';
import { externalLoginLink } from '../oidc.ts';
import { formBodyLimit, readForm } from '../http/pages/form.ts';
import { renderPage } from '../http/pages/render.ts';
import { sameOrigin } from '../http/pages/same-origin.ts';

// The same bounds as POST /v1/auth/login.
const MAX_LENGTHS = { login: 320, password: 1000 };

const loginView = (c: Context<AppEnv>, login: string, error: string | null = null) => ({
  login,
  alert: error ? { message: error, link: null } : null,
  externalLogin: externalLoginLink(c),
});

/** GET/POST /login: phone or e-mail and password; success opens a session (cookie) and goes to /cabinet. */
export const loginPage = new Hono<AppEnv>()
  .get('/login', (c) =>
    renderPage(c, 'login', loginView(c, (c.req.query('login') ?? '').slice(0, MAX_LENGTHS.login))),
  )
  .post('/login', sameOrigin, formBodyLimit, async (c) => {
    const { login, password } = await readForm(c, MAX_LENGTHS);
    try {
      await logIn(c, login, password);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      // One message for an unknown login and a wrong password: nothing tells which one it was.
      if (err.code === 'invalid_credentials') {
        return renderPage(c, 'login', loginView(c, login, 'Неправильный логин или пароль'), 401);
      }
      if (err.code === 'account_locked') {
        const seconds = Number(err.headers?.['Retry-After'] ?? 60);
        c.header('Retry-After', String(seconds));
        const message = `Слишком много неудачных попыток входа. Попробуйте снова через ${Math.max(1, Math.ceil(seconds / 60))} мин.`;
        return renderPage(c, 'login', loginView(c, login, message), 429);
      }
      if (err.code === 'email_not_confirmed' || err.code === 'account_disabled') {
        return renderPage(c, 'login', loginView(c, login, err.message), 403);
      }
      throw err;
    }
    return c.redirect('/cabinet', 303);
  });
