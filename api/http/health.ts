import { Hono } from 'hono';
import type { AppEnv } from './context.ts';

const withTimeout = <T>(promise: Promise<T>, ms: number) =>
  Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref())]);

export const healthRoutes = new Hono<AppEnv>()
  .get('/healthz', (c) => c.json({ status: 'ok' }))
  .get('/readyz', async (c) => {
    const { orm, temporal, env } = c.var.deps;
    const [database, temporalCheck] = await Promise.allSettled([
      withTimeout(orm.em.fork().execute('select 1'), 2000),
      withTimeout(temporal.workflowService.describeNamespace({ namespace: env.TEMPORAL_NAMESPACE }), 2000),
    ]);
    const checks = {
      database: database.status === 'fulfilled' ? 'ok' : 'unreachable',
      temporal: temporalCheck.status === 'fulfilled' ? 'ok' : 'unreachable',
    };
    const ready = Object.values(checks).every((v) => v === 'ok');
    return c.json({ status: ready ? 'ready' : 'not_ready', checks }, ready ? 200 : 503);
  });
