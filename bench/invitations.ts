// `npm run bench:invitations`: how fast kabinet invites 2,000 employees in one call, beside the
// floor measured in the same run on the same dev server (2,000 minimal workflows, one no-op activity
// each, started the same way). Prints one table; see README, Performance.
//
//   node bench/invitations.ts [--count 2000] [--delivery-delay-ms 100] [--bundle-at-start]
//   WORKER_MAX_CACHED_WORKFLOWS=… WORKER_MAX_CONCURRENT_ACTIVITIES=… WORKER_MAX_CONCURRENT_WORKFLOW_TASKS=…
//   are passed to both worker processes.
import { randomBytes } from 'node:crypto';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildBundles } from './support/bundles.ts';
import { Cleanup } from './support/cleanup.ts';
import { startBenchStack, SMSC_LOGIN, SMSC_PASSWORD } from './support/stack.ts';
import { describeTuning } from './support/tuning.ts';
import { runFloor } from './support/floor-phase.ts';
import { runKabinet } from './support/kabinet-phase.ts';
import { printReport } from './support/report.ts';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '2000' },
    'delivery-delay-ms': { type: 'string', default: '100' },
    'bundle-at-start': { type: 'boolean', default: false },
  },
});
const count = Number(values.count);
const deliveryDelayMs = Number(values['delivery-delay-ms']);
if (!Number.isInteger(count) || count < 1 || count > 10_000) throw new Error('--count must be 1…10000');

const began = performance.now();
const say = (msg: string) =>
  console.log(`[bench ${((performance.now() - began) / 1000).toFixed(1).padStart(5)} s] ${msg}`);
const cleanup = new Cleanup(say);
cleanup.stopOnSignals();

let exitCode = 0;
try {
  say(`starting PostgreSQL, the Temporal dev server and the SMSC server (delivery after ${deliveryDelayMs} ms)`);
  const stack = await startBenchStack({ cleanup, say, deliveryDelayMs });
  const operatorToken = randomBytes(24).toString('hex');
  const secret = randomBytes(24).toString('hex');
  const workerEnv: NodeJS.ProcessEnv = {
    ...process.env,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
    DATABASE_URL: stack.databaseUrl,
    TEMPORAL_ADDRESS: stack.temporalAddress,
    TEMPORAL_NAMESPACE: 'default',
    KABINET_OPERATOR_TOKEN: operatorToken,
    KABINET_SECRET: secret,
    SMSC_URL: stack.smsc.url,
    SMSC_LOGIN,
    SMSC_PASSWORD,
  };
  const bundles = values['bundle-at-start'] ? undefined : await buildBundles(stack.workDir);
  const tuning = `${describeTuning(workerEnv)}, workflow bundle ${bundles ? 'built ahead (WORKER_WORKFLOW_BUNDLE)' : 'built at worker start'}`;
  say(`tuning: ${tuning}`);

  const floor = await runFloor({
    cleanup,
    say,
    count,
    workerEnv: { ...workerEnv, WORKER_WORKFLOW_BUNDLE: bundles?.floor ?? '' },
    pids: stack.pids,
    logFile: join(stack.workDir, 'floor-worker.log'),
  });
  const kabinet = await runKabinet({
    cleanup,
    say,
    count,
    workerEnv: { ...workerEnv, WORKER_WORKFLOW_BUNDLE: bundles?.kabinet ?? '' },
    stack,
    operatorToken,
    secret,
    logFile: join(stack.workDir, 'worker.log'),
  });
  printReport({
    count,
    floor,
    kabinet,
    tuning,
    machine: `${cpus().length} cores, ${cpus()[0]?.model.trim() ?? 'unknown CPU'}`,
    deliveryDelayMs,
  });
} catch (err) {
  say(`failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  exitCode = 1;
} finally {
  say('stopping everything');
  await cleanup.run();
  say(`done in ${Math.round((performance.now() - began) / 1000)} s`);
}
process.exit(exitCode);
