import { loadavg } from 'node:os';
import type { FloorResult } from './verification-floor.ts';
import type { KabinetVerificationResult } from './verification-kabinet.ts';

/** The goal of the issue: kabinet takes at most this many times the floor's time. */
const GOAL = 2;

export function printVerificationReport(r: {
  codes: number;
  chunkSize: number;
  floor: FloorResult;
  kabinet: KabinetVerificationResult;
  correct: { floor: boolean; kabinet: boolean };
  /** CPU seconds PostgreSQL used in each phase. */
  postgresCpu: { floor: number; kabinet: number };
  seedSeconds: number;
  machine: string;
}): void {
  const ratio = r.kabinet.seconds / r.floor.seconds;
  const rate = (seconds: number) => `${Math.round(r.codes / seconds).toLocaleString('en')} codes/s`;
  const rows: [string, string, string][] = [
    [
      '',
      'floor: one UPDATE … FROM unnest(ids)',
      `kabinet: workflow, chunks of ${r.chunkSize.toLocaleString('en')}`,
    ],
    ['throughput', rate(r.floor.seconds), rate(r.kabinet.seconds)],
    ['time', `${r.floor.seconds.toFixed(2)} s`, `${r.kabinet.seconds.toFixed(2)} s`],
    [`time ratio to the floor (goal ≤ ${GOAL})`, '1.00', `${ratio.toFixed(2)} ${ratio <= GOAL ? '✓' : '✗'}`],
    [
      'PostgreSQL CPU (ratio)',
      `${r.postgresCpu.floor.toFixed(1)} s`,
      `${r.postgresCpu.kabinet.toFixed(1)} s (${(r.postgresCpu.kabinet / r.postgresCpu.floor).toFixed(2)})`,
    ],
    [
      'statements / activity calls',
      '1 / –',
      `${Math.ceil(r.codes / r.chunkSize) + 1} / ${r.kabinet.activityCalls} (continue-as-new ×${r.kabinet.continuedAsNew})`,
    ],
    ['outcome, credits, plan items as planned', r.correct.floor ? '✓' : '✗', r.correct.kabinet ? '✓' : '✗'],
  ];
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((row) => row[i]!.length)));
  const line = (row: string[]) => `| ${row.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`;
  console.log('');
  console.log(
    `kabinet event-code verification benchmark — ${new Date().toISOString().slice(0, 16)}Z, ${r.machine}, Node ${process.version}`,
  );
  console.log(line(rows[0]!));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const row of rows.slice(1)) console.log(line(row));
  console.log(
    `${r.codes.toLocaleString('en')} pending codes (60 % verified, 20 % unknown, 10 % another person's, 10 % too short), ` +
      `seeded in ${r.seedSeconds.toFixed(0)} s; the floor's reading of the ids (${r.floor.fetchSeconds.toFixed(2)} s) is not in its time`,
  );
  console.log(
    `machine load average (1/5/15 min) at the end: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' / ')}`,
  );
  console.log('');
}
