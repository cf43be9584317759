// `npm run bench:verification`: how fast the daily verification decides 1,000,000 pending event
// codes, beside the floor measured in the same run: one raw-SQL `UPDATE … FROM unnest(ids)` doing the
// same matching, on an identical fresh copy of the data. Prints progress while it runs, then one
// table; see README, Performance.
//
//   node bench/verification.ts [--codes 1000000] [--chunk 10000]
import { cpus } from 'node:os';
import { isDeepStrictEqual, parseArgs } from 'node:util';
import pg from 'pg';
import { outcomeOf, seedOutcome } from '../test/support/verification-checks.ts';
import { seedPendingCodes, type SeedExpectation } from '../test/support/verification-seed.ts';
import { DEFAULT_CHUNK_SIZE } from '../workflows/event-code-verification.ts';
import { Cleanup } from './support/cleanup.ts';
import { runVerificationFloor } from './support/verification-floor.ts';
import { runVerificationKabinet } from './support/verification-kabinet.ts';
import { printVerificationReport } from './support/verification-report.ts';
import { rowsOf, startVerificationStack, type VerificationStack } from './support/verification-stack.ts';

const { values } = parseArgs({
  options: {
    codes: { type: 'string', default: '1000000' },
    chunk: { type: 'string', default: String(DEFAULT_CHUNK_SIZE) },
  },
});
const codes = Number(values.codes);
const chunkSize = Number(values.chunk);
if (!Number.isInteger(codes) || codes < 20 || codes % 20 !== 0)
  throw new Error('--codes must be a multiple of 20');
if (!Number.isInteger(chunkSize) || chunkSize < 1) throw new Error('--chunk must be a positive whole number');

const began = performance.now();
const say = (msg: string) =>
  console.log(`[bench ${((performance.now() - began) / 1000).toFixed(1).padStart(6)} s] ${msg}`);
const cleanup = new Cleanup(say);
cleanup.stopOnSignals();

let exitCode = 0;
try {
  say('starting PostgreSQL and the Temporal dev server');
  const stack = await startVerificationStack({ cleanup, say });

  say(`seeding ${codes.toLocaleString('en')} pending codes with mixed outcomes`);
  const seedStarted = performance.now();
  const seed = await seedOnce(stack);
  const seedSeconds = (performance.now() - seedStarted) / 1000;
  const [floorUrl, kabinetUrl] = [await stack.copySeeded('floor'), await stack.copySeeded('kabinet')];
  say(`seeded in ${seedSeconds.toFixed(0)} s; two identical copies made`);

  // PostgreSQL's CPU beside the wall time: on a busy machine the CPU a phase cost is the steadier number.
  let cpuBefore = await stack.postgresCpuSeconds();
  const floor = await runVerificationFloor({ url: floorUrl, say });
  const floorCpu = (await stack.postgresCpuSeconds()) - cpuBefore;
  cpuBefore = await stack.postgresCpuSeconds();
  const kabinet = await runVerificationKabinet({
    cleanup,
    say,
    url: kabinetUrl,
    temporalAddress: stack.temporalAddress,
    chunkSize,
    workDir: stack.workDir,
  });
  const kabinetCpu = (await stack.postgresCpuSeconds()) - cpuBefore;
  const correct = { floor: await isAsPlanned(floorUrl, seed), kabinet: await isAsPlanned(kabinetUrl, seed) };
  printVerificationReport({
    codes,
    chunkSize,
    floor,
    kabinet,
    correct,
    postgresCpu: { floor: floorCpu, kabinet: kabinetCpu },
    seedSeconds,
    machine: `${cpus().length} cores, ${cpus()[0]?.model.trim() ?? 'unknown CPU'}`,
  });
  if (!correct.floor || !correct.kabinet) exitCode = 1;
} catch (err) {
  say(`failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  exitCode = 1;
} finally {
  say('stopping everything');
  await cleanup.run();
  say(`done in ${Math.round((performance.now() - began) / 1000)} s`);
}
process.exit(exitCode);

async function seedOnce(stack: VerificationStack): Promise<SeedExpectation> {
  const client = await stack.connectSeeded();
  try {
    const run = rowsOf(client);
    return await seedPendingCodes(
      async (sql) => {
        const started = performance.now();
        const rows = await run(sql);
        const seconds = (performance.now() - started) / 1000;
        if (seconds > 1) say(`  ${seconds.toFixed(1)} s  ${sql.trim().split('\n')[0]!.slice(0, 70)}`);
        return rows;
      },
      { tag: 'bench', codes, seriesNo: 1 },
    );
  } finally {
    await client.end();
  }
}

async function isAsPlanned(url: string, seed: SeedExpectation): Promise<boolean> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const actual = await seedOutcome(rowsOf(client), seed.tag);
    const expected = outcomeOf(seed);
    if (!isDeepStrictEqual(actual, expected))
      say(`not as planned in ${url}: ${JSON.stringify({ actual, expected })}`);
    return isDeepStrictEqual(actual, expected);
  } finally {
    await client.end();
  }
}
