import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../context.ts';
import { renderErrorPage } from './render.ts';

/**
 * Refuses cross-site form posts (CSRF). Browsers send Origin with every POST; it must be this server
 * as the request reached it, or PUBLIC_URL (behind a proxy the request URL is the internal one).
 * The session cookie is SameSite=Lax as a second line.
 */
export const sameOrigin = createMiddleware<AppEnv>(async (c, next) => {
  const origin = c.req.header('origin');
  if (origin !== undefined) {
    const allowed = [new URL(c.req.url).origin, new URL(c.var.deps.env.PUBLIC_URL).origin];
    if (!allowed.includes(origin)) {
      c.var.log.warn({ origin }, 'cross-origin form post refused');
      return renderErrorPage(
        c,
        403,
        'Форма отправлена с другого сайта. Откройте страницу заново и повторите.',
      );
    }
  }
  await next();
});
