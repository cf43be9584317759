// A worker program run as a child Node process, so its memory can be measured on its own. Its output
// goes straight to a log file (the bench does no work per log line); the tail is shown on failure.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

const SETPRIV = '/usr/bin/setpriv';
const STOP_GRACE_MS = 15_000;

export type WorkerProcess = Awaited<ReturnType<typeof spawnWorkerProcess>>;

export async function spawnWorkerProcess(opts: {
  name: string;
  script: string;
  env: NodeJS.ProcessEnv;
  logFile: string;
  onMessage?: (message: unknown) => void;
}) {
  const log = await open(opts.logFile, 'a');
  // The kernel stops the child even if the bench dies without running its exit handlers.
  const command =
    process.platform === 'linux' && existsSync(SETPRIV)
      ? [SETPRIV, '--pdeathsig', 'TERM', '--', process.execPath, opts.script]
      : [process.execPath, opts.script];
  const child = spawn(command[0]!, command.slice(1), {
    env: opts.env,
    stdio: ['ignore', log.fd, log.fd, 'ipc'],
  });
  await log.close();
  if (opts.onMessage) child.on('message', opts.onMessage);
  const killOnExit = () => child.kill('SIGKILL');
  process.on('exit', killOnExit);
  const exited = new Promise<string>((resolve) => {
    child.on('error', (err) => resolve(`could not be started: ${err.message}`));
    child.on('exit', (code, signal) => resolve(signal ? `was killed by ${signal}` : `exited with code ${code}`));
  }).finally(() => process.off('exit', killOnExit));
  let ended: string | undefined;
  void exited.then((how) => (ended = how));

  const tail = async (lines = 30) =>
    (await readFile(opts.logFile, 'utf8').catch(() => '')).trimEnd().split('\n').slice(-lines).join('\n');

  return {
    name: opts.name,
    pid: child.pid!,
    exited,
    tail,
    /** Resolves once the log holds `text`; fails if the process ends or the time runs out. */
    async waitForLog(text: string, timeoutMs: number): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        if ((await readFile(opts.logFile, 'utf8').catch(() => '')).includes(text)) return;
        if (ended) throw new Error(`${opts.name} ${ended} before logging "${text}":\n${await tail()}`);
        if (Date.now() > deadline) throw new Error(`${opts.name} did not log "${text}" in ${timeoutMs} ms:\n${await tail()}`);
        await sleep(100);
      }
    },
    /** SIGTERM (the worker drains and stops), SIGKILL after a grace period. */
    async stop(): Promise<void> {
      if (ended) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      await exited;
      clearTimeout(timer);
    },
  };
}
