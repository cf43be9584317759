import { loadavg } from 'node:os';
import type { PhaseResult } from './floor-phase.ts';
import type { KabinetResult } from './kabinet-phase.ts';
import { mib } from './rss.ts';

/** The goal of the issue: kabinet at least this fraction of the floor's rate. */
const GOAL = 0.7;

export function printReport(r: {
  count: number;
  floor: PhaseResult;
  kabinet: KabinetResult;
  tuning: string;
  machine: string;
  deliveryDelayMs: number;
}): void {
  const ratio = r.kabinet.perSecond / r.floor.perSecond;
  const rows: [string, string, string][] = [
    ['', `floor (${r.count} no-op workflows)`, `kabinet (${r.count} invitations)`],
    ['throughput', `${r.floor.perSecond.toFixed(1)} wf/s`, `${r.kabinet.perSecond.toFixed(1)} invitations/s`],
    ['time to the last one', `${r.floor.seconds.toFixed(2)} s`, `${r.kabinet.seconds.toFixed(2)} s`],
    ['ratio to the floor (goal ≥ 0.7)', '1.00', `${ratio.toFixed(2)} ${ratio >= GOAL ? '✓' : '✗'}`],
    ['bulk POST latency', '–', `${r.kabinet.postMs} ms`],
    ['worker peak RSS during the run', mib(r.floor.peakRss), mib(r.kabinet.peakRss)],
    ['worker RSS, all invitations open', '–', mib(r.kabinet.openRss)],
    ['worker VmHWM (whole life, incl. bundling)', mib(r.floor.hwm), mib(r.kabinet.hwm)],
  ];
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((row) => row[i]!.length)));
  const line = (row: string[]) => `| ${row.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`;
  console.log('');
  console.log(`kabinet invitations benchmark — ${new Date().toISOString().slice(0, 16)}Z, ${r.machine}, Node ${process.version}`);
  console.log(line(rows[0]!));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const row of rows.slice(1)) console.log(line(row));
  console.log('CPU seconds per 1000, timed part:');
  console.log(`  floor:   ${cpuLine(r.floor.cpu, r.count)}`);
  console.log(`  kabinet: ${cpuLine(r.kabinet.cpu, r.count)}`);
  console.log(`tuning: ${r.tuning}; 32 starts in flight, pages of 500; PostgreSQL pool max 10; SMS delivered after ${r.deliveryDelayMs} ms`);
  console.log(`machine load average (1/5/15 min) at the end: ${loadavg().map((l) => l.toFixed(1)).join(' / ')}`);
  console.log('');
}

/** "total 21.1 = temporal 12.1 + worker 8.0 (main 5.0, …) + …": CPU seconds per 1000 items. */
function cpuLine(cpu: Record<string, number>, count: number): string {
  const per1000 = (seconds = 0) => ((seconds * 1000) / count).toFixed(1);
  const total = Object.entries(cpu).reduce((sum, [name, s]) => (name.includes('.') ? sum : sum + s), 0);
  return `total ${per1000(total)} = ${Object.entries(cpu)
    .filter(([name]) => !name.includes('.'))
    .map(([name, seconds]) =>
      name === 'worker'
        ? `worker ${per1000(seconds)} (main ${per1000(cpu['worker.main'])}, workflows ${per1000(cpu['worker.workflows'])}, other ${per1000(cpu['worker.other'])})`
        : `${name} ${per1000(seconds)}`,
    )
    .join(' + ')}`;
}
