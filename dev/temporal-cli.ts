// Finds or builds the Temporal CLI binary that runs the local dev server.
// The SDK's own download comes from the internet, which this project cannot count on, while the
// Go module proxy is reachable: so the CLI is built once from source and cached outside git.
import { spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access, mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { homedir, hostname } from 'node:os';
import { delimiter, join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';

// Later CLI versions carry a replace directive in go.mod, which `go install pkg@version` refuses.
export const TEMPORAL_CLI_VERSION = 'v1.5.1';
const MODULE = `github.com/temporalio/cli/cmd/temporal@${TEMPORAL_CLI_VERSION}`;
const PROGRESS_EVERY_MS = 30_000;
// A lock without a live owner on this host, or one whose owner never wrote its pid, is left over.
const UNOWNED_LOCK_GRACE_MS = 60_000;

export async function ensureTemporalCli(log: (msg: string) => void): Promise<string> {
  const fromEnv = process.env['TEMPORAL_CLI'];
  if (fromEnv) {
    if (!(await isExecutable(fromEnv))) throw new Error(`TEMPORAL_CLI=${fromEnv} is not an executable file`);
    return fromEnv;
  }
  const onPath = await findOnPath('temporal');
  if (onPath) return onPath;

  const paths = cachePaths();
  if (await isExecutable(paths.binary)) return paths.binary;

  await mkdir(paths.root, { recursive: true });
  await acquireLock(paths.lock, log);
  try {
    // Another process may have finished the build while we waited for the lock.
    if (await isExecutable(paths.binary)) return paths.binary;
    await buildInto(paths, log);
    return paths.binary;
  } finally {
    await rm(paths.lock, { recursive: true, force: true });
  }
}

type CachePaths = { root: string; dir: string; binary: string; lock: string; tmpPrefix: string };

function cachePaths(): CachePaths {
  const root = join(process.env['XDG_CACHE_HOME'] || join(homedir(), '.cache'), 'kabinet');
  const name = `temporal-cli-${TEMPORAL_CLI_VERSION}`;
  const dir = join(root, name);
  return {
    root,
    dir,
    binary: join(dir, 'temporal'),
    lock: join(root, `${name}.lock`),
    tmpPrefix: `${name}.tmp-`,
  };
}

async function buildInto(paths: CachePaths, log: (msg: string) => void): Promise<void> {
  await ensureGo();
  // We hold the lock, so temp dirs left by interrupted builds belong to nobody.
  for (const entry of await readdir(paths.root)) {
    if (entry.startsWith(paths.tmpPrefix)) {
      await rm(join(paths.root, entry), { recursive: true, force: true });
    }
  }
  const tmpDir = join(paths.root, `${paths.tmpPrefix}${process.pid}`);
  await mkdir(tmpDir, { recursive: true });

  log(`building Temporal CLI ${TEMPORAL_CLI_VERSION} with Go, first time only (a few minutes)…`);
  const started = Date.now();
  let compiled = 0;
  const ticker = setInterval(() => {
    const seconds = Math.round((Date.now() - started) / 1000);
    log(`still building Temporal CLI: ${seconds} s, ${compiled} packages compiled`);
  }, PROGRESS_EVERY_MS);
  try {
    const tail: string[] = [];
    const code = await runGo(['install', '-v', MODULE], buildEnv(tmpDir), (line) => {
      // `-v` prints each compiled package as a bare import path: count those, show the rest.
      if (/^[\w.~\-/]+$/.test(line)) {
        compiled++;
        return;
      }
      log(line);
      tail.push(line);
      if (tail.length > 20) tail.shift();
    });
    if (code !== 0) {
      throw new Error(`go install ${MODULE} failed (exit ${code}):\n${tail.join('\n')}`);
    }
    // Renaming the whole directory publishes the binary atomically: never a half-written file.
    await rm(paths.dir, { recursive: true, force: true });
    await rename(tmpDir, paths.dir);
    log(`built Temporal CLI in ${Math.round((Date.now() - started) / 1000)} s: ${paths.binary}`);
  } finally {
    clearInterval(ticker);
    await rm(tmpDir, { recursive: true, force: true });
  }
}

function buildEnv(gobin: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    GOBIN: gobin,
    GOFLAGS: '-buildvcs=false',
    // The checksum database may be unreachable here; the module proxy is the trusted source, so
    // skipping the extra verification against sum.golang.org is acceptable for a dev tool.
    GOSUMDB: 'off',
  };
}

async function ensureGo(): Promise<void> {
  const code = await runGo(['version'], process.env, () => {}).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return -1;
    throw err;
  });
  if (code !== 0) {
    throw new Error(
      'The Temporal CLI is not installed and Go is not available to build it. ' +
        'Install Go (https://go.dev/dl/), put `temporal` on PATH, or set TEMPORAL_CLI to its path.',
    );
  }
}

/** Runs `go` and resolves with its exit code; stdout and stderr lines go to `onLine`. */
function runGo(args: string[], env: NodeJS.ProcessEnv, onLine: (line: string) => void): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn('go', args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.on('error', reject);
    createInterface({ input: child.stdout }).on('line', onLine);
    createInterface({ input: child.stderr }).on('line', onLine);
    child.on('close', (code) => resolve(code ?? -1));
  });
}

/** `mkdir` is atomic, so whoever creates the directory owns the lock. */
async function acquireLock(lock: string, log: (msg: string) => void): Promise<void> {
  let announced = false;
  for (;;) {
    try {
      await mkdir(lock);
      await writeFile(join(lock, 'owner'), `${hostname()} ${process.pid}\n`);
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    if (await isStaleLock(lock)) {
      log(`removing a stale Temporal CLI build lock: ${lock}`);
      await rm(lock, { recursive: true, force: true });
      continue;
    }
    if (!announced) {
      log('another process is building the Temporal CLI; waiting for it…');
      announced = true;
    }
    await sleep(1000);
  }
}

async function isStaleLock(lock: string): Promise<boolean> {
  const owner = await readFile(join(lock, 'owner'), 'utf8').catch(() => undefined);
  if (owner === undefined) {
    const since = await stat(lock).then(
      (s) => Date.now() - s.mtimeMs,
      () => 0,
    );
    return since > UNOWNED_LOCK_GRACE_MS;
  }
  const [host, pid] = owner.trim().split(' ');
  // An owner on another host (shared cache) cannot be checked; trust it.
  if (host !== hostname()) return false;
  return !isAlive(Number(pid));
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function findOnPath(name: string): Promise<string | undefined> {
  for (const dir of (process.env['PATH'] ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    if (await isExecutable(candidate)) return candidate;
  }
  return undefined;
}

async function isExecutable(file: string): Promise<boolean> {
  try {
    const info = await stat(file);
    if (!info.isFile()) return false;
    await access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
