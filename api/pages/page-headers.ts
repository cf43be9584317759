import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../context.ts';

// The pages need nothing but their own inline CSS and same-origin forms: no scripts, no frames.
const CONTENT_SECURITY_POLICY =
  "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/** Security and caching headers of every HTML page (set first, so error pages get them too). */
export const pageHeaders = createMiddleware<AppEnv>(async (c, next) => {
  c.header('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  c.header('X-Frame-Options', 'DENY');
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('Referrer-Policy', 'same-origin');
  // Pages carry the visitor's phone or session state: never kept by shared caches or the back button.
  c.header('Cache-Control', 'no-store');
  await next();
});
