// The storm's clients for bench/login-storm.ts, run as a worker thread so their event loop is not the
// probe's: `concurrency` loops of POST /v1/auth/login until the deadline; posts back the counts and
// every login's latency.
import { parentPort, workerData } from 'node:worker_threads';

export interface ClientsInput {
  baseUrl: string;
  logins: string[];
  password: string;
  concurrency: number;
  durationMs: number;
}
export interface ClientsResult {
  ok: number;
  failed: number;
  latencies: number[];
  seconds: number;
}

const input = workerData as ClientsInput;
const deadline = performance.now() + input.durationMs;
const started = performance.now();
const result: ClientsResult = { ok: 0, failed: 0, latencies: [], seconds: 0 };
await Promise.all(
  Array.from({ length: input.concurrency }, async (_, i) => {
    const login = input.logins[i % input.logins.length]!;
    while (performance.now() < deadline) {
      const t0 = performance.now();
      const res = await fetch(`${input.baseUrl}/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'kabinet-bench' },
        body: JSON.stringify({ login, password: input.password }),
      });
      await res.arrayBuffer();
      result.latencies.push(performance.now() - t0);
      if (res.status === 200) result.ok++;
      else result.failed++;
    }
  }),
);
result.seconds = (performance.now() - started) / 1000;
parentPort!.postMessage(result);
