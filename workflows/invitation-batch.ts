import {
  continueAsNew,
  defineQuery,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities/index.ts';

const { inviteBatchPage } = proxyActivities<Activities>({
  startToCloseTimeout: '5 minutes',
  heartbeatTimeout: '1 minute',
  summary: 'Пригласить следующую страницу сотрудников',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

export interface InvitationBatchInput {
  batchId: string;
  organizationId: string;
  codeTtlMs: number;
  maxAttempts: number;
  pageSize: number;
  /** Where the previous run stopped (continue-as-new). */
  afterPosition?: number;
  invited?: number;
  rejected?: number;
}

/** Employees decided and started per activity call. */
export const BATCH_PAGE_SIZE = 500;

/** Pages per run before continue-as-new, so the batch's own history stays small at any size. */
const PAGES_PER_RUN = 20;

export const batchProgressQuery = defineQuery<{ afterPosition: number; invited: number; rejected: number }>(
  'progress',
);

/**
 * A bulk invitation: one page of employees at a time, each page decided in set-based SQL and
 * given one invitation process per person. Live counts come from PostgreSQL (the batch endpoint).
 */
export async function invitationBatch(
  input: InvitationBatchInput,
): Promise<{ invited: number; rejected: number }> {
  let afterPosition = input.afterPosition ?? 0;
  let invited = input.invited ?? 0;
  let rejected = input.rejected ?? 0;
  setHandler(batchProgressQuery, () => ({ afterPosition, invited, rejected }));

  for (let page = 0; page < PAGES_PER_RUN; page++) {
    setCurrentDetails(`Приглашаем сотрудников: ${invited} приглашено, ${rejected} пропущено`);
    const result = await inviteBatchPage({
      batchId: input.batchId,
      organizationId: input.organizationId,
      afterPosition,
      limit: input.pageSize,
      codeTtlMs: input.codeTtlMs,
      maxAttempts: input.maxAttempts,
      taskQueue: workflowInfo().taskQueue,
    });
    afterPosition = result.lastPosition;
    invited += result.invited;
    rejected += result.rejected;
    if (result.done && result.invited + result.rejected === 0) {
      setCurrentDetails(`Готово: ${invited} приглашено, ${rejected} пропущено`);
      return { invited, rejected };
    }
  }
  return continueAsNew<typeof invitationBatch>({ ...input, afterPosition, invited, rejected });
}
