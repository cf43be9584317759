import {
  continueAsNew,
  defineQuery,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities/index.ts';

const { openVerificationRun, finishVerificationRun } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});
const { verifyPendingEventCodes } = proxyActivities<Activities>({
  // One call decides chunks for about BUDGET_MS; a chunk heartbeats when it commits.
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '1 minute',
  summary: 'Проверить следующую порцию кодов мероприятий',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/** A run triggered by hand; scheduled runs are `<schedule id>-<time>`, named by Temporal. */
/** 10,000 codes per statement: a large set-based step, yet a short transaction (well under a second or two). */
export const DEFAULT_CHUNK_SIZE = 10_000;
/** How long one activity call goes on deciding chunks before it reports back. */
const BUDGET_MS = 30_000;
/** Activity calls per workflow run before continue-as-new keeps the history small. */
const CALLS_PER_RUN = 100;
/** Below every event code id, so the first chunk starts at the beginning. */
const FIRST_CODE_ID = '00000000-0000-0000-0000-000000000000';

export interface EventCodeVerificationInput {
  /** Given by the API for a run triggered by hand; a scheduled run makes its own. */
  runId?: string;
  chunkSize?: number;
  /** Where the previous run stopped (continue-as-new). */
  afterId?: string;
  /** Tests only: a pause after each committed chunk, a window to crash the worker in. */
  pauseAfterChunkMs?: number;
}

export interface VerificationRunProgress {
  runId: string;
  total: number;
  verified: number;
  rejected: number;
  done: boolean;
}

export const verificationProgressQuery = defineQuery<VerificationRunProgress>('progress');

/**
 * The daily verification of event confirmation codes: every pending code is matched with the
 * providers' attendance records, chunk by chunk in set-based SQL inside a few activity calls, and
 * the verified ones are credited. Progress lives in `verification_runs` (and this query).
 */
export async function eventCodeVerification(
  input: EventCodeVerificationInput = {},
): Promise<VerificationRunProgress & { finishedAt: string }> {
  const runId = input.runId ?? uuid4();
  const chunkSize = input.chunkSize ?? DEFAULT_CHUNK_SIZE;
  let afterId = input.afterId ?? FIRST_CODE_ID;
  const progress: VerificationRunProgress = { runId, total: 0, verified: 0, rejected: 0, done: false };
  setHandler(verificationProgressQuery, () => progress);

  if (input.afterId === undefined) {
    await openVerificationRun({ runId, workflowId: workflowInfo().workflowId });
  }
  for (let call = 0; call < CALLS_PER_RUN; call++) {
    setCurrentDetails(`Проверено ${progress.verified + progress.rejected} из ${progress.total} кодов`);
    const step = await verifyPendingEventCodes({
      runId,
      afterId,
      chunkSize,
      budgetMs: BUDGET_MS,
      pauseAfterChunkMs: input.pauseAfterChunkMs,
    });
    afterId = step.afterId;
    Object.assign(progress, { total: step.total, verified: step.verified, rejected: step.rejected });
    if (step.done) {
      const finished = await finishVerificationRun({ runId });
      Object.assign(progress, { ...finished, done: true });
      setCurrentDetails(`Готово: ${finished.verified} подтверждено, ${finished.rejected} отклонено`);
      return { ...progress, finishedAt: finished.finishedAt };
    }
  }
  return continueAsNew<typeof eventCodeVerification>({ ...input, runId, afterId });
}
