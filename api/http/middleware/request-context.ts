import { createMiddleware } from 'hono/factory';
import { randomUUID } from 'node:crypto';
import type { ApiDeps, AppEnv } from '../context.ts';

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** Request id (echoed in X-Request-Id), a child logger, and a fresh EntityManager per request. */
export const requestContext = (deps: ApiDeps) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const incoming = c.req.header('x-request-id');
    const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    c.set('requestId', requestId);
    c.set('deps', deps);
    c.set('log', deps.logger.child({ requestId }));
    c.set('em', deps.orm.em.fork());
    c.header('X-Request-Id', requestId);
    const started = performance.now();
    await next();
    c.var.log.info(
      {
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: Math.round(performance.now() - started),
      },
      'request',
    );
  });
