// `worker/main.ts` as a real, separate OS process, for tests that crash it (SIGKILL) and start
// another one. It is configured only by environment variables, exactly as in production.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';

const WORKER_SCRIPT = new URL('../../worker/main.ts', import.meta.url).pathname;
const PROJECT_ROOT = new URL('../..', import.meta.url).pathname;
const SETPRIV = '/usr/bin/setpriv';

export interface WorkerProcess {
  readonly name: string;
  readonly pid: number;
  /** Resolves once the process has ended, with its exit code or the signal that ended it. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The pino messages (`msg`) the worker has logged so far, in order. */
  messages(): string[];
  /** The last lines of output (stdout and stderr), for failure messages. */
  tail(lines?: number): string;
  /** Sends a signal now (no waiting). */
  kill(signal: NodeJS.Signals): void;
  /** SIGKILL if still running, then waits for the exit. Safe to call more than once. */
  destroy(): Promise<void>;
}

/**
 * Spawns `node worker/main.ts` with exactly `env` (plus PATH/HOME) and resolves when it logs
 * "worker started" (it bundles the workflows first: a few seconds). Rejects with its output if it
 * exits or stays silent for `startTimeoutMs`; the process is killed in that case.
 */
export async function startWorkerProcess(
  name: string,
  env: Record<string, string>,
  startTimeoutMs = 60_000,
): Promise<WorkerProcess> {
  // With setpriv --pdeathsig the kernel kills the worker even if the test process itself dies
  // without cleaning up, so no orphan keeps polling the task queue.
  const command =
    process.platform === 'linux' && existsSync(SETPRIV)
      ? [SETPRIV, '--pdeathsig', 'KILL', '--', process.execPath, WORKER_SCRIPT]
      : [process.execPath, WORKER_SCRIPT];
  const child: ChildProcess = spawn(command[0]!, command.slice(1), {
    cwd: PROJECT_ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) throw new Error(`${name}: could not be spawned`);
  const pid = child.pid;

  const output: string[] = [];
  const messages: string[] = [];
  const lineListeners = new Set<() => void>();
  const onLine = (line: string, parse: boolean) => {
    output.push(line);
    if (output.length > 400) output.shift();
    if (parse && line.startsWith('{')) {
      try {
        const msg = (JSON.parse(line) as { msg?: unknown }).msg;
        if (typeof msg === 'string') messages.push(msg);
      } catch {
        // not a pino line
      }
    }
    for (const listener of lineListeners) listener();
  };
  createInterface({ input: child.stdout! }).on('line', (line) => onLine(line, true));
  createInterface({ input: child.stderr! }).on('line', (line) => onLine(`[stderr] ${line}`, false));

  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal }));
  });
  const tail = (lines = 40) => output.slice(-lines).join('\n');
  const running = () => child.exitCode === null && child.signalCode === null;

  const worker: WorkerProcess = {
    name,
    pid,
    exited,
    messages: () => [...messages],
    tail,
    kill(signal) {
      if (running()) process.kill(pid, signal);
    },
    async destroy() {
      if (running()) process.kill(pid, 'SIGKILL');
      await exited;
    },
  };

  let timer: NodeJS.Timeout | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      const check = () => {
        if (messages.includes('worker started')) resolve();
      };
      lineListeners.add(check);
      void exited.then(({ code, signal }) =>
        reject(new Error(`${name} ended before it started (code ${code}, signal ${signal}):\n${tail()}`)),
      );
      timer = setTimeout(
        () => reject(new Error(`${name} did not start within ${startTimeoutMs} ms:\n${tail()}`)),
        startTimeoutMs,
      );
    });
  } catch (err) {
    await worker.destroy();
    throw err;
  } finally {
    clearTimeout(timer);
    lineListeners.clear();
  }
  return worker;
}
