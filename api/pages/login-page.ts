import { Hono } from 'hono';
import type { AppEnv } from '../context.ts';
import { ApiError } from '../errors.ts';
import { logIn } from '../login.ts';
import { formBodyLimit, readForm } from './form.ts';
import { renderPage } from './render-page.ts';
import { sameOrigin } from './same-origin.ts';

// The same bounds as POST /v1/auth/login.
const MAX_LENGTHS = { login: 320, password: 1000 };

const loginView = (login: string, error: string | null = null) => ({
  login,
  alert: error ? { message: error, link: null } : null,
});

/** GET/POST /login: phone or e-mail and password; success opens a session (cookie) and goes to /cabinet. */
export const loginPage = new Hono<AppEnv>()
  .get('/login', (c) =>
    renderPage(c, 'login', loginView((c.req.query('login') ?? '').slice(0, MAX_LENGTHS.login))),
  )
  .post('/login', sameOrigin, formBodyLimit, async (c) => {
    const { login, password } = await readForm(c, MAX_LENGTHS);
    try {
      await logIn(c, login, password);
    } catch (err) {
      if (!(err instanceof ApiError) || err.code !== 'invalid_credentials') throw err;
      // One message for an unknown login and a wrong password: nothing tells which one it was.
      return renderPage(c, 'login', loginView(login, 'Неправильный логин или пароль'), 401);
    }
    return c.redirect('/cabinet', 303);
  });
