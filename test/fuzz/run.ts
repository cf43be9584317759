// `npm run fuzz`: property-based fuzzing of the whole API from its own /openapi.json with schemathesis,
// as each kind of caller, over a throwaway local stack (real PostgreSQL, Temporal, worker, SMS and
// SMTP stand-ins), with the API checking its own answers against their schemas. Exits non-zero on
// any failure.
//   npm run fuzz                       300 s in all, split between the callers
//   npm run fuzz -- --seconds 1800     longer
//   npm run fuzz -- --base-url http://127.0.0.1:3000 --token $KABINET_OPERATOR_TOKEN
//                                      a running stack, as that one caller
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startTestInfrastructure } from '../support/infrastructure.ts';
import { setUpActors, type Actor } from './actors.ts';
import { CHECKS, ensureSchemathesis, runSchemathesis, SCHEMATHESIS_VERSION } from './schemathesis.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: process.env['FUZZ_SECONDS'] ?? '300' },
    'base-url': { type: 'string' },
    token: { type: 'string' },
  },
});
const seconds = Number(values.seconds);
if (!Number.isFinite(seconds) || seconds < 4) throw new Error('--seconds must be a number of at least 4');
const say = (msg: string) => console.log(`[fuzz] ${msg}`);
const started = performance.now();

const binary = await ensureSchemathesis(say);
const reportDir = await mkdtemp(join(tmpdir(), 'kabinet-fuzz-'));
const results: { actor: string; seconds: number; exitCode: number; summary: string }[] = [];

async function fuzz(baseUrl: string, actors: Actor[]): Promise<void> {
  const each = Math.max(1, Math.floor(seconds / actors.length));
  for (const actor of actors) {
    say(`as ${actor.name}: ${each} s (coverage, fuzzing and stateful phases; checks: ${CHECKS.include} but ${CHECKS.exclude})`);
    let summary = '';
    const exitCode = await runSchemathesis(
      binary,
      { ...actor, schemaUrl: `${baseUrl}/openapi.json`, seconds: each, reportDir },
      (line) => {
        console.log(`  ${line}`);
        // schemathesis ends with a line like "=== 1234 passed, 2 failed in 60.1s ===".
        if (/^=+ .* in [\d.]+s =+$/.test(line.trim())) summary = line.replace(/=/g, '').trim();
      },
    );
    results.push({ actor: actor.name, seconds: each, exitCode, summary });
  }
}

if (values['base-url']) {
  await fuzz(values['base-url'], [{ name: 'given-token', token: values.token ?? '', pathParameters: {} }]);
} else {
  const infrastructure = await startTestInfrastructure(say);
  Object.assign(process.env, infrastructure.env, { NODE_ENV: 'test' });
  // Imported only now: the test system reads the infrastructure's addresses from the environment.
  const { startTestSystem } = await import('../support/system.ts');
  const system = await startTestSystem();
  try {
    await fuzz(system.baseUrl, await setUpActors(system));
  } finally {
    await system.close();
    await infrastructure.stop();
  }
}

console.log(`\nschemathesis ${SCHEMATHESIS_VERSION}, ${Math.round((performance.now() - started) / 1000)} s in all, reports in ${reportDir}`);
for (const r of results) console.log(`  ${r.exitCode === 0 ? '✓' : '✗'} ${r.actor.padEnd(18)} ${String(r.seconds).padStart(4)} s  ${r.summary}`);
const failed = results.filter((r) => r.exitCode !== 0);
console.log(failed.length === 0 ? 'fuzz: 0 failures' : `fuzz: failures as ${failed.map((r) => r.actor).join(', ')}`);
process.exit(failed.length === 0 ? 0 : 1);
