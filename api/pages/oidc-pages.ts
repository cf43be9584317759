import { Hono, type Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../http/context.ts';
import { ApiError } from '../http/errors.ts';
import { resolveActor } from '../http/middleware/auth.ts';
import { finishOidc, OidcRefusal, requireOidc, startOidc, type OidcMode } from '../oidc.ts';
import { pageHeaders } from '../http/pages/page-headers.ts';
import { renderErrorPage, renderPage } from '../http/pages/render.ts';

const TITLES: Record<string, string> = {
  no_account: 'Учётная запись не найдена',
  email_not_verified: 'Адрес почты не подтверждён',
  identity_conflict: 'Вход уже привязан',
  identity_linked_elsewhere: 'Вход уже привязан',
};

function refusalPage(c: Context<AppEnv>, refusal: OidcRefusal): Response {
  return renderPage(
    c,
    'oidc-refused',
    {
      title: TITLES[refusal.reason] ?? 'Вход не выполнен',
      message: refusal.message,
      register: refusal.reason === 'no_account',
    },
    refusal.status,
  );
}

/**
 * The browser side of external login: GET /auth/oidc/start?mode=login|link sends the browser to the
 * provider; GET /auth/oidc/callback comes back. Not configured (no OIDC_ISSUER): 404
 * `oidc_not_configured` as JSON, like an unknown route. Everything else answers with pages.
 */
export const oidcPages = new Hono<AppEnv>();
oidcPages.use(
  '/auth/oidc/*',
  createMiddleware<AppEnv>(async (c, next) => {
    requireOidc(c);
    await next();
  }),
);
oidcPages.use('/auth/oidc/*', pageHeaders);
oidcPages.use('/auth/oidc/*', resolveActor);

oidcPages.get('/auth/oidc/start', async (c) => {
  const mode = c.req.query('mode') ?? 'login';
  if (mode !== 'login' && mode !== 'link') {
    return renderErrorPage(c, 400, 'Неизвестный режим входа. Откройте страницу входа заново.');
  }
  try {
    return c.redirect(await startOidc(c, mode satisfies OidcMode), 302);
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) {
      return renderErrorPage(c, 401, 'Войдите в кабинет, чтобы привязать вход через внешний сервис.');
    }
    if (err instanceof ApiError && err.status === 503) {
      return renderErrorPage(c, 503, 'Сервис входа временно недоступен. Повторите попытку через минуту.');
    }
    throw err;
  }
});

oidcPages.get('/auth/oidc/callback', async (c) => {
  try {
    const outcome = await finishOidc(c);
    return c.redirect(outcome.kind === 'linked' ? '/cabinet?linked=1' : '/cabinet', 303);
  } catch (err) {
    if (err instanceof OidcRefusal) return refusalPage(c, err);
    if (err instanceof ApiError && err.status === 503) {
      return renderErrorPage(c, 503, 'Сервис входа временно недоступен. Повторите попытку через минуту.');
    }
    throw err;
  }
});
