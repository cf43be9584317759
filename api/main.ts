import { serve } from '@hono/node-server';
import { Client, Connection } from '@temporalio/client';
import { loadEnv } from '../config/env.ts';
import { createLogger } from '../config/logger.ts';
import { openOrm } from '../db/orm.ts';
import { dataConverterFor } from '../integrations/temporal/data-converter.ts';
import { temporalConnectionOptions } from '../integrations/temporal/connection.ts';
import { createApp } from './app.ts';

const env = loadEnv();
const logger = createLogger(env.LOG_LEVEL, 'api');
const orm = await openOrm(env.DATABASE_URL);
const connection = await Connection.connect(temporalConnectionOptions(env));
const temporal = new Client({ connection, namespace: env.TEMPORAL_NAMESPACE, ...dataConverterFor(env) });
const app = createApp({ orm, temporal, logger, env });

const server = serve({ fetch: app.fetch, port: env.PORT, hostname: '0.0.0.0' }, (info) => {
  logger.info({ port: info.port, docs: `${env.PUBLIC_URL}/docs` }, 'api listening');
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    logger.info({ signal }, 'api shutting down');
    server.close(() => {
      void Promise.allSettled([connection.close(), orm.close()]).then(() => process.exit(0));
    });
  });
}
