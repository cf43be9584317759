// Runs `temporal server start-dev` as a child process and resolves once its frontend answers.
import { spawn, type ChildProcess } from 'node:child_process';
import { access, constants } from 'node:fs/promises';
import { connect as tcpConnect } from 'node:net';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { Connection } from '@temporalio/client';
import { pickFreePort } from './free-port.ts';
import type { SearchAttributeType } from './search-attributes.ts';

export type TemporalDevServerOptions = {
  binary: string;
  /** Frontend gRPC port; 0 or undefined picks a free one. */
  port?: number;
  /** Web UI port; 0 or undefined picks a free one, false runs headless. */
  uiPort?: number | false;
  /** SQLite file that keeps state across restarts; in-memory when omitted. */
  dbFile?: string;
  namespace?: string;
  searchAttributes: Record<string, SearchAttributeType>;
  log: (line: string) => void;
  readyTimeoutMs?: number;
};

export type TemporalDevServer = { address: string; namespace: string; uiUrl?: string; stop(): Promise<void> };

const STOP_GRACE_MS = 10_000;
const TAIL_LINES = 30;

export async function startTemporalDevServer(opts: TemporalDevServerOptions): Promise<TemporalDevServer> {
  const port = opts.port || (await pickFreePort());
  const uiPort = opts.uiPort === false ? undefined : opts.uiPort || (await pickFreePort());
  const namespace = opts.namespace ?? 'default';
  const address = `127.0.0.1:${port}`;

  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port)];
  args.push(...(uiPort === undefined ? ['--headless'] : ['--ui-port', String(uiPort)]));
  if (opts.dbFile) args.push('--db-filename', opts.dbFile);
  // The CLI always creates "default"; others are created on request.
  if (namespace !== 'default') args.push('--namespace', namespace);
  for (const [name, type] of Object.entries(opts.searchAttributes)) {
    args.push('--search-attribute', `${name}=${type}`);
  }
  // WAL without fsync: much faster, and a killed server process still leaves a consistent file.
  args.push('--sqlite-pragma', 'journal_mode=WAL', '--sqlite-pragma', 'synchronous=OFF');
  args.push('--log-level', 'warn', '--color', 'never');

  const child = await spawnDying(opts.binary, args);
  const tail: string[] = [];
  let stopping = false;
  const onLine = (line: string) => {
    // Once asked to stop, the server only reports its own connections closing: noise.
    if (!stopping) opts.log(line);
    tail.push(line);
    if (tail.length > TAIL_LINES) tail.shift();
  };
  createInterface({ input: child.stdout! }).on('line', onLine);
  createInterface({ input: child.stderr! }).on('line', onLine);

  const exited = new Promise<string>((resolve) => {
    child.on('error', (err) => resolve(`could not run ${opts.binary}: ${err.message}`));
    child.on('close', (code, signal) => resolve(`exited with ${signal ?? `code ${code}`}`));
  });
  // Never leave a dev server behind when this process ends; SQLite in WAL mode survives a kill.
  const killOnExit = () => child.kill('SIGKILL');
  process.on('exit', killOnExit);

  const stop = async () => {
    process.off('exit', killOnExit);
    stopping = true;
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    await exited;
    clearTimeout(timer);
  };

  const timeoutMs = opts.readyTimeoutMs ?? 60_000;
  let gaveUp = false;
  const problem = await Promise.race([
    exited.then((how) => {
      gaveUp = true;
      return `Temporal dev server ${how} before it was ready`;
    }),
    waitUntilServing(address, namespace, Date.now() + timeoutMs, () => gaveUp).then(
      () => undefined,
      (err: Error) =>
        `Temporal dev server did not become ready at ${address} in ${timeoutMs} ms: ${err.message}`,
    ),
  ]);
  if (problem) {
    await stop();
    throw new Error(`${problem}\n--- last output ---\n${tail.join('\n')}`);
  }
  return { address, namespace, uiUrl: uiPort === undefined ? undefined : `http://127.0.0.1:${uiPort}`, stop };
}

/**
 * On Linux, `setpriv --pdeathsig` makes the kernel kill the server even when this process dies
 * without running its exit handlers (SIGKILL, OOM), so no orphan keeps holding the ports.
 */
async function spawnDying(binary: string, args: string[]): Promise<ChildProcess> {
  const options = { stdio: ['ignore', 'pipe', 'pipe'] as ('ignore' | 'pipe')[] };
  const setpriv = '/usr/bin/setpriv';
  const hasSetpriv =
    process.platform === 'linux' &&
    (await access(setpriv, constants.X_OK).then(
      () => true,
      () => false,
    ));
  return hasSetpriv
    ? spawn(setpriv, ['--pdeathsig', 'KILL', '--', binary, ...args], options)
    : spawn(binary, args, options);
}

/** A cheap TCP probe first, then a real gRPC round trip, so readiness is seen within ~50 ms. */
async function waitUntilServing(
  address: string,
  namespace: string,
  deadline: number,
  gaveUp: () => boolean,
): Promise<void> {
  const [host, port] = address.split(':');
  let lastError: unknown = new Error('nothing accepts connections there');
  while (Date.now() < deadline && !gaveUp()) {
    if (await canConnect(host!, Number(port))) {
      // Short attempts, so a server that died is noticed soon and this loop ends.
      const connection = Connection.lazy({ address, connectTimeout: 2000 });
      try {
        await connection.ensureConnected();
        await connection.workflowService.describeNamespace({ namespace });
        return;
      } catch (err) {
        lastError = err;
      } finally {
        await connection.close();
      }
    }
    await sleep(50);
  }
  throw lastError instanceof Error ? lastError : new Error(String(lastError));
}

function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = tcpConnect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
