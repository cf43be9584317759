// The API alone, for bench/login-storm.ts: a child process with its own event loop, configured by the
// environment like api/main.ts, but with a lazy Temporal client (logins and /healthz never use it),
// so no Temporal server is needed. Prints `listening <port>` once it accepts connections. Also
// measures its own event-loop delay per phase: stdin lines `idle` / `storm` / `pause` choose what is
// recorded, `report` prints `storm-cpu <main-thread CPU seconds during the storms>` and `loop-delay {"idle":{p50,p99},"storm":{…}}` in milliseconds.
import { serve } from '@hono/node-server';
import { Client } from '@temporalio/client';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { readFileSync } from 'node:fs';
import { createApp } from '../../api/app.ts';
import { loadEnv } from '../../config/env.ts';
import { createLogger } from '../../config/logger.ts';
import { openOrm } from '../../db/orm.ts';

const env = loadEnv();
const logger = createLogger(env.LOG_LEVEL, 'api');
const orm = await openOrm(env.DATABASE_URL);
const temporal = new Client({ namespace: env.TEMPORAL_NAMESPACE });
const app = createApp({ orm, temporal, logger, env });
const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => {
  console.log(`listening ${(server.address() as AddressInfo).port}`);
});
process.once('SIGTERM', () => {
  server.close(() => void orm.close().then(() => process.exit(0)));
});

// Each sample is the interval between two 5 ms ticks, so 5 ms is subtracted: what remains is the delay.
const RESOLUTION_MS = 5;
const delays = {
  idle: monitorEventLoopDelay({ resolution: RESOLUTION_MS }),
  storm: monitorEventLoopDelay({ resolution: RESOLUTION_MS }),
};
const ms = (ns: number) => Math.max(0, Math.round(ns / 1e4) / 100 - RESOLUTION_MS);
/** CPU seconds of this process's main thread (the event loop) alone, from /proc; 0 where there is none. */
function mainThreadCpuSeconds(): number {
  try {
    const fields = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks of 1/100 s
  } catch {
    return 0;
  }
}
let stormCpu = 0;
let stormCpuFrom: number | null = null;
createInterface({ input: process.stdin }).on('line', (line) => {
  const command = line.trim();
  if (command === 'idle' || command === 'storm' || command === 'pause') {
    delays.idle.disable();
    delays.storm.disable();
    if (stormCpuFrom !== null) stormCpu += mainThreadCpuSeconds() - stormCpuFrom;
    stormCpuFrom = command === 'storm' ? mainThreadCpuSeconds() : null;
    if (command !== 'pause') delays[command].enable();
  } else if (command === 'report') {
    console.log(`storm-cpu ${stormCpu}`);
    const of = (h: (typeof delays)['idle']) => ({ p50: ms(h.percentile(50)), p99: ms(h.percentile(99)) });
    console.log(`loop-delay ${JSON.stringify({ idle: of(delays.idle), storm: of(delays.storm) })}`);
  }
});
