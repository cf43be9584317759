// The workflow bundles of both workers, built once by the bench (WORKER_WORKFLOW_BUNDLE), the way a
// deployment would build them ahead; `--bundle-at-start` leaves bundling to each worker instead.
import { bundleWorkflowCode } from '@temporalio/worker';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { WORKFLOWS_PATH } from '../../worker/create-worker.ts';

const quiet = () => {};
const logger = { log: quiet, trace: quiet, debug: quiet, info: quiet, warn: quiet, error: quiet };

export async function buildBundles(dir: string): Promise<{ kabinet: string; floor: string }> {
  const paths = { kabinet: join(dir, 'kabinet-workflows.js'), floor: join(dir, 'floor-workflows.js') };
  for (const [path, workflowsPath] of [
    [paths.kabinet, WORKFLOWS_PATH],
    [paths.floor, new URL('../floor-workflows.ts', import.meta.url).pathname],
  ] as const) {
    const { code } = await bundleWorkflowCode({ workflowsPath, logger });
    await writeFile(path, code);
  }
  return paths;
}
