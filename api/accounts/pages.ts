import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import type { AppContext, AppEnv } from '../http/context.ts';
import { requestOrigin, serviceDeps } from '../http/context.ts';
import { handleError } from '../http/error-handler.ts';
import { ApiError } from '../http/errors.ts';
import { resolveActor } from '../http/middleware/auth.ts';
import { formBodyLimit, readForm } from '../http/pages/form.ts';
import { pageApp } from '../http/pages/page-app.ts';
import { renderErrorPage, renderPage } from '../http/pages/render.ts';
import { sameOrigin } from '../http/pages/same-origin.ts';
import {
  createExternalLoginService,
  OIDC_STATE_TTL_MS,
  OidcRefusal,
  type OidcMode,
} from './external-login-service.ts';
import { createLoginService } from './login-service.ts';
import { externalLoginLink, oidcNotConfigured, oidcSettings } from './oidc-provider.ts';
import { createProfileService } from './profile-service.ts';
import { clearSessionCookie, setSessionCookie } from './session-cookie.ts';
import { signUpPages } from './sign-up-pages.ts';

// The same bounds as POST /v1/auth/login.
const MAX_LENGTHS = { login: 320, password: 1000 };

const loginView = (c: AppContext, login: string, error: string | null = null) => ({
  login,
  alert: error ? { message: error, link: null } : null,
  externalLogin: externalLoginLink(c.var.deps.env),
});

/** GET/POST /login: phone or e-mail and password; success opens a session (cookie) and goes to /cabinet. */
const loginPages = pageApp()
  .get('/login', (c) =>
    renderPage(c, 'login', loginView(c, (c.req.query('login') ?? '').slice(0, MAX_LENGTHS.login))),
  )
  .post('/login', sameOrigin, formBodyLimit, async (c) => {
    const { login, password } = await readForm(c, MAX_LENGTHS);
    try {
      setSessionCookie(
        c,
        await createLoginService(serviceDeps(c)).logIn({ login, password }, requestOrigin(c)),
      );
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

/** GET /cabinet for a logged-in user, POST /logout to end the session; anonymous visitors go to /login. */
const cabinetPages = pageApp()
  .get('/cabinet', resolveActor, async (c) => {
    // resolveActor ignores a cookie whose session ended: the visitor is then anonymous.
    const user = await createProfileService(serviceDeps(c)).cabinetUser(c.var.actor);
    if (!user) return c.redirect('/login', 303);
    return renderPage(c, 'cabinet', {
      login: user.login,
      externalLogin: externalLoginLink(c.var.deps.env),
      linked: c.req.query('linked') === '1',
    });
  })
  .post('/logout', sameOrigin, resolveActor, async (c) => {
    // As POST /v1/auth/logout: the session ends on the server, not only in this browser.
    if (c.var.actor?.kind === 'user') await createLoginService(serviceDeps(c)).logOut(c.var.actor);
    clearSessionCookie(c);
    return c.redirect('/login', 303);
  });

// The external login's request is bound to the browser that started it by this short cookie.
const STATE_COOKIE = 'kabinet_oidc';
const STATE_COOKIE_PATH = '/auth/oidc';

const TITLES: Record<string, string> = {
  no_account: 'Учётная запись не найдена',
  email_not_verified: 'Адрес почты не подтверждён',
  identity_conflict: 'Вход уже привязан',
  identity_linked_elsewhere: 'Вход уже привязан',
};

const unavailable = (c: AppContext) =>
  renderErrorPage(c, 503, 'Сервис входа временно недоступен. Повторите попытку через минуту.');

/**
 * The browser side of external login: GET /auth/oidc/start?mode=login|link sends the browser to the
 * provider; GET /auth/oidc/callback comes back. Not configured (no OIDC_ISSUER): 404
 * `oidc_not_configured` as JSON, like an unknown route. Everything else answers with pages.
 */
const oidcPages = pageApp()
  .use(
    '/auth/oidc/*',
    createMiddleware<AppEnv>(async (c, next) => {
      if (!oidcSettings(c.var.deps.env)) return handleError(oidcNotConfigured(), c);
      await next();
    }),
  )
  .use('/auth/oidc/*', resolveActor)
  .get('/auth/oidc/start', async (c) => {
    const mode = c.req.query('mode') ?? 'login';
    if (mode !== 'login' && mode !== 'link') {
      return renderErrorPage(c, 400, 'Неизвестный режим входа. Откройте страницу входа заново.');
    }
    try {
      const { url, state } = await createExternalLoginService(serviceDeps(c)).start(
        c.var.actor,
        mode satisfies OidcMode,
      );
      setCookie(c, STATE_COOKIE, state, {
        httpOnly: true,
        sameSite: 'Lax',
        path: STATE_COOKIE_PATH,
        secure: c.var.deps.env.PUBLIC_URL.startsWith('https:'),
        maxAge: OIDC_STATE_TTL_MS / 1000,
      });
      return c.redirect(url, 302);
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) {
        return renderErrorPage(c, 401, 'Войдите в кабинет, чтобы привязать вход через внешний сервис.');
      }
      if (err instanceof ApiError && err.status === 503) return unavailable(c);
      throw err;
    }
  })
  .get('/auth/oidc/callback', async (c) => {
    const browserState = getCookie(c, STATE_COOKIE);
    deleteCookie(c, STATE_COOKIE, { path: STATE_COOKIE_PATH });
    try {
      const outcome = await createExternalLoginService(serviceDeps(c)).finish(
        c.var.actor,
        { url: new URL(c.req.url), browserState },
        requestOrigin(c),
      );
      if (outcome.kind === 'linked') return c.redirect('/cabinet?linked=1', 303);
      setSessionCookie(c, outcome.session);
      return c.redirect('/cabinet', 303);
    } catch (err) {
      if (err instanceof OidcRefusal) {
        return renderPage(
          c,
          'oidc-refused',
          {
            title: TITLES[err.reason] ?? 'Вход не выполнен',
            message: err.message,
            register: err.reason === 'no_account',
          },
          err.status,
        );
      }
      if (err instanceof ApiError && err.status === 503) return unavailable(c);
      throw err;
    }
  });

/** Every page of the accounts area: login, cabinet, external login, sign-up and recovery. */
export const accountPages = pageApp()
  .route('/', loginPages)
  .route('/', cabinetPages)
  .route('/', oidcPages)
  .route('/', signUpPages);
