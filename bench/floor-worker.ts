// The worker program of the floor: worker/main.ts with the floor workflows and activities instead
// of kabinet's, and the same connections, logging and tuning variables. It reports to the bench
// (its parent, over IPC) how many no-op activities ran and when the latest one did.
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { loadEnv } from '../config/env.ts';
import { createLogger } from '../config/logger.ts';
import { temporalConnectionOptions } from '../integrations/temporal/connection.ts';
import { createFloorActivities } from './floor-activities.ts';
import type { FloorProgress } from './support/floor-progress.ts';

const env = loadEnv();
const logger = createLogger(env.LOG_LEVEL, 'floor-worker');
const temporalLog = logger.child({ component: 'temporal' });
Runtime.install({
  logger: new DefaultLogger('INFO', ({ level, message, meta }) => {
    const method = ({ TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' } as const)[level];
    temporalLog[method](meta ?? {}, message);
  }),
});
// The IPC channel must not keep this process alive once the worker has stopped.
process.channel?.unref();

const progress = new Map<string, FloorProgress>();
let flushTimer: NodeJS.Timeout | undefined;
const flush = () => {
  flushTimer = undefined;
  for (const p of progress.values()) process.send?.(p);
};

const connection = await NativeConnection.connect(temporalConnectionOptions(env));
const clientConnection = await Connection.connect(temporalConnectionOptions(env));
const temporal = new Client({ connection: clientConnection, namespace: env.TEMPORAL_NAMESPACE });
const worker = await Worker.create({
  connection,
  namespace: env.TEMPORAL_NAMESPACE,
  taskQueue: env.TEMPORAL_TASK_QUEUE,
  activities: createFloorActivities({
    temporal,
    onNoop(runId, at) {
      const p = progress.get(runId) ?? { runId, count: 0, lastAt: 0 };
      p.count += 1;
      p.lastAt = Math.max(p.lastAt, at);
      progress.set(runId, p);
      // Reported in batches: the times are taken when the activities run, not when they are sent.
      flushTimer ??= setTimeout(flush, 50);
    },
  }),
  ...(env.WORKER_WORKFLOW_BUNDLE
    ? { workflowBundle: { codePath: env.WORKER_WORKFLOW_BUNDLE } }
    : { workflowsPath: new URL('./floor-workflows.ts', import.meta.url).pathname }),
  shutdownGraceTime: '10 seconds',
  maxCachedWorkflows: env.WORKER_MAX_CACHED_WORKFLOWS,
  maxConcurrentActivityTaskExecutions: env.WORKER_MAX_CONCURRENT_ACTIVITIES,
  maxConcurrentWorkflowTaskExecutions: env.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS,
});

logger.info({ taskQueue: env.TEMPORAL_TASK_QUEUE, address: env.TEMPORAL_ADDRESS }, 'worker started');
try {
  await worker.run();
} finally {
  if (flushTimer) clearTimeout(flushTimer);
  await connection.close();
  await clientConnection.close();
  logger.info('worker stopped');
}
