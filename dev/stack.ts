// The local stack behind `npm start` (dev/start.ts runs this file in its own process group).
// Brings up in parallel what is not configured — PostgreSQL, Temporal, the SMS server, the SMTP
// catcher, the ФРМР register — migrates the database, runs the worker and the api as children, prints the URLs once both
// are ready, and on SIGINT/SIGTERM stops everything in order: api, worker, SMS server, register,
// Temporal, PostgreSQL.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeSeed, seedCatalogAt } from '../db/seeds/catalog-seed.ts';
import { describeLicenceSeed, seedLicencesAt } from '../db/seeds/licence-seed.ts';
import { SEARCH_ATTRIBUTES } from '../workflows/search-attributes.ts';
import { spawnNodeChild, type NodeChild } from './children.ts';
import { isPortFree } from './free-port.ts';
import { applyMigrations, ensureDatabase } from './local-database.ts';
import { operatorToken, persistentSecret } from './local-secrets.ts';
import { portFromEnv } from './port-from-env.ts';
import { startEmbeddedPostgres, type EmbeddedPostgresServer } from './postgres.ts';
import { prefixedLog } from './prefixed-log.ts';
import { readyBanner, redactPassword } from './ready-banner.ts';
import {
  loadRegisterSeed,
  REGISTER_SEED_FILE,
  startRegisterServer,
  type RunningRegisterServer,
} from './register-server.ts';
import { startSmscServer, type RunningSmscServer } from './smsc-server.ts';
import { startSmtpCatcher, type RunningSmtpCatcher } from './smtp-server.ts';
import { ensureTemporalCli } from './temporal-cli.ts';
import { startTemporalDevServer, type TemporalDevServer } from './temporal-server.ts';
import { waitForHttpOk } from './wait-for-http.ts';

const projectDir = fileURLToPath(new URL('..', import.meta.url));
const dataDir = join(projectDir, '.data');
const DATABASE_NAME = 'kabinet';
// worker/main.ts logs this once its workflows are bundled and it is connected to Temporal.
const WORKER_STARTED = '"msg":"worker started"';
// Under npm one Ctrl-C arrives twice (from the terminal and forwarded by npm): that is not a second one.
const SAME_KEYPRESS_MS = 1000;
const STEP_STOP_TIMEOUT_MS = 30_000;
const PROGRESS_EVERY_MS = 15_000;

class StopRequested extends Error {}

const env = process.env;
const say = prefixedLog('start');

/** What this process started; shutdown() stops it in the order of these keys. */
const running: {
  api?: NodeChild;
  worker?: NodeChild;
  smsc?: RunningSmscServer;
  smtp?: RunningSmtpCatcher;
  register?: RunningRegisterServer;
  temporal?: TemporalDevServer;
  postgres?: EmbeddedPostgresServer;
} = {};

// Aborted by the first SIGINT/SIGTERM or the first failure: start-up steps check it between steps.
const startup = new AbortController();
const checkpoint = () => startup.signal.throwIfAborted();
const stopRequested = Promise.withResolvers<void>();
let firstSignalAt: number | undefined;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => onSignal(signal));

const exitCode = await run().catch((err: unknown) => {
  if (err instanceof StopRequested) return 0;
  // Failures of start-up steps were reported as they happened.
  if (startup.signal.reason !== err) say(describe(err));
  return 1;
});
const stopFailed = await shutdown();
process.exit(exitCode || (stopFailed ? 1 : 0));

async function run(): Promise<number> {
  const settings = readSettings();
  await assertPortsFree(settings);

  const database = step('PostgreSQL', startDatabase(settings.pgPort));
  const temporal = step('Temporal', startTemporal(settings));
  const sms = step('SMS server', startSms(settings.smscPort));
  const mail = step('SMTP catcher', startMail(settings.smtpPort, settings.smtpHttpPort));
  const register = step('ФРМР register', startRegister(settings.registerPort));
  const secret = step(
    'KABINET_SECRET',
    Promise.resolve(env['KABINET_SECRET'] || persistentSecret(join(dataDir, 'secret'))),
  );
  await Promise.allSettled([database, temporal, sms, mail, register, secret]);
  checkpoint();
  // Sample 1С:ИТС licences for the embedded database only (their PIN hashes need the secret).
  if (!env['DATABASE_URL']) {
    prefixedLog('postgres')(describeLicenceSeed(await seedLicencesAt((await database).url, await secret)));
  }

  const token = await operatorToken(env, join(dataDir, 'operator-token'));
  const publicUrl = env['PUBLIC_URL'] || `http://localhost:${settings.apiPort}`;
  const childEnv: NodeJS.ProcessEnv = {
    ...env,
    DATABASE_URL: (await database).url,
    TEMPORAL_ADDRESS: (await temporal).address,
    TEMPORAL_NAMESPACE: settings.namespace,
    TEMPORAL_UI_URL: (await temporal).uiUrl,
    ...(await sms).env,
    ...(await mail).env,
    ...(await register),
    KABINET_OPERATOR_TOKEN: token.token,
    KABINET_SECRET: await secret,
    PORT: String(settings.apiPort),
    PUBLIC_URL: publicUrl,
    SERVICE_URL_TEMPLATE: env['SERVICE_URL_TEMPLATE'] || `${publicUrl}/s/{slug}`,
  };

  const worker = (running.worker = spawnNodeChild({
    name: 'worker',
    script: join(projectDir, 'worker/main.ts'),
    env: childEnv,
  }));
  const api = (running.api = spawnNodeChild({
    name: 'api',
    script: join(projectDir, 'api/main.ts'),
    env: childEnv,
  }));
  const died = Promise.race(
    [worker, api].map((child) =>
      child.exited.then((how) => ({ kind: 'died' as const, how: `${child.name} ${how}` })),
    ),
  );
  const stop = stopRequested.promise.then(() => ({ kind: 'stop' as const }));

  const waiting = new AbortController();
  const ready = whenReady(settings.apiPort, worker, waiting.signal).then(() => ({ kind: 'ready' as const }));
  const started = await Promise.race([ready, died, stop]);
  waiting.abort();
  if (started.kind === 'ready') {
    console.log(
      readyBanner({
        apiUrl: `http://localhost:${settings.apiPort}`,
        temporalUiUrl: (await temporal).uiUrl,
        smsOutboxUrl: (await sms).outboxUrl,
        smscUrl: childEnv['SMSC_URL'] ?? '',
        mailOutboxUrl: (await mail).outboxUrl,
        smtpUrl: childEnv['SMTP_URL'] ?? '',
        database: (await database).shown,
        operatorToken: token.token,
        operatorTokenFile: token.storedIn,
        // Since this process started, module loading included.
        readyInMs: performance.now(),
      }),
    );
  }
  const ended = started.kind === 'ready' ? await Promise.race([died, stop]) : started;
  if (ended.kind === 'died') {
    say(`${ended.how} unexpectedly: stopping everything`);
    return 1;
  }
  return 0;
}

function readSettings() {
  return {
    apiPort: portFromEnv('PORT', 3000),
    pgPort: portFromEnv('PG_PORT', 5433),
    temporalPort: portFromEnv('TEMPORAL_PORT', 7233),
    temporalUiPort: portFromEnv('TEMPORAL_UI_PORT', 8233),
    smscPort: portFromEnv('SMSC_PORT', 3025),
    smtpPort: portFromEnv('SMTP_PORT', 2525),
    smtpHttpPort: portFromEnv('SMTP_HTTP_PORT', 3027),
    registerPort: portFromEnv('REGISTER_PORT', 3026),
    namespace: env['TEMPORAL_NAMESPACE'] || 'default',
  };
}
type Settings = ReturnType<typeof readSettings>;

/** Fails in a second with a clear message rather than after a long start-up with a child's stack trace. */
async function assertPortsFree(settings: Settings): Promise<void> {
  const wanted: [number, string][] = [[settings.apiPort, 'PORT']];
  if (!env['TEMPORAL_ADDRESS']) {
    wanted.push([settings.temporalPort, 'TEMPORAL_PORT'], [settings.temporalUiPort, 'TEMPORAL_UI_PORT']);
  }
  if (!env['SMSC_URL']) wanted.push([settings.smscPort, 'SMSC_PORT']);
  if (!env['SMTP_URL']) wanted.push([settings.smtpPort, 'SMTP_PORT'], [settings.smtpHttpPort, 'SMTP_HTTP_PORT']);
  if (!env['REGISTER_URL']) wanted.push([settings.registerPort, 'REGISTER_PORT']);
  // PostgreSQL's port is checked by startEmbeddedPostgres.
  for (const [port, variable] of wanted) {
    if (!(await isPortFree(port))) {
      throw new Error(
        `port ${port} is already in use on 127.0.0.1: stop what listens there or set ${variable}`,
      );
    }
  }
}

/** The first failing step is reported at once and ends the others at their next checkpoint. */
function step<T>(what: string, work: Promise<T>): Promise<T> {
  return work.catch((err: unknown) => {
    if (!startup.signal.aborted) {
      say(`${what} failed: ${describe(err)}`);
      startup.abort(err);
    }
    throw err;
  });
}

async function startDatabase(port: number): Promise<{ url: string; shown: string }> {
  const log = prefixedLog('postgres');
  const configured = env['DATABASE_URL'];
  let url = configured;
  if (!url) {
    const server = await startEmbeddedPostgres({
      dataDir: join(dataDir, 'postgres'),
      port,
      persistent: true,
      log,
    });
    running.postgres = server;
    checkpoint();
    const database = await ensureDatabase(server.url, DATABASE_NAME);
    url = database.url;
    log(`${database.created ? 'created' : 'using'} database ${DATABASE_NAME} on 127.0.0.1:${server.port}`);
  }
  checkpoint();
  const applied = await applyMigrations(url);
  log(
    applied.length
      ? `applied migrations: ${applied.join(', ')}`
      : 'schema is up to date, no pending migrations',
  );
  // Demo catalog for the embedded database only; a configured database is left as it is.
  if (!configured) log(describeSeed(await seedCatalogAt(url)));
  // The embedded server's fixed local password is fine to show; a configured one is not.
  return { url, shown: configured ? redactPassword(url) : url };
}

async function startTemporal(settings: Settings): Promise<{ address: string; uiUrl: string }> {
  const configured = env['TEMPORAL_ADDRESS'];
  if (configured) return { address: configured, uiUrl: env['TEMPORAL_UI_URL'] || 'http://127.0.0.1:8233' };
  const log = prefixedLog('temporal');
  const binary = await ensureTemporalCli(log);
  checkpoint();
  await mkdir(dataDir, { recursive: true });
  const server = await startTemporalDevServer({
    binary,
    port: settings.temporalPort,
    uiPort: settings.temporalUiPort,
    dbFile: join(dataDir, 'temporal.sqlite'),
    namespace: settings.namespace,
    searchAttributes: SEARCH_ATTRIBUTES,
    log,
  });
  running.temporal = server;
  log(`dev server on ${server.address}, namespace ${server.namespace}, UI ${server.uiUrl}`);
  return { address: server.address, uiUrl: server.uiUrl ?? '' };
}

async function startSms(port: number): Promise<{ env: NodeJS.ProcessEnv; outboxUrl?: string }> {
  if (env['SMSC_URL']) return { env: {} };
  const login = env['SMSC_LOGIN'] || 'kabinet';
  const password = env['SMSC_PASSWORD'] || 'kabinet';
  const server = await startSmscServer({
    port,
    outboxFile: join(dataDir, 'smsc-outbox.json'),
    login,
    password,
  });
  running.smsc = server;
  prefixedLog('smsc')(`SMSC-compatible server on ${server.url}, outbox ${server.url}/`);
  return {
    env: { SMSC_URL: server.url, SMSC_LOGIN: login, SMSC_PASSWORD: password },
    outboxUrl: `${server.url}/`,
  };
}

/** The local SMTP catcher, unless SMTP_URL names a mail server. */
async function startMail(smtpPort: number, httpPort: number): Promise<{ env: NodeJS.ProcessEnv; outboxUrl?: string }> {
  if (env['SMTP_URL']) return { env: {} };
  const server = await startSmtpCatcher({ smtpPort, httpPort, outboxFile: join(dataDir, 'smtp-outbox.json') });
  running.smtp = server;
  prefixedLog('smtp')(`SMTP catcher on ${server.smtpUrl}, letters ${server.url}/`);
  return { env: { SMTP_URL: server.smtpUrl }, outboxUrl: `${server.url}/` };
}

/** The local ФРМР with its seed records, unless REGISTER_URL names a register. */
async function startRegister(port: number): Promise<NodeJS.ProcessEnv> {
  if (env['REGISTER_URL']) return {};
  const server = await startRegisterServer({ port, records: await loadRegisterSeed(REGISTER_SEED_FILE) });
  running.register = server;
  prefixedLog('register')(`ФРМР-compatible register on ${server.url}, records ${server.url}/_records`);
  return { REGISTER_URL: server.url };
}

/** Resolves once the api answers /readyz with 200 and the worker has started; says what it waits for. */
function whenReady(apiPort: number, worker: NodeChild, signal: AbortSignal): Promise<void> {
  let apiState = 'no answer yet';
  // The worker's start line is logged at info level: quieter settings never show it.
  let workerStarted = !['info', 'debug', 'trace'].includes(env['LOG_LEVEL'] || 'info');
  const workerReady = new Promise<void>((resolve) => {
    if (workerStarted) resolve();
    worker.onLine((line) => {
      if (!line.includes(WORKER_STARTED)) return;
      workerStarted = true;
      resolve();
    });
  });
  const apiReady = waitForHttpOk(
    `http://127.0.0.1:${apiPort}/readyz`,
    signal,
    (result) => (apiState = result),
  );
  const ticker = setInterval(() => {
    const waitingFor = [`api (/readyz: ${apiState})`, ...(workerStarted ? [] : ['worker'])];
    say(`still waiting for ${waitingFor.join(' and ')}…`);
  }, PROGRESS_EVERY_MS);
  signal.addEventListener('abort', () => clearInterval(ticker));
  return Promise.all([apiReady, workerReady]).then(() => clearInterval(ticker));
}

/** Stops what runs, in order; true when something could not be stopped. */
async function shutdown(): Promise<boolean> {
  const { api, worker, smsc, smtp, register, temporal, postgres } = running;
  const steps: [string, (() => Promise<void>) | undefined][] = [
    ['api', api && (() => api.stop())],
    ['worker', worker && (() => worker.stop())],
    ['SMS server', smsc && (() => smsc.close())],
    ['SMTP catcher', smtp && (() => smtp.close())],
    ['ФРМР register', register && (() => register.close())],
    ['Temporal', temporal && (() => temporal.stop())],
    ['PostgreSQL', postgres && (() => postgres.stop())],
  ];
  let failed = false;
  for (const [what, stop] of steps) {
    if (!stop) continue;
    const began = performance.now();
    try {
      await withTimeout(stop(), STEP_STOP_TIMEOUT_MS);
      say(`stopped ${what} (${Math.round(performance.now() - began)} ms)`);
    } catch (err) {
      say(`could not stop ${what}: ${describe(err)}`);
      failed = true;
    }
  }
  return failed;
}

function onSignal(signal: NodeJS.Signals): void {
  const now = Date.now();
  if (firstSignalAt === undefined) {
    firstSignalAt = now;
    say(`${signal}: stopping everything (Ctrl-C again to force)`);
    startup.abort(new StopRequested(signal));
    stopRequested.resolve();
    return;
  }
  if (now - firstSignalAt < SAME_KEYPRESS_MS) return;
  // Exit handlers still kill the children and the servers (see children.ts, postgres.ts, temporal-server.ts).
  say(`${signal} again: exiting without waiting`);
  process.exit(130);
}

function withTimeout(work: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`still running after ${ms / 1000} s`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
