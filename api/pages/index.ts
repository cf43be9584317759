import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AppEnv } from '../context.ts';
import { ApiError } from '../errors.ts';
import { accountPages } from './account-pages.ts';
import { activationPage } from './activation-page.ts';
import { adminNotificationsPage } from './admin-notifications-page.ts';
import { applicationPage } from './application-page.ts';
import { cabinetPage } from './cabinet-page.ts';
import { loginPage } from './login-page.ts';
import { newsPage } from './news-page.ts';
import { itsProductsPage } from './its-products-page.ts';
import { payslipPages } from './payslip-pages.ts';
import { pageHeaders } from './page-headers.ts';
import { renderErrorPage } from './render-page.ts';

const PAGE_PATHS = [
  '/activate',
  '/login',
  '/cabinet',
  '/logout',
  '/admin/notifications',
  '/news',
  '/news/confirm',
  '/news/unsubscribe',
  '/its/products',
];

const MESSAGES: Partial<Record<number, string>> = {
  413: 'Форма слишком большая. Откройте страницу заново.',
  429: 'Слишком много запросов. Повторите позже.',
  503: 'Сервис временно недоступен. Повторите попытку через минуту.',
};

/** Errors of the pages are pages too, never the API's JSON; internal details stay in the log. */
function handlePageError(err: Error, c: Context<AppEnv>): Response {
  if (err instanceof ApiError || err instanceof HTTPException) {
    if (err.status >= 500) c.var.log.warn({ err }, 'page unavailable');
    const message =
      MESSAGES[err.status] ?? 'Запрос не удалось обработать. Откройте страницу заново и повторите.';
    return renderErrorPage(c, err.status, message);
  }
  c.var.log.error({ err }, 'page failed');
  return renderErrorPage(c, 500, 'Что-то пошло не так. Повторите попытку позже.');
}

/**
 * The server-rendered pages (activation, login, cabinet): plain HTML forms that work without
 * JavaScript. Not part of the JSON API, so not in the OpenAPI document.
 */
export const pageRoutes = new Hono<AppEnv>();
pageRoutes.onError(handlePageError);
// Scoped to the page paths: a '*' middleware here would also run for the whole API once mounted.
for (const path of PAGE_PATHS) pageRoutes.use(path, pageHeaders);
// Registration and recovery (api/pages/account-pages.ts).
for (const path of ['/register', '/its/register', '/register/confirm', '/recover', '/recover/confirm']) {
  pageRoutes.use(path, pageHeaders);
}
pageRoutes
  .route('/', activationPage)
  .route('/', loginPage)
  .route('/', accountPages)
  .route('/', cabinetPage)
  .route('/', applicationPage)
  .route('/', newsPage)
  .route('/', itsProductsPage)
  .route('/', payslipPages)
  .route('/', adminNotificationsPage);
