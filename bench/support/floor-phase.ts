// The floor: the floor worker (bench/floor-worker.ts, same tuning) runs `floorBatch`, which starts
// `count` minimal workflows from an activity in pages of 500, 32 starts at a time. Timed from the
// start call until the last no-op activity ran.
import { randomBytes } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { OrganizationIdKey, ProcessKindKey } from '../../workflows/search-attributes.ts';
import type { Cleanup } from './cleanup.ts';
import type { FloorProgress } from './floor-progress.ts';
import { cpuMeter } from './cpu.ts';
import { sampleRss } from './rss.ts';
import { phaseTimeoutMs, waitFor } from './wait.ts';
import { spawnWorkerProcess } from './worker-process.ts';

/** The page size of the kabinet batch (api/routes/invitations.ts). */
export const PAGE_SIZE = 500;
const TASK_QUEUE = 'bench-floor';
export const WORKER_STARTED = '"msg":"worker started"';

export interface PhaseResult {
  seconds: number;
  perSecond: number;
  peakRss: number;
  hwm: number;
  /** CPU seconds each piece used during the timed part. */
  cpu: Record<string, number>;
}

/** The pieces whose CPU time the report shows; `worker` is added by each phase. */
export type StackPids = { temporal?: number | undefined; postgres?: number | undefined };

export function cpuPieces(pids: StackPids, worker: number): Record<string, number | 'self'> {
  return {
    ...(pids.temporal ? { temporal: pids.temporal } : {}),
    worker,
    ...(pids.postgres ? { postgres: pids.postgres } : {}),
    bench: 'self',
  };
}

export async function runFloor(opts: {
  cleanup: Cleanup;
  say: (msg: string) => void;
  count: number;
  workerEnv: NodeJS.ProcessEnv;
  pids: StackPids;
  logFile: string;
}): Promise<PhaseResult> {
  const { cleanup, say, count } = opts;
  const runId = randomBytes(6).toString('hex');
  const progress: FloorProgress = { runId, count: 0, lastAt: 0 };

  const worker = await spawnWorkerProcess({
    name: 'floor worker',
    script: new URL('../floor-worker.ts', import.meta.url).pathname,
    env: { ...opts.workerEnv, TEMPORAL_TASK_QUEUE: TASK_QUEUE },
    logFile: opts.logFile,
    onMessage: (message) => {
      const m = message as FloorProgress;
      if (m.runId === runId) Object.assign(progress, m);
    },
  });
  cleanup.defer('the floor worker', () => worker.stop());
  say(`floor worker (pid ${worker.pid}) starting…`);
  await worker.waitForLog(WORKER_STARTED, 120_000);

  const connection = await Connection.connect({ address: opts.workerEnv.TEMPORAL_ADDRESS });
  cleanup.defer('the floor client', () => connection.close());
  const client = new Client({ connection, namespace: 'default' });
  const rss = sampleRss(worker.pid);

  say(`floor: starting ${count} minimal workflows`);
  const cpu = await cpuMeter(cpuPieces(opts.pids, worker.pid));
  const startedAt = Date.now();
  await client.workflow.start('floorBatch', {
    workflowId: `bench-floor-batch/${runId}`,
    taskQueue: TASK_QUEUE,
    args: [{ runId, count, pageSize: PAGE_SIZE }],
    typedSearchAttributes: [
      { key: OrganizationIdKey, value: runId },
      { key: ProcessKindKey, value: 'bench_floor_batch' },
    ],
    staticSummary: `Bench floor: ${count} workflows`,
  });
  await waitFor({
    what: 'floor no-op activities',
    check: () => (progress.count >= count ? true : undefined),
    progress: () => `${progress.count}/${count}`,
    say,
    timeoutMs: phaseTimeoutMs(count),
  });
  const seconds = (progress.lastAt - startedAt) / 1000;
  const cpuUsed = await cpu.stop();
  await rss.stop();
  say(`floor: ${count} in ${seconds.toFixed(2)} s = ${(count / seconds).toFixed(1)} wf/s`);
  // Stopped now, so the kabinet phase has the machine to itself.
  await worker.stop();
  return { seconds, perSecond: count / seconds, peakRss: rss.peak(), hwm: rss.hwm(), cpu: cpuUsed };
}
