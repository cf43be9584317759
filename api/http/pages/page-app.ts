import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AppContext, AppEnv } from '../context.ts';
import { ApiError } from '../errors.ts';
import { renderErrorPage } from './render.ts';

const MESSAGES: Partial<Record<number, string>> = {
  413: 'Форма слишком большая. Откройте страницу заново.',
  429: 'Слишком много запросов. Повторите позже.',
  503: 'Сервис временно недоступен. Повторите попытку через минуту.',
};

/** Errors of the pages are pages too, never the API's JSON; internal details stay in the log. */
function handlePageError(err: Error, c: AppContext): Response {
  if (err instanceof ApiError || err instanceof HTTPException) {
    if (err.status >= 500) c.var.log.warn({ err }, 'page unavailable');
    if (err instanceof ApiError)
      for (const [name, value] of Object.entries(err.headers ?? {})) c.header(name, value);
    const message =
      MESSAGES[err.status] ?? 'Запрос не удалось обработать. Откройте страницу заново и повторите.';
    return renderErrorPage(c, err.status, message);
  }
  c.var.log.error({ err }, 'page failed');
  return renderErrorPage(c, 500, 'Что-то пошло не так. Повторите попытку позже.');
}

/**
 * The server-rendered pages of one area: plain HTML forms that work without JavaScript, not part of
 * the JSON API (so not in the OpenAPI document). Mounted at '/' by the app; their errors are pages.
 */
export const pageApp = () => new Hono<AppEnv>().onError(handlePageError);
