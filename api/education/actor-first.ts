import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../http/context.ts';
import { requireActor } from '../http/middleware/auth.ts';

/**
 * Anonymous callers of `path` (relative to the sub-app's prefix) get 401 before their body or ids
 * are validated, so they learn nothing of what a valid request looks like.
 */
export function actorFirst<T extends OpenAPIHono<AppEnv>>(app: T, path = '/*', method?: 'post'): T {
  if (method === 'post') app.post(path, requireActor);
  else app.use(path, requireActor);
  return app;
}
