import {
  ActivityFailure,
  allHandlersFinished,
  ApplicationFailure,
  CancellationScope,
  condition,
  defineQuery,
  defineSignal,
  defineUpdate,
  isCancellation,
  log,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setCurrentDetails,
  setHandler,
  sleep,
} from '@temporalio/workflow';
import type { Activities } from '../activities/index.ts';
import { PROVIDER_NEEDS_OPERATOR } from '../domain/process-failures.ts';

const { sendInvitationCode } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  summary: 'Отправить SMS с кодом активации',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});
const deliveryCheckOptions = {
  startToCloseTimeout: '30 seconds',
  summary: 'Узнать у SMSC, доставлено ли SMS',
  retry: { initialInterval: '5 seconds', maximumInterval: '5 minutes' },
} as const;
// A delivery check is a short, idempotent poll: as a local activity it runs inside the workflow task
// that asks for it, without an activity task and a second workflow task on the server each time.
const { checkDelivery: checkDeliveryLocally } = proxyLocalActivities<Activities>(deliveryCheckOptions);
// Invitations started before that change replay their delivery checks as ordinary activities.
const { checkDelivery } = proxyActivities<Activities>(deliveryCheckOptions);
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
  /** Codes already issued before this run (a resend restarting a finished invitation). */
  baseGeneration?: number;
}

export interface CodeSent {
  status: 'sent';
  smsId: string;
  expiresAt: string;
}
export interface DeliveryCheck {
  final: boolean;
  delivered: boolean;
  failureReason?: string;
}
export interface CodeNotSent {
  status: 'failed';
  failureReason: string;
}

export type ActivationVerdict =
  | { outcome: 'activated'; userId: string; login: string }
  | { outcome: 'invalid_code'; attemptsLeft: number }
  | { outcome: 'too_many_attempts' }
  | { outcome: 'code_expired' }
  | { outcome: 'not_open'; status: string };

export type InvitationOutcome =
  | { outcome: 'activated'; userId: string }
  | { outcome: 'expired' }
  | { outcome: 'revoked' }
  | { outcome: 'failed'; failureReason: string };

export type InvitationStage =
  | 'sending_code'
  | 'waiting_for_provider'
  | 'awaiting_activation'
  | 'failed'
  | 'activated'
  | 'expired'
  | 'revoked';

/** The activation form submits an attempt id; the code and password stay in the database. */
export const activateUpdate = defineUpdate<ActivationVerdict, [{ attemptId: string }]>('activate');
/** A new code, the old one void (the API enforces the cooldown). */
export const resendSignal = defineSignal('resend');
/** The code is void and the process ends (the API has marked the invitation revoked). */
export const revokeSignal = defineSignal('revoke');
export const invitationStageQuery = defineQuery<{
  stage: InvitationStage;
  codeExpiresAt?: string;
  codesSent: number;
  /** Why sending waits (the provider needs an operator: no money, bad credentials, blocked IP). */
  providerProblem?: string;
}>('stage');

/** Pauses before trying a provider that needs an operator again; a resend tries at once. */
const PROVIDER_RETRY_DELAYS_MS = [60_000, 120_000, 300_000, 600_000, 1_800_000];

/** Pauses between delivery checks: quick at first, then every five minutes until the code expires. */
const DELIVERY_POLL_DELAYS_MS = [2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 120_000, 300_000];

/**
 * One person's invitation: send a code, follow its delivery, and wait for the right code until it
 * expires; a resend issues a new code, a revoke ends it.
 */
export async function invitation(input: InvitationInput): Promise<InvitationOutcome> {
  let stage: InvitationStage = 'sending_code';
  let codeExpiresAt: string | undefined = undefined;
  let codesSent = 0;
  let activatedUserId: string | undefined;
  let revoked = false;
  let resendRequested = false;
  let deliveryFailure: string | undefined;
  let providerProblem: string | undefined;

  setHandler(invitationStageQuery, () => ({ stage, codeExpiresAt, codesSent, providerProblem }));
  setHandler(revokeSignal, () => {
    revoked = true;
  });
  setHandler(resendSignal, () => {
    // A code is on its way already; a resend asked for before it went out needs no second one.
    if (stage !== 'sending_code') resendRequested = true;
  });
  setHandler(
    activateUpdate,
    async ({ attemptId }) => {
      // The person may read the SMS a moment before its send is recorded (or while a restarted
      // worker retries it): the attempt waits for that rather than being refused.
      if (stage === 'sending_code') await condition(() => stage !== 'sending_code');
      if (stage !== 'awaiting_activation') return { outcome: 'not_open', status: stage };
      const verdict = await verifyActivationAttempt({ invitationId: input.invitationId, attemptId });
      if (verdict.outcome === 'activated') activatedUserId = verdict.userId;
      return verdict;
    },
    {
      validator: ({ attemptId }) => {
        if (typeof attemptId !== 'string' || !attemptId) throw new Error('attemptId is required');
        if (stage !== 'awaiting_activation' && stage !== 'sending_code')
          throw new Error(`invitation is ${stage}`);
      },
    },
  );

  const finish = async (outcome: InvitationOutcome): Promise<InvitationOutcome> => {
    await condition(allHandlersFinished);
    return outcome;
  };

  for (;;) {
    stage = 'sending_code';
    resendRequested = false;
    deliveryFailure = undefined;
    setCurrentDetails(codesSent ? 'Отправляем новый код по SMS' : 'Отправляем SMS с кодом активации');
    const sent = await sendCode((input.baseGeneration ?? 0) + codesSent + 1);
    if (sent === 'revoked' || revoked) return finish(revokedOutcome());
    codesSent += 1;

    if (sent.status === 'sent') {
      stage = 'awaiting_activation';
      codeExpiresAt = sent.expiresAt;
      setCurrentDetails(`Код отправлен; ждём его ввода до ${sent.expiresAt}`);
      const tracking = new CancellationScope();
      const delivery = tracking.run(() => followDelivery(input.invitationId, sent.smsId));
      void delivery.then(
        (check) => (deliveryFailure = check.delivered ? undefined : check.failureReason),
        (err: unknown) => {
          if (!isCancellation(err))
            log.warn('delivery tracking failed', { invitationId: input.invitationId });
        },
      );
      const settled = await condition(
        () => activatedUserId !== undefined || revoked || resendRequested || deliveryFailure !== undefined,
        Math.max(1, Date.parse(sent.expiresAt) - Date.now()),
      );
      tracking.cancel();
      if (activatedUserId) {
        stage = 'activated';
        setCurrentDetails('Кабинет активирован');
        return finish({ outcome: 'activated', userId: activatedUserId });
      }
      if (revoked) return finish(revokedOutcome());
      if (resendRequested) continue;
      if (!settled) {
        stage = 'expired';
        await expireInvitation({ invitationId: input.invitationId });
        setCurrentDetails('Срок действия кода истёк');
        return finish({ outcome: 'expired' });
      }
    }

    // The SMS did not reach the person: wait for the admin to resend (e.g. after fixing the phone).
    const failureReason =
      sent.status === 'failed' ? sent.failureReason : (deliveryFailure ?? 'not delivered');
    stage = 'failed';
    setCurrentDetails(`SMS не доставлено: ${failureReason}. Ждём повторной отправки`);
    log.warn('invitation sms failed', { invitationId: input.invitationId });
    await condition(() => revoked || resendRequested, input.codeTtlMs);
    if (revoked) return finish(revokedOutcome());
    if (!resendRequested) return finish({ outcome: 'failed', failureReason });
  }

  /** Sends a code; while the provider needs an operator, waits visibly and tries again. */
  async function sendCode(minGeneration: number): Promise<CodeSent | CodeNotSent | 'revoked'> {
    for (let attempt = 0; ; attempt++) {
      try {
        const sent = await sendInvitationCode({
          invitationId: input.invitationId,
          codeTtlMs: input.codeTtlMs,
          minGeneration,
        });
        providerProblem = undefined;
        return sent;
      } catch (err) {
        const problem = providerNeedsOperator(err);
        if (!problem) throw err;
        stage = 'waiting_for_provider';
        providerProblem = problem;
        const delay = PROVIDER_RETRY_DELAYS_MS[Math.min(attempt, PROVIDER_RETRY_DELAYS_MS.length - 1)]!;
        setCurrentDetails(
          `SMSC требует вмешательства оператора: ${problem}. Повтор через ${delay / 60_000} мин.`,
        );
        log.error('sms provider needs an operator', { invitationId: input.invitationId, problem });
        resendRequested = false;
        await condition(() => revoked || resendRequested, delay);
        if (revoked) return 'revoked';
        stage = 'sending_code';
        resendRequested = false;
      }
    }
  }

  function revokedOutcome(): InvitationOutcome {
    stage = 'revoked';
    setCurrentDetails('Приглашение отозвано');
    return { outcome: 'revoked' };
  }
}

/** Polls the provider with growing pauses until the SMS is delivered or definitely not. */
async function followDelivery(invitationId: string, smsId: string): Promise<DeliveryCheck> {
  const checkOnce = patched('local-delivery-checks') ? checkDeliveryLocally : checkDelivery;
  for (let i = 0; ; i++) {
    const check = await checkOnce({ invitationId, smsId });
    if (check.final) return check;
    await sleep(DELIVERY_POLL_DELAYS_MS[Math.min(i, DELIVERY_POLL_DELAYS_MS.length - 1)]!);
  }
}

function providerNeedsOperator(err: unknown): string | undefined {
  const cause = err instanceof ActivityFailure ? err.cause : undefined;
  return cause instanceof ApplicationFailure && cause.type === PROVIDER_NEEDS_OPERATOR
    ? cause.message
    : undefined;
}
