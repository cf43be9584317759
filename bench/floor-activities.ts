// Activities of the floor workflows: a page of starts made the way `inviteBatchPage` makes them
// (same client call, same search attributes, same concurrency), and a no-op that only counts.
import { Context } from '@temporalio/activity';
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { EmployeeIdKey, OrganizationIdKey, ProcessKindKey } from '../workflows/search-attributes.ts';
import type { FloorItemInput } from './floor-workflows.ts';

/** The same number of starts in flight as activities/batch-activities.ts. */
export const FLOOR_START_CONCURRENCY = 32;

export const floorItemWorkflowId = (runId: string, index: number) => `bench-floor/${runId}/${index}`;

export function createFloorActivities(deps: {
  temporal: Client;
  /** Called once per no-op activity run, with the time it ran. */
  onNoop: (runId: string, at: number) => void;
}) {
  return {
    async startFloorPage(input: {
      runId: string;
      from: number;
      limit: number;
      taskQueue: string;
    }): Promise<{ started: number }> {
      const indexes = Array.from({ length: Math.max(0, input.limit) }, (_, i) => input.from + i + 1);
      let started = 0;
      await forEachConcurrently(indexes, FLOOR_START_CONCURRENCY, async (index) => {
        const args: FloorItemInput = { runId: input.runId, index };
        try {
          await deps.temporal.workflow.start('floorItem', {
            workflowId: floorItemWorkflowId(input.runId, index),
            taskQueue: input.taskQueue,
            args: [args],
            typedSearchAttributes: [
              { key: OrganizationIdKey, value: input.runId },
              { key: EmployeeIdKey, value: String(index) },
              { key: ProcessKindKey, value: 'bench_floor' },
            ],
            staticSummary: 'Bench floor item',
          });
        } catch (err) {
          if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
        }
        started += 1;
        if (started % 50 === 0) Context.current().heartbeat({ started });
      });
      return { started: indexes.length };
    },

    noop(input: { runId: string; index: number }): Promise<void> {
      deps.onNoop(input.runId, Date.now());
      return Promise.resolve();
    },
  };
}

export type FloorActivities = ReturnType<typeof createFloorActivities>;

async function forEachConcurrently<T>(items: T[], limit: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await run(items[next++]!);
  });
  await Promise.all(lanes);
}
