import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { renderTemplate } from '../../../templates/render.ts';
import type { AppEnv } from '../context.ts';

/** Renders `templates/pages/<name>.hbs` as the HTML response. */
export function renderPage(
  c: Context<AppEnv>,
  name: string,
  data: Record<string, unknown>,
  status: ContentfulStatusCode = 200,
): Response {
  return c.html(renderTemplate(`pages/${name}`, data), status);
}

const ERROR_TITLES: Partial<Record<number, string>> = {
  403: 'Запрос отклонён',
  404: 'Страница не найдена',
  413: 'Слишком большой запрос',
  429: 'Слишком много запросов',
  503: 'Сервис временно недоступен',
};

/** A page for what the visitor cannot fix in a form: a refused request, an internal error. */
export function renderErrorPage(c: Context<AppEnv>, status: ContentfulStatusCode, message: string): Response {
  return renderPage(c, 'error', { title: ERROR_TITLES[status] ?? 'Что-то пошло не так', message }, status);
}
