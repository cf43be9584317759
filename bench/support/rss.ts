import { readFile } from 'node:fs/promises';

/** Resident memory of a process from /proc/<pid>/status, in bytes (Linux). */
export async function memoryOf(pid: number): Promise<{ rss: number; hwm: number } | undefined> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => undefined);
  if (!status) return undefined;
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
}

/**
 * Samples a process's VmRSS every `everyMs` until stopped. `peak()` is the highest sample since
 * the last `reset()`; VmHWM (the kernel's own high-water mark) covers the whole life of the process.
 */
export function sampleRss(pid: number, everyMs = 100) {
  let peak = 0;
  let last = 0;
  let hwm = 0;
  let busy = false;
  const sample = async () => {
    if (busy) return;
    busy = true;
    const m = await memoryOf(pid);
    busy = false;
    if (!m) return;
    last = m.rss;
    hwm = m.hwm;
    peak = Math.max(peak, m.rss);
  };
  const timer = setInterval(() => void sample(), everyMs);
  void sample();
  return {
    peak: () => peak,
    last: () => last,
    hwm: () => hwm,
    /** Starts a new peak window from the current sample. */
    reset: () => {
      peak = last;
    },
    /** Takes a final sample and stops. */
    async stop() {
      clearInterval(timer);
      await sample();
    },
  };
}

export const mib = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MiB`;
