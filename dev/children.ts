// The api and the worker run as child Node processes of the local stack: their output lines carry
// their name, and stopping them means SIGTERM, then SIGKILL when they take too long.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { prefixedLog } from './prefixed-log.ts';

export type NodeChild = {
  name: string;
  /** Resolves once the process has ended and its output is drained, saying how it ended. */
  exited: Promise<string>;
  /** Calls `listener` with every line the child writes (stdout and stderr). */
  onLine(listener: (line: string) => void): void;
  stop(): Promise<void>;
};

export type NodeChildOptions = {
  name: string;
  /** Script path, run with this process's Node binary. */
  script: string;
  env: NodeJS.ProcessEnv;
  stopGraceMs?: number;
};

const SETPRIV = '/usr/bin/setpriv';
// With `setpriv --pdeathsig`, the kernel sends SIGTERM to the child even when this process dies
// without running its exit handlers (SIGKILL, OOM), so no orphan keeps the port or the task queue.
const withDeathSignal = process.platform === 'linux' && existsSync(SETPRIV);

export function spawnNodeChild(opts: NodeChildOptions): NodeChild {
  const command = withDeathSignal
    ? [SETPRIV, '--pdeathsig', 'TERM', '--', process.execPath, opts.script]
    : [process.execPath, opts.script];
  const child = spawn(command[0]!, command.slice(1), { env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });

  const listeners: ((line: string) => void)[] = [];
  const pipeLines = (input: NodeJS.ReadableStream, write: (line: string) => void) =>
    createInterface({ input }).on('line', (line) => {
      write(line);
      for (const listener of listeners) listener(line);
    });
  pipeLines(child.stdout, prefixedLog(opts.name));
  pipeLines(child.stderr, prefixedLog(opts.name, process.stderr));

  // A forced exit of this process (second Ctrl-C) still takes the child along.
  const killOnExit = () => child.kill('SIGKILL');
  process.on('exit', killOnExit);
  const exited = new Promise<string>((resolve) => {
    child.on('error', (err) => resolve(`could not be started: ${err.message}`));
    // 'close' comes after the last output line, so a crash report is printed before we say it died.
    child.on('close', (code, signal) =>
      resolve(signal ? `was killed by ${signal}` : `exited with code ${code}`),
    );
  }).finally(() => process.off('exit', killOnExit));

  const graceMs = opts.stopGraceMs ?? 10_000;
  return {
    name: opts.name,
    exited,
    onLine: (listener) => void listeners.push(listener),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) {
        await exited;
        return;
      }
      child.kill('SIGTERM');
      const timer = setTimeout(() => {
        prefixedLog(opts.name)(`still running ${graceMs / 1000} s after SIGTERM: killing it`);
        child.kill('SIGKILL');
      }, graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}
