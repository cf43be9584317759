import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Polls `check` every `everyMs` until it returns a value; says `progress()` every 5 s, and fails
 * after `timeoutMs` (the bench must end in minutes even when something is stuck).
 */
export async function waitFor<T>(opts: {
  what: string;
  check: () => T | undefined | Promise<T | undefined>;
  progress?: () => string;
  say: (msg: string) => void;
  timeoutMs: number;
  everyMs?: number;
}): Promise<T> {
  const deadline = Date.now() + opts.timeoutMs;
  let nextReport = Date.now() + 5_000;
  for (;;) {
    const value = await opts.check();
    if (value !== undefined) return value;
    const now = Date.now();
    if (now > deadline) {
      throw new Error(`timed out after ${opts.timeoutMs / 1000} s waiting for ${opts.what}${opts.progress ? ` (${opts.progress()})` : ''}`);
    }
    if (opts.progress && now >= nextReport) {
      opts.say(`${opts.what}: ${opts.progress()}`);
      nextReport = now + 5_000;
    }
    await sleep(opts.everyMs ?? 50);
  }
}

/** How long a phase may take before the bench gives up: generous, for a busy shared 2-core machine. */
export const phaseTimeoutMs = (count: number) => 120_000 + count * 250;
