import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv } from '../context.ts';
import { renderErrorPage } from './render.ts';

/** The pages' forms are a few short fields: anything bigger is not one of them. */
export const formBodyLimit = bodyLimit({
  maxSize: 16 * 1024,
  onError: (c) =>
    renderErrorPage(c as Context<AppEnv>, 413, 'Форма слишком большая. Откройте страницу заново.'),
});

/**
 * The posted form's text fields, each cut to its maximum length (a bound on hashing and
 * normalising work). A missing field, a file or a form in another encoding reads as ''.
 */
export async function readForm<K extends string>(
  c: Context<AppEnv>,
  maxLengths: Record<K, number>,
): Promise<Record<K, string>> {
  const body = await c.req.parseBody();
  const form = {} as Record<K, string>;
  for (const [name, max] of Object.entries(maxLengths) as [K, number][]) {
    const value = body[name];
    form[name] = typeof value === 'string' ? value.slice(0, max) : '';
  }
  return form;
}
