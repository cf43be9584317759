// `npm run bench:login`: a login storm beside a cheap probe. The API runs as a child process
// (bench/support/login-api.ts) against an embedded PostgreSQL; this process creates the users, then
// probes `GET /healthz` one request at a time, idle and while 50 clients (a worker thread of their own,
// bench/support/login-clients.ts) log in over and over
// (argon2id verification, the lockout check, a login_events row and a session each), in alternating
// rounds, and prints logins/s and the probe's p50/p99 in both phases and their ratio (goal: storm
// p99 ≤ 1.3 × idle p99).
//
//   node bench/login-storm.ts [--users 50] [--concurrency 50] [--seconds 10] [--idle-seconds 5] [--rounds 3] [--hashes N]
//
// --hashes sets LOGIN_CONCURRENT_HASHES for the API (default: its own, the cores less one).
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { hashPassword } from '../api/security/passwords.ts';
import { migrate, openOrm } from '../db/orm.ts';
import { createDatabase, startEmbeddedPostgres } from '../dev/postgres.ts';
import { Cleanup } from './support/cleanup.ts';
import type { ClientsInput, ClientsResult } from './support/login-clients.ts';

const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '50' },
    concurrency: { type: 'string', default: '50' },
    seconds: { type: 'string', default: '10' },
    'idle-seconds': { type: 'string', default: '5' },
    rounds: { type: 'string', default: '3' },
    hashes: { type: 'string' },
  },
});
const users = Number(values.users);
const concurrency = Number(values.concurrency);
const stormMs = Number(values.seconds) * 1000;
const idleMs = Number(values['idle-seconds']) * 1000;
const rounds = Number(values.rounds);
const PASSWORD = 'Надёжный-пароль-1';

const began = performance.now();
const say = (msg: string) =>
  console.log(`[bench ${((performance.now() - began) / 1000).toFixed(1).padStart(6)} s] ${msg}`);
const cleanup = new Cleanup(say);
cleanup.stopOnSignals();

/** Sequential GET /healthz until `stop()` is called; latencies in ms. */
function probe(baseUrl: string) {
  const latencies: number[] = [];
  let running = true;
  const done = (async () => {
    while (running) {
      const started = performance.now();
      const res = await fetch(`${baseUrl}/healthz`);
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`/healthz answered ${res.status}`);
      latencies.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  })();
  return {
    async stop() {
      running = false;
      await done;
      return latencies;
    },
  };
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const summary = (latencies: number[]) => {
  const sorted = [...latencies].sort((a, b) => a - b);
  return { n: sorted.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
};

let exitCode = 0;
try {
  const workDir = await mkdtemp(join(tmpdir(), 'kabinet-login-bench-'));
  cleanup.defer('the temp dir', () => rm(workDir, { recursive: true, force: true }));
  await chmod(workDir, 0o755);
  say('starting PostgreSQL');
  const postgres = await startEmbeddedPostgres({
    dataDir: join(workDir, 'pg'),
    log: () => {},
    persistent: false,
  });
  cleanup.defer('PostgreSQL', () => postgres.stop());
  await createDatabase(postgres.url, 'kabinet_login_bench');
  const databaseUrl = postgres.url.replace(/\/[^/]*$/, '/kabinet_login_bench');
  const orm = await openOrm(databaseUrl);
  await migrate(orm);

  say(`creating ${users} users`);
  const passwordHash = await hashPassword(PASSWORD);
  const logins = Array.from({ length: users }, (_, i) => `bench-user-${i}@example.ru`);
  await orm.em.fork().execute(
    `insert into users (id, login, password_hash, email, email_verified_at, portal, status)
     select gen_random_uuid(), l, ?, l, now(), 'education', 'active' from json_array_elements_text(?::json) as l`,
    [passwordHash, JSON.stringify(logins)],
  );
  await orm.close();

  const child = spawn(process.execPath, ['bench/support/login-api.ts'], {
    stdio: ['pipe', 'pipe', 'inherit'],
    env: {
      ...process.env,
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      DATABASE_URL: databaseUrl,
      KABINET_OPERATOR_TOKEN: randomUUID(),
      KABINET_SECRET: randomUUID(),
      // Every bench user logs in many times from one IP: keep the lockout out of the way.
      LOGIN_MAX_FAILURES: '100',
      ...(values.hashes ? { LOGIN_CONCURRENT_HASHES: values.hashes } : {}),
    },
  });
  cleanup.defer('the API', async () => {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  });
  type LoopDelay = Record<'idle' | 'storm', { p50: number; p99: number }>;
  let onLoopDelay: (delay: LoopDelay) => void = () => {};
  let stormCpu = 0;
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the API exited (${code})`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const match = /^listening (\d+)$/.exec(line);
      if (match) resolve(Number(match[1]));
      else if (line.startsWith('storm-cpu ')) stormCpu = Number(line.slice(10));
      else if (line.startsWith('loop-delay ')) onLoopDelay(JSON.parse(line.slice(11)) as LoopDelay);
      else console.log(`[api] ${line}`);
    });
  });
  /** The API records its event-loop delay for the phase named (idle, storm, pause). */
  const phase = (name: 'idle' | 'storm' | 'pause') => child.stdin.write(`${name}\n`);
  const baseUrl = `http://127.0.0.1:${port}`;

  // Warm up: the first requests compile code paths and open pool connections.
  for (let i = 0; i < 20; i++) await (await fetch(`${baseUrl}/healthz`)).arrayBuffer();
  for (const login of logins.slice(0, 4)) {
    const res = await fetch(`${baseUrl}/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login, password: PASSWORD }),
    });
    if (res.status !== 200) throw new Error(`warm-up login answered ${res.status}: ${await res.text()}`);
  }

  // Idle and storm phases alternate, so a change in the shared machine's load hits both alike.
  const idleLatencies: number[] = [];
  const stormLatencies: number[] = [];
  const loginLatencies: number[] = [];
  let loginsOk = 0;
  let loginsFailed = 0;
  let stormSeconds = 0;
  for (let round = 1; round <= rounds; round++) {
    say(`round ${round}/${rounds} idle: probing GET /healthz for ${idleMs / 1000} s`);
    phase('idle');
    const idleProbe = probe(baseUrl);
    await new Promise((resolve) => setTimeout(resolve, idleMs));
    idleLatencies.push(...(await idleProbe.stop()));

    say(
      `round ${round}/${rounds} storm: ${concurrency} concurrent logins for ${stormMs / 1000} s, probing GET /healthz`,
    );
    phase('storm');
    const stormProbe = probe(baseUrl);
    const clients = new Worker(new URL('./support/login-clients.ts', import.meta.url), {
      workerData: {
        baseUrl,
        logins,
        password: PASSWORD,
        concurrency,
        durationMs: stormMs,
      } satisfies ClientsInput,
    });
    const result = await new Promise<ClientsResult>((resolve, reject) => {
      clients.once('message', resolve);
      clients.once('error', reject);
    });
    await clients.terminate();
    loginsOk += result.ok;
    loginsFailed += result.failed;
    loginLatencies.push(...result.latencies);
    stormSeconds += result.seconds;
    stormLatencies.push(...(await stormProbe.stop()));
    phase('pause');
  }
  const loopDelay = await new Promise<LoopDelay>((resolve) => {
    onLoopDelay = resolve;
    child.stdin.write('report\n');
  });
  const idle = summary(idleLatencies);
  const storm = summary(stormLatencies);
  const logins_ = summary(loginLatencies);

  const ms = (v: number) => `${v.toFixed(2)} ms`;
  console.log('');
  console.log(
    `login storm — ${availableParallelism()} cores, ${concurrency} concurrent clients, ${rounds} rounds, ${stormSeconds.toFixed(1)} s of storm` +
      (values.hashes ? `, LOGIN_CONCURRENT_HASHES=${values.hashes}` : ', LOGIN_CONCURRENT_HASHES default'),
  );
  console.log(
    `  logins:            ${loginsOk} ok, ${loginsFailed} failed — ${(loginsOk / stormSeconds).toFixed(1)} logins/s (p50 ${ms(logins_.p50)}, p99 ${ms(logins_.p99)})`,
  );
  console.log(`  probe idle:        p50 ${ms(idle.p50)}, p99 ${ms(idle.p99)} (${idle.n} requests)`);
  console.log(`  probe under storm: p50 ${ms(storm.p50)}, p99 ${ms(storm.p99)} (${storm.n} requests)`);
  console.log(`  p99 ratio:         ${(storm.p99 / idle.p99).toFixed(2)}× idle (goal ≤ 1.3×)`);
  console.log(
    `  API main thread:   ${stormCpu.toFixed(2)} s CPU during the storms (${((stormCpu / stormSeconds) * 100).toFixed(1)} % of a core; logins and the probe's requests together)`,
  );
  console.log(
    `  API event-loop delay: idle p50 ${ms(loopDelay.idle.p50)}, p99 ${ms(loopDelay.idle.p99)}; ` +
      `storm p50 ${ms(loopDelay.storm.p50)}, p99 ${ms(loopDelay.storm.p99)}`,
  );
  if (loginsFailed > 0) exitCode = 1;
} catch (err) {
  console.error(err);
  exitCode = 1;
} finally {
  await cleanup.run();
}
process.exit(exitCode);
