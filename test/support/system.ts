import { serve, type ServerType } from '@hono/node-server';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Runtime, DefaultLogger, type Worker } from '@temporalio/worker';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../api/app.ts';
import { envWith } from '../../config/env.ts';
import { createLogger } from '../../config/logger.ts';
import { startRegisterServer } from '../../dev/register-server.ts';
import { startSmscServer, type RunningSmscServer } from '../../dev/smsc-server.ts';
import { startSmtpCatcher } from '../../dev/smtp-server.ts';
import { createMailer } from '../../integrations/email/mailer.ts';
import { createRegisterClient } from '../../integrations/register/client.ts';
import { createSmscClient } from '../../integrations/smsc/client.ts';
import { createKabinetWorker } from '../../worker/create-worker.ts';
import { dataConverterFor } from '../../integrations/temporal/data-converter.ts';
import { createTestDatabase, requireEnv } from './database.ts';
import { testMail } from './mail.ts';

let runtimeInstalled = false;

export interface SystemOptions {
  /** TRIAL_REMINDERS: how long before the trial's end the administrator is reminded. */
  trialReminderLeadsMs?: number[];
  /** PAYLOAD_ENCRYPTION_KEY: the API's client and the worker encrypt payloads with it. */
  payloadEncryptionKey?: string;
  trialDurationMs?: number;
  codeTtlMs?: number;
  maxAttempts?: number;
  activationRateLimit?: number;
  resendCooldownMs?: number;
  /**
   * Run a worker inside the test process (the default). With false, no worker runs: the test starts
   * its own (e.g. `worker/main.ts` as a child process configured by `workerEnv()`).
   */
  inProcessWorker?: boolean;
  /** Pauses between ФРМР asks while a document is not found (REGISTER_RETRY_DELAYS); production's by default. */
  registerRetryDelaysMs?: number[];
  /** First pause after a ФРМР error (REGISTER_ERROR_RETRY_INTERVAL); production's by default. */
  registerErrorRetryMs?: number;
  /** APPLICATION_CREDIT_GRACE: how long credits may be missing after a programme cycle; production's by default. */
  applicationCreditGraceMs?: number;
  /** External login (OIDC_*): a provider such as test/support/oidc-provider.ts; off when left out. */
  oidc?: { issuer: string; clientId: string; clientSecret?: string; providerName?: string };
  /** The activities' clock (e.g. a test moving time for the send window); the real one by default. */
  clock?: () => Date;
  /** PAYSLIP_REMINDER_DAY: the length of a reminder "day" (e.g. 1 second); a real day by default. */
  payslipReminderDayMs?: number;
  /** Accounts (LOGIN_*, SESSION_IDLE_TIMEOUT, RECOVERY_*, SESSION_TTL): production's by default. */
  loginMaxFailures?: number;
  loginFailureWindowMs?: number;
  loginLockDurationMs?: number;
  sessionIdleTimeoutMs?: number;
  sessionTtlMs?: number;
  recoveryCodeTtlMs?: number;
  passwordChangeEndsSessions?: boolean;
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
  const register = await startRegisterServer();
  const mailCatcher = await startSmtpCatcher();
  const mailer = createMailer({ url: mailCatcher.smtpUrl, from: 'kabinet <no-reply@kabinet.local>', timeoutMs: 5000 });
  const taskQueue = `test-${randomBytes(6).toString('hex')}`;
  const address = requireEnv('TEST_TEMPORAL_ADDRESS');
  const secret = randomBytes(24).toString('hex');
  const operatorToken = randomBytes(24).toString('hex');

  const nativeConnection = await NativeConnection.connect({ address });
  const connection = await Connection.connect({ address });
  const payloads = dataConverterFor({ PAYLOAD_ENCRYPTION_KEY: options.payloadEncryptionKey });
  const temporal = new Client({ connection, namespace: 'default', ...payloads });
  const sms = createSmscClient({ baseUrl: smsc.url, login: 'kabinet', password: 'test-password', timeoutMs: 3000 });
  const activityDeps = {
    orm: db.orm,
    temporal,
    sms,
    register: createRegisterClient({ baseUrl: register.url, timeoutMs: 3000 }),
    mail: mailer,
    logger,
    clock: options.clock ?? (() => new Date()),
    settings: { secret, serviceUrlTemplate: 'http://localhost:3000/s/{slug}' },
  };
  const startWorker = (): Promise<Worker> =>
    createKabinetWorker({
      connection: nativeConnection,
      namespace: 'default',
      taskQueue,
      ...payloads,
      deps: activityDeps,
      workflowBundle: { codePath: requireEnv('TEST_WORKFLOW_BUNDLE') },
    });
  let worker = options.inProcessWorker === false ? undefined : await startWorker();
  let workerRun = worker?.run() ?? Promise.resolve();

  const env = envWith({
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
    API_VALIDATE_RESPONSES: true,
    KABINET_OPERATOR_TOKEN: operatorToken,
    KABINET_SECRET: secret,
    TEMPORAL_TASK_QUEUE: taskQueue,
    TEMPORAL_NAMESPACE: 'default',
    TEMPORAL_UI_URL: 'http://127.0.0.1:8233',
    SERVICE_URL_TEMPLATE: 'http://localhost:3000/s/{slug}',
    TRIAL_DURATION: options.trialDurationMs ?? 45 * 24 * 3600_000,
    TRIAL_REMINDERS: options.trialReminderLeadsMs,
    INVITATION_CODE_TTL: options.codeTtlMs ?? 24 * 3600_000,
    ACTIVATION_MAX_ATTEMPTS: options.maxAttempts ?? 5,
    SESSION_TTL: options.sessionTtlMs ?? 3600_000,
    PUBLIC_URL: 'http://localhost:3000',
    ACTIVATION_RATE_LIMIT: options.activationRateLimit ?? 10_000,
    ACTIVATION_RATE_WINDOW: 600_000,
    RESEND_COOLDOWN: options.resendCooldownMs ?? 60_000,
    TRUST_PROXY: false,
    PAYLOAD_ENCRYPTION_KEY: options.payloadEncryptionKey,
    SMTP_URL: mailCatcher.smtpUrl,
    MAIL_FROM: 'kabinet <no-reply@kabinet.local>',
    REGISTER_RETRY_DELAYS: options.registerRetryDelaysMs,
    REGISTER_ERROR_RETRY_INTERVAL: options.registerErrorRetryMs,
    APPLICATION_CREDIT_GRACE: options.applicationCreditGraceMs,
    PAYSLIP_REMINDER_DAY: options.payslipReminderDayMs,
    OIDC_ISSUER: options.oidc?.issuer,
    OIDC_CLIENT_ID: options.oidc?.clientId,
    OIDC_CLIENT_SECRET: options.oidc?.clientSecret,
    OIDC_PROVIDER_NAME: options.oidc?.providerName,
    LOGIN_MAX_FAILURES: options.loginMaxFailures,
    LOGIN_FAILURE_WINDOW: options.loginFailureWindowMs,
    LOGIN_LOCK_DURATION: options.loginLockDurationMs,
    SESSION_IDLE_TIMEOUT: options.sessionIdleTimeoutMs,
    RECOVERY_CODE_TTL: options.recoveryCodeTtlMs,
    PASSWORD_CHANGE_ENDS_SESSIONS: options.passwordChangeEndsSessions,
  });
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
    /** The local SMTP catcher: letters the system sent, and faults to inject. */
    mail: testMail(mailCatcher),
    /** The local ФРМР: seed records with `register.records.add`, inject faults with `register.faults.add`. */
    register,
    temporal,
    taskQueue,
    operatorToken,
    /** The HMAC key for codes, as the API and the in-process worker have it. */
    secret,
    /**
     * The environment for `worker/main.ts` run as a separate process against this system: its
     * database, the shared Temporal dev server, this task queue, the SMSC server and the secrets.
     */
    workerEnv(): Record<string, string> {
      return {
        NODE_ENV: 'test',
        DATABASE_URL: db.url,
        TEMPORAL_ADDRESS: address,
        TEMPORAL_NAMESPACE: 'default',
        TEMPORAL_TASK_QUEUE: taskQueue,
        TEMPORAL_TLS: 'false',
        TEMPORAL_API_KEY: '',
        SMSC_URL: smsc.url,
        SMSC_LOGIN: 'kabinet',
        SMSC_PASSWORD: 'test-password',
        SMSC_SENDER: '',
        REGISTER_URL: register.url,
        SMTP_URL: mailCatcher.smtpUrl,
        KABINET_SECRET: secret,
        PAYLOAD_ENCRYPTION_KEY: options.payloadEncryptionKey ?? '',
        KABINET_OPERATOR_TOKEN: operatorToken,
        SERVICE_URL_TEMPLATE: env.SERVICE_URL_TEMPLATE,
        // Its own daily verification schedule, so test workers never rewrite one another's.
        VERIFICATION_SCHEDULE_ID: `event-code-verification-${taskQueue}`,
      };
    },
    /** Stops the worker as a crash would leave things, and starts a new one on the same queue. */
    async restartWorker() {
      if (!worker) throw new Error('restartWorker: this system runs no in-process worker');
      worker.shutdown();
      await workerRun;
      worker = await startWorker();
      workerRun = worker.run();
    },
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (worker?.getState() === 'RUNNING') worker.shutdown();
      await workerRun.catch(() => undefined);
      await Promise.allSettled([
        connection.close(),
        nativeConnection.close(),
        smsc.close(),
        register.close(),
        mailCatcher.close(),
      ]);
      mailer.close();
      await db.drop();
    },
  };
}

export type { RunningSmscServer };
