// The shared servers of a test or fuzz run: a throwaway PostgreSQL with a migrated template database,
// a Temporal dev server, and the workflows bundled once. Test systems (test/support/system.ts) each
// take their own database and task queue on them.
import { bundleWorkflowCode } from '@temporalio/worker';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate, openOrm } from '../../db/orm.ts';
import { createDatabase, startEmbeddedPostgres } from '../../dev/postgres.ts';
import { ensureTemporalCli } from '../../dev/temporal-cli.ts';
import { startTemporalDevServer } from '../../dev/temporal-server.ts';
import { WORKFLOWS_PATH } from '../../worker/create-worker.ts';
import { SEARCH_ATTRIBUTES } from '../../workflows/search-attributes.ts';
import { TEMPLATE_DATABASE } from './database.ts';

export interface TestInfrastructure {
  /** TEST_PG_ADMIN_URL, TEST_TEMPORAL_ADDRESS and TEST_WORKFLOW_BUNDLE for test systems. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

export async function startTestInfrastructure(say: (msg: string) => void): Promise<TestInfrastructure> {
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
  const logger = { log: quiet, info: quiet, warn: say, error: say, debug: quiet, trace: quiet };
  const { code } = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger });
  await writeFile(bundlePath, code);
  say(`template database migrated, workflows bundled (${Math.round(performance.now() - started)} ms)`);

  return {
    env: {
      TEST_PG_ADMIN_URL: postgres.url,
      TEST_TEMPORAL_ADDRESS: temporal.address,
      TEST_WORKFLOW_BUNDLE: bundlePath,
    },
    async stop() {
      await Promise.allSettled([temporal.stop(), postgres.stop()]);
      await rm(workDir, { recursive: true, force: true });
    },
  };
}
