// The floor of the invitations benchmark: the least a per-person process can cost on this worker
// and dev server. A batch starts one `floorItem` per person from an activity, in pages, exactly as
// `invitationBatch` does; each item runs one no-op activity and ends.
import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { FloorActivities } from './floor-activities.ts';

const { startFloorPage } = proxyActivities<FloorActivities>({
  startToCloseTimeout: '5 minutes',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});
const { noop } = proxyActivities<FloorActivities>({ startToCloseTimeout: '30 seconds' });

export interface FloorBatchInput {
  runId: string;
  count: number;
  pageSize: number;
}

export interface FloorItemInput {
  runId: string;
  index: number;
}

export async function floorBatch(input: FloorBatchInput): Promise<number> {
  let started = 0;
  for (;;) {
    const page = await startFloorPage({
      runId: input.runId,
      from: started,
      limit: Math.min(input.pageSize, input.count - started),
      taskQueue: workflowInfo().taskQueue,
    });
    started += page.started;
    if (page.started === 0 || started >= input.count) return started;
  }
}

export async function floorItem(input: FloorItemInput): Promise<void> {
  await noop({ runId: input.runId, index: input.index });
}
