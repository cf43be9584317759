import {
  condition,
  defineQuery,
  defineSignal,
  proxyActivities,
  setCurrentDetails,
  setHandler,
} from '@temporalio/workflow';
import type { Activities } from '../activities/index.ts';

export interface RegisterConfirmationInput {
  documentId: string;
  /**
   * Pauses between asks while the document is not in the register: the register learns of a new
   * document with a delay. After the last pause comes the last ask; then the document is not_found.
   */
  recheckDelaysMs?: number[];
  /** First pause after the register fails to answer; it doubles up to 6 hours, for as long as it takes. */
  errorRetryInitialMs?: number;
}

export type RegisterConfirmationOutcome =
  { outcome: 'confirmed' } | { outcome: 'not_found'; reason: string } | { outcome: 'document_gone' };

export type RegisterConfirmationStage =
  'checking' | 'waiting_for_register' | 'confirmed' | 'not_found' | 'document_gone';

/** 1 h, 6 h, 1 d, 2 d, 3 d: six asks over about a week (6 d 7 h). */
export const DEFAULT_RECHECK_DELAYS_MS = [1, 6, 24, 48, 72].map((hours) => hours * 3600_000);
export const DEFAULT_ERROR_RETRY_INITIAL_MS = 60_000;


export const registerConfirmationStageQuery = defineQuery<{
  stage: RegisterConfirmationStage;
  /** Asks answered by the register so far. */
  checks: number;
  /** Why the document is not confirmed yet (the last answer). */
  reason?: string;
  nextCheckAt?: string;
}>('stage');

/** Ask the register now instead of waiting for the next pause to end (e.g. after a support call). */
export const recheckSignal = defineSignal('recheck');

/**
 * One document's confirmation against the federal register (ФРМР): ask, and while it is not there,
 * ask again after growing pauses; nothing else waits for this (planning and learning go on meanwhile).
 */
export async function registerConfirmation(
  input: RegisterConfirmationInput,
): Promise<RegisterConfirmationOutcome> {
  const delays = input.recheckDelaysMs ?? DEFAULT_RECHECK_DELAYS_MS;
  const { checkDocumentInRegister } = proxyActivities<Activities>({
    startToCloseTimeout: '1 minute',
    summary: 'Проверить документ в ФРМР',
    // Outages of the register are retried over days; a refused request (4xx) fails at once.
    retry: {
      initialInterval: input.errorRetryInitialMs ?? DEFAULT_ERROR_RETRY_INITIAL_MS,
      backoffCoefficient: 2,
      maximumInterval: '6 hours',
    },
  });
  const { markDocumentNotFound } = proxyActivities<Activities>({
    startToCloseTimeout: '30 seconds',
    retry: { maximumInterval: '1 minute' },
  });

  let stage: RegisterConfirmationStage = 'checking';
  let checks = 0;
  let reason: string | undefined;
  let nextCheckAt: string | undefined;
  let recheckRequested = false;
  setHandler(registerConfirmationStageQuery, () => ({ stage, checks, reason, nextCheckAt }));
  setHandler(recheckSignal, () => {
    recheckRequested = true;
  });

  for (let asked = 0; ; asked++) {
    stage = 'checking';
    nextCheckAt = undefined;
    setCurrentDetails('Запрос в ФРМР');
    const verdict = await checkDocumentInRegister({ documentId: input.documentId });
    checks++;
    if (verdict.outcome === 'document_gone') {
      stage = 'document_gone';
      setCurrentDetails('Документ удалён');
      return verdict;
    }
    if (verdict.outcome === 'confirmed') {
      stage = 'confirmed';
      reason = undefined;
      setCurrentDetails('Документ подтверждён в ФРМР');
      return verdict;
    }
    reason = verdict.reason;
    const delay = delays[asked];
    if (delay === undefined) {
      await markDocumentNotFound({ documentId: input.documentId, reason });
      stage = 'not_found';
      setCurrentDetails(`Не подтверждён после ${checks} запросов: ${reason}`);
      return { outcome: 'not_found', reason };
    }
    stage = 'waiting_for_register';
    nextCheckAt = new Date(Date.now() + delay).toISOString();
    setCurrentDetails(`${reason}; следующий запрос ${nextCheckAt}`);
    recheckRequested = false;
    await condition(() => recheckRequested, Math.max(1, delay));
  }
}
