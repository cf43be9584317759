// `npm test`: brings up a throwaway PostgreSQL and Temporal dev server, migrates a template
// database, bundles the workflows once, then runs every test file with Node's test runner.
import { spawn } from 'node:child_process';
import { startTestInfrastructure } from './support/infrastructure.ts';

const say = (msg: string) => console.log(`[test] ${msg}`);
const started = performance.now();
const infrastructure = await startTestInfrastructure(say);

const patterns = process.argv.slice(2);
const files = patterns.length ? patterns : ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts'];
const child = spawn(process.execPath, ['--test', '--test-concurrency=2', '--test-timeout=300000', ...files], {
  stdio: 'inherit',
  env: { ...process.env, NODE_ENV: 'test', ...infrastructure.env },
});
const exitCode = await new Promise<number>((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0))));

await infrastructure.stop();
say(`done in ${Math.round((performance.now() - started) / 1000)} s`);
process.exit(exitCode);
