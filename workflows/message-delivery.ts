import {
  ActivityFailure,
  ApplicationFailure,
  condition,
  defineQuery,
  defineSignal,
  log,
  proxyActivities,
  proxyLocalActivities,
  setCurrentDetails,
  setHandler,
  sleep,
} from '@temporalio/workflow';
import type { Activities } from '../activities/index.ts';
import { PROVIDER_NEEDS_OPERATOR } from '../domain/process-failures.ts';

const { planOutboxMessage, sendOutboxMessage } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  summary: 'Отправить сообщение',
  // Transient provider errors (SMTP 4xx, SMSC 5xx, timeouts) are retried with backoff, for as long as it takes.
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});
// A delivery check is a short, idempotent poll: a local activity, like the invitation's.
const { checkOutboxDelivery } = proxyLocalActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  summary: 'Узнать у SMSC, доставлено ли SMS',
  retry: { initialInterval: '5 seconds', maximumInterval: '5 minutes' },
});

export interface MessageDeliveryInput {
  /** The outbox row; everything else (recipient, content) stays in the database. */
  messageId: string;
}

export type MessageStage =
  'planning' | 'waiting' | 'sending' | 'waiting_for_provider' | 'sent' | 'delivered' | 'failed';

export interface MessageDeliveryStatus {
  stage: MessageStage;
  /** While waiting: when the message goes out, and why it waits. */
  notBefore?: string;
  waitReason?: string;
  failureReason?: string;
}

export type MessageDeliveryOutcome =
  { status: 'delivered' | 'sent' } | { status: 'failed'; failureReason: string };

/** Plan again now: the notification settings changed, or (in tests) the clock moved. */
export const recheckSignal = defineSignal('recheck');
export const messageStatusQuery = defineQuery<MessageDeliveryStatus>('status');

const PROVIDER_RETRY_DELAYS_MS = [60_000, 120_000, 300_000, 600_000, 1_800_000];
/** Pauses between SMS delivery checks: quick at first, then every five minutes, for up to two days. */
const DELIVERY_POLL_DELAYS_MS = [2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 120_000, 300_000];
const DELIVERY_FOLLOW_MS = 2 * 24 * 3600_000;

/**
 * One outbox message: held until the send window opens (unless urgent or deferral is off), sent
 * exactly once through its channel, and (SMS) followed until delivered or failed.
 */
export async function messageDelivery(input: MessageDeliveryInput): Promise<MessageDeliveryOutcome> {
  const { messageId } = input;
  let status: MessageDeliveryStatus = { stage: 'planning' };
  let recheckRequested = false;
  setHandler(messageStatusQuery, () => status);
  setHandler(recheckSignal, () => {
    recheckRequested = true;
  });

  // Hold until the window opens; every recheck (settings changed) plans again.
  for (;;) {
    recheckRequested = false;
    const plan = await planOutboxMessage({ messageId });
    if (plan.waitMs <= 0) break;
    status = {
      stage: 'waiting',
      notBefore: plan.sendAt,
      ...(plan.waitReason ? { waitReason: plan.waitReason } : {}),
    };
    setCurrentDetails(plan.waitReason ?? `Ждём до ${plan.sendAt}`);
    await condition(() => recheckRequested, plan.waitMs);
  }

  status = { stage: 'sending' };
  setCurrentDetails('Отправляем');
  let sent: Awaited<ReturnType<typeof sendOutboxMessage>>;
  for (let attempt = 0; ; attempt++) {
    try {
      sent = await sendOutboxMessage({ messageId });
      break;
    } catch (err) {
      const problem = providerNeedsOperator(err);
      if (!problem) throw err;
      const delay = PROVIDER_RETRY_DELAYS_MS[Math.min(attempt, PROVIDER_RETRY_DELAYS_MS.length - 1)]!;
      status = { stage: 'waiting_for_provider', waitReason: problem };
      setCurrentDetails(
        `Провайдер требует вмешательства оператора: ${problem}. Повтор через ${delay / 60_000} мин.`,
      );
      log.error('message provider needs an operator', { messageId, problem });
      recheckRequested = false;
      await condition(() => recheckRequested, delay);
      status = { stage: 'sending' };
    }
  }
  if (sent.status === 'failed') {
    const failureReason = sent.failureReason ?? 'failed';
    status = { stage: 'failed', failureReason };
    setCurrentDetails(`Не отправлено: ${failureReason}`);
    return { status: 'failed', failureReason };
  }
  status = { stage: 'sent' };
  setCurrentDetails('Передано провайдеру; ждём отчёта о доставке');

  // E-mail counts as delivered once the SMTP server accepted it; SMS are followed.
  let followed = 0;
  for (let i = 0; ; i++) {
    const check = await checkOutboxDelivery({ messageId });
    if (check.status === 'delivered') {
      status = { stage: 'delivered' };
      setCurrentDetails('Доставлено');
      return { status: 'delivered' };
    }
    if (check.status === 'failed') {
      const failureReason = check.failureReason ?? 'not delivered';
      status = { stage: 'failed', failureReason };
      setCurrentDetails(`Не доставлено: ${failureReason}`);
      return { status: 'failed', failureReason };
    }
    if (followed >= DELIVERY_FOLLOW_MS) {
      setCurrentDetails('Передано провайдеру; отчёта о доставке нет');
      return { status: 'sent' };
    }
    const delay = DELIVERY_POLL_DELAYS_MS[Math.min(i, DELIVERY_POLL_DELAYS_MS.length - 1)]!;
    followed += delay;
    await sleep(delay);
  }
}

function providerNeedsOperator(err: unknown): string | undefined {
  const cause = err instanceof ActivityFailure ? err.cause : undefined;
  return cause instanceof ApplicationFailure && cause.type === PROVIDER_NEEDS_OPERATOR
    ? cause.message
    : undefined;
}
