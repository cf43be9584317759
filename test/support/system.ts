import { serve, type ServerType } from '@hono/node-server';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Runtime, DefaultLogger, type Worker } from '@temporalio/worker';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../api/app.ts';
import type { ApiDeps } from '../../api/context.ts';
import { createLogger } from '../../config/logger.ts';
import { startSmscServer, type RunningSmscServer } from '../../dev/smsc-server.ts';
import { createSmscClient } from '../../integrations/smsc/client.ts';
import { createKabinetWorker } from '../../worker/create-worker.ts';
import { createTestDatabase, requireEnv } from './database.ts';

let runtimeInstalled = false;

export interface SystemOptions {
  trialDurationMs?: number;
  codeTtlMs?: number;
  maxAttempts?: number;
  activationRateLimit?: number;
  resendCooldownMs?: number;
}

export type TestSystem = Awaited<ReturnType<typeof startTestSystem>>;

/**
 * The whole system for one test file, all real: its own database, a local SMSC server,
 * a worker on its own task queue of the shared dev server, and the API over HTTP.
 */
export async function startTestSystem(options: SystemOptions = {}) {
  if (!runtimeInstalled) {
    Runtime.install({ logger: new DefaultLogger('WARN') });
    runtimeInstalled = true;
  }
  const logger = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent', 'test');
  const db = await createTestDatabase();
  const smsc = await startSmscServer({ deliveryDelayMs: 200, login: 'kabinet', password: 'test-password' });
  const taskQueue = `test-${randomBytes(6).toString('hex')}`;
  const address = requireEnv('TEST_TEMPORAL_ADDRESS');
  const secret = randomBytes(24).toString('hex');
  const operatorToken = randomBytes(24).toString('hex');

  const nativeConnection = await NativeConnection.connect({ address });
  const connection = await Connection.connect({ address });
  const temporal = new Client({ connection, namespace: 'default' });
  const sms = createSmscClient({ baseUrl: smsc.url, login: 'kabinet', password: 'test-password', timeoutMs: 3000 });
  const activityDeps = {
    orm: db.orm,
    temporal,
    sms,
    logger,
    clock: () => new Date(),
    settings: { secret, serviceUrlTemplate: 'http://localhost:3000/s/{slug}' },
  };
  const startWorker = (): Promise<Worker> =>
    createKabinetWorker({
      connection: nativeConnection,
      namespace: 'default',
      taskQueue,
      deps: activityDeps,
      workflowBundle: { codePath: requireEnv('TEST_WORKFLOW_BUNDLE') },
    });
  let worker = await startWorker();
  let workerRun = worker.run();

  const env: ApiDeps['env'] = {
    KABINET_OPERATOR_TOKEN: operatorToken,
    KABINET_SECRET: secret,
    TEMPORAL_TASK_QUEUE: taskQueue,
    TEMPORAL_NAMESPACE: 'default',
    TEMPORAL_UI_URL: 'http://127.0.0.1:8233',
    SERVICE_URL_TEMPLATE: 'http://localhost:3000/s/{slug}',
    TRIAL_DURATION: options.trialDurationMs ?? 45 * 24 * 3600_000,
    INVITATION_CODE_TTL: options.codeTtlMs ?? 24 * 3600_000,
    ACTIVATION_MAX_ATTEMPTS: options.maxAttempts ?? 5,
    SESSION_TTL: 3600_000,
    PUBLIC_URL: 'http://localhost:3000',
    ACTIVATION_RATE_LIMIT: options.activationRateLimit ?? 10_000,
    ACTIVATION_RATE_WINDOW: 600_000,
    RESEND_COOLDOWN: options.resendCooldownMs ?? 60_000,
    TRUST_PROXY: false,
  };
  const app = createApp({ orm: db.orm, temporal, logger, env });
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    baseUrl,
    app,
    db,
    smsc,
    temporal,
    taskQueue,
    operatorToken,
    /** Stops the worker as a crash would leave things, and starts a new one on the same queue. */
    async restartWorker() {
      worker.shutdown();
      await workerRun;
      worker = await startWorker();
      workerRun = worker.run();
    },
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await workerRun.catch(() => undefined);
      await Promise.allSettled([connection.close(), nativeConnection.close(), smsc.close()]);
      await db.drop();
    },
  };
}

export type { RunningSmscServer };
