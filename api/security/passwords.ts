import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { PasswordResult, PasswordTask } from './password-worker.ts';

// argon2id with OWASP's baseline (19 MiB, 2 passes).
const ARGON2ID = 2; // Algorithm.Argon2id (a const enum, which type stripping cannot import)
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

type Pending = { resolve: (value: string | boolean) => void; reject: (err: Error) => void };
type Job = { task: PasswordTask; pending: Pending };
type TaskInput =
  | { op: 'hash'; password: string; options: Record<string, number> }
  | { op: 'verify'; hash: string; password: string };

/**
 * Hashing runs in a small pool of worker threads (api/security/password-worker.ts) at the lowest scheduling
 * priority, never on the event loop nor on libuv's shared thread pool (file and DNS work). At most
 * `size` hashes run at once; the rest wait in order. A login storm therefore uses the spare CPU
 * without slowing other requests down (README, Performance: bench/login-storm.ts).
 */
class HashPool {
  size = Math.max(1, availableParallelism() - 1);
  private readonly idle: Worker[] = [];
  private readonly busy = new Map<Worker, Job>();
  private readonly queue: Job[] = [];
  private workers = 0;
  private nextId = 1;

  run(task: TaskInput): Promise<string | boolean> {
    return new Promise((resolve, reject) => {
      this.queue.push({ task: { ...task, id: this.nextId++ }, pending: { resolve, reject } });
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      let worker = this.idle.pop();
      if (!worker && this.workers < this.size) worker = this.spawn();
      if (!worker) return;
      const job = this.queue.shift()!;
      this.busy.set(worker, job);
      worker.ref(); // a hash in flight keeps the process alive; an idle pool does not
      worker.postMessage(job.task);
    }
  }

  private spawn(): Worker {
    const worker = new Worker(new URL('./password-worker.ts', import.meta.url));
    this.workers++;
    worker.on('message', (result: PasswordResult) => {
      const job = this.busy.get(worker);
      this.busy.delete(worker);
      worker.unref();
      if (this.workers <= this.size) this.idle.push(worker);
      else {
        this.workers--;
        void worker.terminate();
      }
      if (job) {
        if (result.error !== undefined) job.pending.reject(new Error(result.error));
        else job.pending.resolve(result.value!);
      }
      this.dispatch();
    });
    worker.on('error', (err: Error) => {
      // A crashed thread: fail its job and let a new thread take the queue.
      const job = this.busy.get(worker);
      this.busy.delete(worker);
      this.workers--;
      job?.pending.reject(err);
      this.dispatch();
    });
    return worker;
  }
}

const pool = new HashPool();

/** LOGIN_CONCURRENT_HASHES: threads hashing at once; the default is the cores less one (at least one). */
export function setPasswordHashConcurrency(limit: number | undefined): void {
  if (limit !== undefined && limit >= 1) pool.size = limit;
}

export const hashPassword = async (password: string): Promise<string> =>
  (await pool.run({ op: 'hash', password, options: OPTIONS })) as string;

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return (await pool.run({ op: 'verify', hash: passwordHash, password })) === true;
  } catch {
    return false;
  }
}

/** A hash of a random password, verified against when the login is unknown so both paths cost the same. */
let decoyHash: Promise<string> | undefined;
export const decoyPasswordHash = (): Promise<string> =>
  (decoyHash ??= hashPassword(`decoy-${Math.random()}`));
