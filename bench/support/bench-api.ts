// The API inside the bench process, configured as test/support/system.ts configures it.
import { serve, type ServerType } from '@hono/node-server';
import { Client, Connection } from '@temporalio/client';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../api/app.ts';
import { envWith } from '../../config/env.ts';
import { createLogger } from '../../config/logger.ts';
import { openOrm } from '../../db/orm.ts';
import type { Cleanup } from './cleanup.ts';
import { jsonApi } from './organization.ts';

export async function startBenchApi(opts: {
  databaseUrl: string;
  temporalAddress: string;
  taskQueue: string;
  operatorToken: string;
  secret: string;
  cleanup: Cleanup;
}) {
  const { cleanup } = opts;
  const orm = await openOrm(opts.databaseUrl);
  cleanup.defer('the API database pool', () => orm.close());
  const connection = await Connection.connect({ address: opts.temporalAddress });
  cleanup.defer('the API Temporal client', () => connection.close());
  const app = createApp({
    orm,
    temporal: new Client({ connection, namespace: 'default' }),
    logger: createLogger('silent', 'api'),
    env: envWith({
      DATABASE_URL: opts.databaseUrl,
      KABINET_OPERATOR_TOKEN: opts.operatorToken,
      KABINET_SECRET: opts.secret,
      TEMPORAL_TASK_QUEUE: opts.taskQueue,
      TEMPORAL_NAMESPACE: 'default',
      TEMPORAL_UI_URL: 'http://127.0.0.1:8233',
      SERVICE_URL_TEMPLATE: 'http://localhost:3000/s/{slug}',
      TRIAL_DURATION: 45 * 24 * 3600_000,
      INVITATION_CODE_TTL: 24 * 3600_000,
      ACTIVATION_MAX_ATTEMPTS: 5,
      SESSION_TTL: 3600_000,
      PUBLIC_URL: 'http://localhost:3000',
      ACTIVATION_RATE_LIMIT: 30,
      ACTIVATION_RATE_WINDOW: 600_000,
      RESEND_COOLDOWN: 60_000,
      TRUST_PROXY: false,
      SMTP_URL: 'smtp://127.0.0.1:2525',
      MAIL_FROM: 'kabinet <no-reply@kabinet.local>',
    }),
  });
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  cleanup.defer('the API server', () => new Promise<void>((resolve) => server.close(() => resolve())));
  return { orm, api: jsonApi(`http://127.0.0.1:${(server.address() as AddressInfo).port}`) };
}
