// The product: kabinet's own worker program (worker/main.ts) as a child process, the API in this
// process, an organization with an active service and `count` employees. Timed from the bulk POST
// until the SMSC outbox holds an SMS for every one of them; the worker's memory is sampled until
// every invitation is delivered and waiting for activation.
import type { RunningSmscServer } from '../../dev/smsc-server.ts';
import type { Cleanup } from './cleanup.ts';
import { cpuMeter } from './cpu.ts';
import { cpuPieces, WORKER_STARTED, type PhaseResult, type StackPids } from './floor-phase.ts';
import { setUpOrganization } from './organization.ts';
import { mib, sampleRss } from './rss.ts';
import { phaseTimeoutMs, waitFor } from './wait.ts';
import { spawnWorkerProcess } from './worker-process.ts';
import { startBenchApi } from './bench-api.ts';

const TASK_QUEUE = 'kabinet';
/** Memory is sampled this long after the last invitation is delivered (all open, all cached). */
const SETTLE_MS = 3_000;

export interface KabinetResult extends PhaseResult {
  postMs: number;
  /** RSS once every invitation waits for activation. */
  openRss: number;
}

export async function runKabinet(opts: {
  cleanup: Cleanup;
  say: (msg: string) => void;
  count: number;
  workerEnv: NodeJS.ProcessEnv;
  stack: { databaseUrl: string; temporalAddress: string; smsc: RunningSmscServer; pids: StackPids };
  operatorToken: string;
  secret: string;
  logFile: string;
}): Promise<KabinetResult> {
  const { cleanup, say, count, stack } = opts;

  const worker = await spawnWorkerProcess({
    name: 'worker',
    script: new URL('../../worker/main.ts', import.meta.url).pathname,
    env: { ...opts.workerEnv, TEMPORAL_TASK_QUEUE: TASK_QUEUE },
    logFile: opts.logFile,
  });
  cleanup.defer('the kabinet worker', () => worker.stop());

  // The API, as test/support/system.ts runs it.
  const { orm, api } = await startBenchApi({
    databaseUrl: stack.databaseUrl,
    temporalAddress: stack.temporalAddress,
    taskQueue: TASK_QUEUE,
    operatorToken: opts.operatorToken,
    secret: opts.secret,
    cleanup,
  });

  say(`kabinet worker (pid ${worker.pid}) starting…`);
  await worker.waitForLog(WORKER_STARTED, 120_000);
  say(`setting up an organization with ${count} employees and an active service`);
  const org = await setUpOrganization({
    api,
    operatorToken: opts.operatorToken,
    smsc: stack.smsc,
    employees: count,
  });
  const phones = new Set(org.phones.map((p) => p.replace(/\D/g, '')));

  const rss = sampleRss(worker.pid);
  say(`kabinet: inviting ${count} employees in one call`);
  const cpu = await cpuMeter(cpuPieces(stack.pids, worker.pid));
  const startedAt = Date.now();
  const post = await api<{ batchId: string; total: number }>(
    'POST',
    `/v1/organizations/${org.orgId}/invitations`,
    org.key,
    { employeeIds: org.employeeIds },
  );
  const postMs = Date.now() - startedAt;
  say(`kabinet: POST answered in ${postMs} ms (batch ${post.batchId})`);

  let sent = 0;
  const lastSentAt = await waitFor({
    what: 'SMS in the outbox',
    check: () => {
      const ours = stack.smsc.outbox
        .list({ since: startedAt })
        .filter((m) => phones.has(m.phone.replace(/\D/g, '')));
      sent = new Set(ours.map((m) => m.phone)).size;
      return sent >= count ? Math.max(...ours.map((m) => Date.parse(m.createdAt))) : undefined;
    },
    progress: () => `${sent}/${count}`,
    say,
    timeoutMs: phaseTimeoutMs(count),
    // The time comes from the messages themselves: polling seldom costs little and loses no precision.
    everyMs: 250,
  });
  const seconds = (lastSentAt - startedAt) / 1000;
  const cpuUsed = await cpu.stop();
  say(`kabinet: ${count} SMS in ${seconds.toFixed(2)} s = ${(count / seconds).toFixed(1)} invitations/s`);

  let delivered = 0;
  await waitFor({
    what: 'invitations delivered and waiting for activation',
    check: async () => {
      const [row] = await orm.em
        .fork()
        .execute<{ n: number }[]>(
          "select count(*)::int as n from invitations where batch_id = ? and status = 'delivered'",
          [post.batchId],
        );
      delivered = row?.n ?? 0;
      return delivered >= count ? true : undefined;
    },
    progress: () => `${delivered}/${count}`,
    say,
    timeoutMs: phaseTimeoutMs(count),
    everyMs: 250,
  });
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  await rss.stop();
  say(`kabinet: all ${count} invitations open; worker RSS ${mib(rss.last())}, peak ${mib(rss.peak())}`);
  return {
    seconds,
    perSecond: count / seconds,
    postMs,
    peakRss: rss.peak(),
    openRss: rss.last(),
    hwm: rss.hwm(),
    cpu: cpuUsed,
  };
}
