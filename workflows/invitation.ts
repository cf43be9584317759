import {
  allHandlersFinished,
  condition,
  defineQuery,
  defineUpdate,
  log,
  proxyActivities,
  setCurrentDetails,
  setHandler,
} from '@temporalio/workflow';
import type { Activities } from '../activities/index.ts';
import type { ActivationVerdict } from '../activities/invitation-activities.ts';

const { sendInvitationCode } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  summary: 'Отправить SMS с кодом активации',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});
const { verifyActivationAttempt, expireInvitation } = proxyActivities<Activities>({
  startToCloseTimeout: '10 seconds',
  retry: { maximumInterval: '10 seconds' },
});

export interface InvitationInput {
  invitationId: string;
  organizationId: string;
  employeeId: string;
  kind: 'admin' | 'employee';
  codeTtlMs: number;
}

export type InvitationOutcome =
  | { outcome: 'activated'; userId: string }
  | { outcome: 'expired' }
  | { outcome: 'failed'; failureReason: string };

export type InvitationStage = 'sending_code' | 'awaiting_activation' | 'activated' | 'expired' | 'failed';

/** The activation form submits an attempt id; the code and password stay in the database. */
export const activateUpdate = defineUpdate<ActivationVerdict, [{ attemptId: string }]>('activate');
export const invitationStageQuery = defineQuery<{ stage: InvitationStage; codeExpiresAt?: string }>('stage');

/** One person's invitation: send a code, wait for the right one until it expires. */
export async function invitation(input: InvitationInput): Promise<InvitationOutcome> {
  let stage: InvitationStage = 'sending_code';
  let codeExpiresAt: string | undefined = undefined;
  let activatedUserId: string | undefined;

  setHandler(invitationStageQuery, () => ({ stage, codeExpiresAt }));
  setHandler(
    activateUpdate,
    async ({ attemptId }) => {
      const verdict = await verifyActivationAttempt({ invitationId: input.invitationId, attemptId });
      if (verdict.outcome === 'activated') activatedUserId = verdict.userId;
      return verdict;
    },
    {
      validator: ({ attemptId }) => {
        if (typeof attemptId !== 'string' || !attemptId) throw new Error('attemptId is required');
        if (stage !== 'awaiting_activation') throw new Error(`invitation is ${stage}`);
      },
    },
  );

  setCurrentDetails('Отправляем SMS с кодом активации');
  const sent = await sendInvitationCode({ invitationId: input.invitationId, codeTtlMs: input.codeTtlMs });
  if (sent.status === 'failed') {
    stage = 'failed';
    setCurrentDetails(`SMS не доставлено: ${sent.failureReason}`);
    log.warn('invitation sms failed', { invitationId: input.invitationId });
    return { outcome: 'failed', failureReason: sent.failureReason };
  }

  stage = 'awaiting_activation';
  codeExpiresAt = sent.expiresAt;
  setCurrentDetails(`Ждём ввода кода до ${sent.expiresAt}`);
  const activatedInTime = await condition(
    () => activatedUserId !== undefined,
    Math.max(1, Date.parse(sent.expiresAt) - Date.now()),
  );
  await condition(allHandlersFinished);

  if (activatedInTime && activatedUserId) {
    stage = 'activated';
    setCurrentDetails('Кабинет активирован');
    return { outcome: 'activated', userId: activatedUserId };
  }
  stage = 'expired';
  await expireInvitation({ invitationId: input.invitationId });
  setCurrentDetails('Срок действия кода истёк');
  return { outcome: 'expired' };
}
