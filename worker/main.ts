import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { loadEnv } from '../config/env.ts';
import { createLogger } from '../config/logger.ts';
import { openOrm } from '../db/orm.ts';
import { createRegisterClient } from '../integrations/register/client.ts';
import { createMailer } from '../integrations/email/mailer.ts';
import { createSmscClient } from '../integrations/smsc/client.ts';
import { createKabinetWorker } from './create-worker.ts';
import { dataConverterFor } from '../integrations/temporal/data-converter.ts';
import { upsertVerificationSchedule } from './schedules.ts';
import { temporalConnectionOptions } from '../integrations/temporal/connection.ts';

const env = loadEnv();
const logger = createLogger(env.LOG_LEVEL, 'worker');

// Temporal's own logs go through pino too, so there is one log stream with one redact list.
const temporalLog = logger.child({ component: 'temporal' });
Runtime.install({
  logger: new DefaultLogger('INFO', ({ level, message, meta }) => {
    const method = ({ TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' } as const)[level];
    temporalLog[method](meta ?? {}, message);
  }),
});

const orm = await openOrm(env.DATABASE_URL);
const connection = await NativeConnection.connect(temporalConnectionOptions(env));
// Bulk activities start invitation workflows themselves, through an ordinary client.
const clientConnection = await Connection.connect(temporalConnectionOptions(env));
const payloads = dataConverterFor(env);
const temporal = new Client({ connection: clientConnection, namespace: env.TEMPORAL_NAMESPACE, ...payloads });
// One pooled SMTP transport for all activities of this process.
const mail = createMailer({ url: env.SMTP_URL, from: env.MAIL_FROM });
const worker = await createKabinetWorker({
  connection,
  namespace: env.TEMPORAL_NAMESPACE,
  taskQueue: env.TEMPORAL_TASK_QUEUE,
  ...payloads,
  deps: {
    orm,
    temporal,
    sms: createSmscClient({
      baseUrl: env.SMSC_URL,
      login: env.SMSC_LOGIN,
      password: env.SMSC_PASSWORD,
      sender: env.SMSC_SENDER,
    }),
    register: createRegisterClient({ baseUrl: env.REGISTER_URL, token: env.REGISTER_TOKEN }),
    mail,
    logger,
    clock: () => new Date(),
    settings: {
      secret: env.KABINET_SECRET,
      serviceUrlTemplate: env.SERVICE_URL_TEMPLATE,
      chromiumPath: env.CHROMIUM_PATH,
    },
  },
  ...(env.WORKER_WORKFLOW_BUNDLE ? { workflowBundle: { codePath: env.WORKER_WORKFLOW_BUNDLE } } : {}),
  // Unset variables leave the SDK's defaults in place.
  tuning: {
    maxCachedWorkflows: env.WORKER_MAX_CACHED_WORKFLOWS,
    maxConcurrentActivityTaskExecutions: env.WORKER_MAX_CONCURRENT_ACTIVITIES,
    maxConcurrentWorkflowTaskExecutions: env.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS,
  },
});

// Repeated jobs are Temporal Schedules, kept in line with the configuration at every start.
const verification = await upsertVerificationSchedule(temporal, {
  scheduleId: env.VERIFICATION_SCHEDULE_ID,
  taskQueue: env.TEMPORAL_TASK_QUEUE,
  time: env.VERIFICATION_TIME,
  timeZone: env.VERIFICATION_TIMEZONE,
});
logger.info(
  {
    scheduleId: env.VERIFICATION_SCHEDULE_ID,
    at: env.VERIFICATION_TIME,
    timeZone: env.VERIFICATION_TIMEZONE,
  },
  `event code verification schedule ${verification}`,
);

// The Temporal runtime shuts the worker down gracefully on SIGINT/SIGTERM.
logger.info({ taskQueue: env.TEMPORAL_TASK_QUEUE, address: env.TEMPORAL_ADDRESS }, 'worker started');
try {
  await worker.run();
} finally {
  await connection.close();
  await clientConnection.close();
  await orm.close();
  mail.close();
  logger.info('worker stopped');
}
