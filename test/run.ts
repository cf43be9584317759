// `npm test`: brings up a throwaway PostgreSQL and Temporal dev server, migrates a template
// database, bundles the workflows once, then runs every test file with Node's test runner.
import { bundleWorkflowCode } from '@temporalio/worker';
import { spawn } from 'node:child_process';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDatabase, startEmbeddedPostgres } from '../dev/postgres.ts';
import { ensureTemporalCli } from '../dev/temporal-cli.ts';
import { startTemporalDevServer } from '../dev/temporal-server.ts';
import { migrate, openOrm } from '../db/orm.ts';
import { WORKFLOWS_PATH } from '../worker/create-worker.ts';
import { SEARCH_ATTRIBUTES } from '../workflows/search-attributes.ts';
import { TEMPLATE_DATABASE } from './support/database.ts';

const say = (msg: string) => console.log(`[test] ${msg}`);
const quiet = () => {};
const started = performance.now();
const workDir = await mkdtemp(join(tmpdir(), 'kabinet-test-'));
// Run as root, the embedded server drops to the postgres user, which must be able to enter this dir.
await chmod(workDir, 0o755);

const cli = await ensureTemporalCli(say);
const [postgres, temporal] = await Promise.all([
  startEmbeddedPostgres({ dataDir: join(workDir, 'pg'), log: quiet, persistent: false }),
  startTemporalDevServer({ binary: cli, uiPort: false, searchAttributes: SEARCH_ATTRIBUTES, log: quiet }),
]);
say(`postgres ${postgres.port}, temporal ${temporal.address} ready in ${Math.round(performance.now() - started)} ms`);

await createDatabase(postgres.url, TEMPLATE_DATABASE);
const orm = await openOrm(postgres.url.replace(/\/[^/]*$/, `/${TEMPLATE_DATABASE}`));
await migrate(orm);
await orm.close();

const bundlePath = join(workDir, 'workflow-bundle.js');
const { code } = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: { log: quiet, info: quiet, warn: say, error: say, debug: quiet, trace: quiet } });
await writeFile(bundlePath, code);
say(`template database migrated, workflows bundled (${Math.round(performance.now() - started)} ms)`);

const patterns = process.argv.slice(2);
const files = patterns.length ? patterns : ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts'];
const child = spawn(process.execPath, ['--test', '--test-concurrency=2', '--test-timeout=300000', ...files], {
  stdio: 'inherit',
  env: {
    ...process.env,
    NODE_ENV: 'test',
    TEST_PG_ADMIN_URL: postgres.url,
    TEST_TEMPORAL_ADDRESS: temporal.address,
    TEST_WORKFLOW_BUNDLE: bundlePath,
  },
});
const exitCode = await new Promise<number>((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0))));

await Promise.allSettled([temporal.stop(), postgres.stop()]);
await rm(workDir, { recursive: true, force: true });
say(`done in ${Math.round((performance.now() - started) / 1000)} s`);
process.exit(exitCode);
