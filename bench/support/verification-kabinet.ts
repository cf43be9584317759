// kabinet: the real worker (worker/main.ts, a child process) runs the verification workflow on its
// own fresh copy of the seeded data; progress comes from verification_runs while it runs. Timed from
// the workflow start to its result.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import pg from 'pg';
import { eventCodeVerification } from '../../workflows/event-code-verification.ts';
import type { Cleanup } from './cleanup.ts';
import { spawnWorkerProcess } from './worker-process.ts';

const TASK_QUEUE = 'bench-verification';
const WORKER_STARTED = '"msg":"worker started"';
const PROGRESS_EVERY_MS = 2_000;

export interface KabinetVerificationResult {
  seconds: number;
  decided: number;
  activityCalls: number;
  continuedAsNew: number;
}

export async function runVerificationKabinet(opts: {
  cleanup: Cleanup;
  say: (msg: string) => void;
  url: string;
  temporalAddress: string;
  chunkSize: number;
  workDir: string;
}): Promise<KabinetVerificationResult> {
  const { cleanup, say } = opts;
  const worker = await spawnWorkerProcess({
    name: 'worker',
    script: new URL('../../worker/main.ts', import.meta.url).pathname,
    env: {
      ...process.env,
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
      DATABASE_URL: opts.url,
      TEMPORAL_ADDRESS: opts.temporalAddress,
      TEMPORAL_NAMESPACE: 'default',
      TEMPORAL_TASK_QUEUE: TASK_QUEUE,
      KABINET_OPERATOR_TOKEN: randomBytes(24).toString('hex'),
      KABINET_SECRET: randomBytes(24).toString('hex'),
    },
    logFile: join(opts.workDir, 'worker.log'),
  });
  cleanup.defer('the worker', () => worker.stop());
  say(`worker (pid ${worker.pid}) bundling its workflows and connecting…`);
  await worker.waitForLog(WORKER_STARTED, 120_000);

  const connection = await Connection.connect({ address: opts.temporalAddress });
  cleanup.defer('the Temporal client', () => connection.close());
  const client = new Client({ connection, namespace: 'default' });
  const db = new pg.Client({ connectionString: opts.url });
  await db.connect();
  cleanup.defer('the progress reader', () => db.end());

  const workflowId = `bench-verification/${randomBytes(6).toString('hex')}`;
  say(`kabinet: verification workflow, chunks of ${opts.chunkSize.toLocaleString('en')}`);
  const began = performance.now();
  const handle = await client.workflow.start(eventCodeVerification, {
    workflowId,
    taskQueue: TASK_QUEUE,
    args: [{ chunkSize: opts.chunkSize }],
  });
  const ticker = setInterval(() => void reportProgress(), PROGRESS_EVERY_MS);
  let result;
  try {
    result = await handle.result();
  } finally {
    clearInterval(ticker);
  }
  const seconds = (performance.now() - began) / 1000;
  const decided = result.verified + result.rejected;
  say(`kabinet: ${decided.toLocaleString('en')} codes in ${seconds.toFixed(2)} s`);

  // Activity calls over the whole chain of runs (continue-as-new), from the first run on.
  let activityCalls = 0;
  let continuedAsNew = 0;
  let runId: string | null | undefined = handle.firstExecutionRunId;
  while (runId) {
    const history: Awaited<ReturnType<typeof handle.fetchHistory>> = await client.workflow
      .getHandle(workflowId, runId)
      .fetchHistory();
    const events = history.events ?? [];
    activityCalls += events.filter((e) => e.activityTaskScheduledEventAttributes).length;
    runId = events.find((e) => e.workflowExecutionContinuedAsNewEventAttributes)
      ?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId;
    if (runId) continuedAsNew += 1;
  }
  await worker.stop();
  return { seconds, decided, activityCalls, continuedAsNew };

  async function reportProgress(): Promise<void> {
    const { rows } = await db.query<{ total: number; processed: number }>(
      'select total, verified + rejected as processed from verification_runs where workflow_id = $1',
      [workflowId],
    );
    const run = rows[0];
    if (!run) return say('kabinet: opening the run…');
    const elapsed = (performance.now() - began) / 1000;
    const share = run.total ? ((100 * run.processed) / run.total).toFixed(0) : '0';
    say(
      `kabinet: ${run.processed.toLocaleString('en')} / ${run.total.toLocaleString('en')} (${share} %), ` +
        `${Math.round(run.processed / elapsed).toLocaleString('en')} codes/s`,
    );
  }
}
