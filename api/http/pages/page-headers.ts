import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../context.ts';

// The pages need nothing but their own inline CSS and same-origin forms: no scripts, no frames.
const CONTENT_SECURITY_POLICY =
  "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/**
 * Security and caching headers of every HTML answer, error pages included, wherever its route lives.
 * A page that needs another policy (the API docs) sets its own first.
 */
export const pageHeaders = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  if (!c.res.headers.get('content-type')?.startsWith('text/html')) return;
  const headers = c.res.headers;
  if (!headers.has('Content-Security-Policy'))
    headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  headers.set('X-Frame-Options', 'DENY');
  headers.set('X-Content-Type-Options', 'nosniff');
  headers.set('Referrer-Policy', 'same-origin');
  // Pages carry the visitor's phone or session state: never kept by shared caches or the back button.
  headers.set('Cache-Control', 'no-store');
});
