// One thread of the password-hashing pool (api/passwords.ts). It lowers its own scheduling priority
// first (on Linux a nice value belongs to the thread), so a login storm keeps every core busy without
// delaying the event loop, which the kernel then always runs first. Hashing is synchronous here: the
// thread does nothing else.
import { hashSync, verifySync } from '@node-rs/argon2';
import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';

export type PasswordTask =
  | { id: number; op: 'hash'; password: string; options: Record<string, number> }
  | { id: number; op: 'verify'; hash: string; password: string };
export type PasswordResult = { id: number; value?: string | boolean; error?: string };

try {
  setPriority(19);
} catch {
  // Not allowed here (some containers): the pool still keeps hashing off the event loop.
}

parentPort?.on('message', (task: PasswordTask) => {
  let result: PasswordResult;
  try {
    result =
      task.op === 'hash'
        ? { id: task.id, value: hashSync(task.password, task.options) }
        : { id: task.id, value: verifySync(task.hash, task.password) };
  } catch (err) {
    result = { id: task.id, error: err instanceof Error ? err.message : String(err) };
  }
  parentPort!.postMessage(result);
});
