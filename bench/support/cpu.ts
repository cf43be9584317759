// CPU time of the pieces of the stack, from /proc (Linux), so the report can say what a phase cost
// each of them: the Temporal dev server, the worker, PostgreSQL (server and its backends), the bench.
import { readdir, readFile } from 'node:fs/promises';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** utime+stime of a process, plus its reaped children's (cutime+cstime), in seconds. */
async function cpuOf(pid: number): Promise<{ own: number; reaped: number } | undefined> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  if (!stat) return undefined;
  // Fields after the command name (which may hold spaces): state is field 3, utime 14 … cstime 17.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const n = (field: number) => Number(fields[field - 3]);
  return { own: (n(14) + n(15)) / TICKS_PER_SECOND, reaped: (n(16) + n(17)) / TICKS_PER_SECOND };
}

async function processes(): Promise<{ pid: number; ppid: number; cmdline: string }[]> {
  const pids = (await readdir('/proc')).filter((d) => /^\d+$/.test(d)).map(Number);
  const all = await Promise.all(
    pids.map(async (pid) => {
      const [stat, cmdline] = await Promise.all([
        readFile(`/proc/${pid}/stat`, 'utf8').catch(() => ''),
        readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => ''),
      ]);
      if (!stat) return undefined;
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      return { pid, ppid, cmdline: cmdline.replaceAll('\0', ' ') };
    }),
  );
  return all.filter((p) => p !== undefined);
}

/** The first process whose command line contains every one of `parts`. */
export async function findProcess(...parts: string[]): Promise<number | undefined> {
  return (await processes()).find((p) => parts.every((part) => p.cmdline.includes(part)))?.pid;
}

/** CPU seconds used so far by a process and its whole tree (live descendants and reaped ones). */
export async function treeCpuSeconds(root: number): Promise<number> {
  const all = await processes();
  const tree = new Set([root]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of all) {
      if (!tree.has(p.pid) && tree.has(p.ppid)) {
        tree.add(p.pid);
        grew = true;
      }
    }
  }
  let total = 0;
  for (const pid of tree) {
    const cpu = await cpuOf(pid);
    // Reaped children count once, in their parent's cutime; live ones in their own utime.
    if (cpu) total += cpu.own + (pid === root ? cpu.reaped : 0);
  }
  return total;
}

/** CPU seconds of this process (the bench: the API and the SMSC server run here). */
export const selfCpuSeconds = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
};

export type CpuMeter = Awaited<ReturnType<typeof cpuMeter>>;

/** The worker's threads as the report groups them: JS main thread, workflow thread, the rest. */
function threadGroup(name: string): string {
  if (name === 'MainThread') return 'main';
  if (name === 'WorkerThread') return 'workflows';
  return 'other';
}

/**
 * Measures the CPU each named piece uses between creation and `stop()`; the piece named `worker`
 * is also split by thread (`worker.main`, `worker.workflows`, `worker.other`).
 */
export async function cpuMeter(pieces: Record<string, number | 'self'>) {
  const read = async () => {
    const out: Record<string, number> = {};
    for (const [name, pid] of Object.entries(pieces)) {
      out[name] = pid === 'self' ? selfCpuSeconds() : await treeCpuSeconds(pid);
      if (name === 'worker' && pid !== 'self') {
        for (const [thread, seconds] of Object.entries(await threadCpuSeconds(pid))) {
          const key = `worker.${threadGroup(thread)}`;
          out[key] = (out[key] ?? 0) + seconds;
        }
      }
    }
    return out;
  };
  const before = await read();
  return {
    async stop(): Promise<Record<string, number>> {
      const after = await read();
      return Object.fromEntries(Object.keys(after).map((k) => [k, after[k]! - (before[k] ?? 0)]));
    },
  };
}

/** CPU seconds per thread name (comm) of a process: the JS main thread, worker threads, runtime pools. */
export async function threadCpuSeconds(pid: number): Promise<Record<string, number>> {
  const tids = await readdir(`/proc/${pid}/task`).catch(() => [] as string[]);
  const out: Record<string, number> = {};
  for (const tid of tids) {
    const stat = await readFile(`/proc/${pid}/task/${tid}/stat`, 'utf8').catch(() => undefined);
    if (!stat) continue;
    const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    out[name] = (out[name] ?? 0) + (Number(fields[14 - 3]) + Number(fields[15 - 3])) / TICKS_PER_SECOND;
  }
  return out;
}
