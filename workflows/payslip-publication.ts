import {
  condition,
  continueAsNew,
  defineQuery,
  defineSignal,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities/index.ts';

const { storePayslips, queuePayslipNotifications } = proxyActivities<Activities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '1 minute',
  summary: 'Подготовить уведомления о расчётных листках',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});
const { sendPayslipMessages } = proxyActivities<Activities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '1 minute',
  summary: 'Отправить очередную страницу уведомлений',
  retry: { initialInterval: '2 seconds', maximumInterval: '5 minutes' },
});
const { checkPayslipDeliveries } = proxyActivities<Activities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '1 minute',
  summary: 'Узнать у провайдеров, доставлены ли уведомления',
  retry: { initialInterval: '5 seconds', maximumInterval: '5 minutes' },
});
const { planPayslipSending, loadPayslipReminderSettings, finishPayslipPublication } =
  proxyActivities<Activities>({
    startToCloseTimeout: '30 seconds',
    retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
  });

export interface PayslipPublicationInput {
  publicationId: string;
  organizationId: string;
  /** The address people open their payslips at (PUBLIC_URL); links are `<linkBase>/payslips/<id>`. */
  linkBase: string;
  /** The length of a reminder "day" (PAYSLIP_REMINDER_DAY): a day in production, seconds in tests. */
  reminderDayMs: number;
  /** Where the previous run stopped (continue-as-new). */
  stage?: 'notify' | 'reminders';
  /** Reminder rounds already sent. */
  round?: number;
  /** Workflow time (ms) of the last round sent. */
  lastRoundAt?: number;
}

export type PublicationStage =
  'queueing' | 'waiting_for_window' | 'sending' | 'tracking' | 'waiting_to_remind' | 'done';

/** The organization's notification settings changed: re-plan what is not sent yet. */
export const settingsChangedSignal = defineSignal('settingsChanged');
export const publicationStageQuery = defineQuery<{
  stage: PublicationStage;
  round: number;
  waitReason?: string;
}>('stage');

/** Pages of the outbox sent per activity call, and how long delivery is followed at most. */
const SEND_PAGE = 500;
const DELIVERY_CHECK_DELAYS_S = [2, 4, 8, 16, 32, 60, 120, 300, 300, 300, 600, 600, 900, 900];

/**
 * A payslip publication: (1) one outbox row per employee (SMS, else e-mail, else recorded as
 * impossible), (2) sent within the organization's send window a page at a time, (3) delivery
 * followed, (4) reminders to those who have not acknowledged, if enabled, each round within the
 * window. Every fact is in PostgreSQL; the process only knows where it is.
 */
export async function payslipPublication(input: PayslipPublicationInput): Promise<{ rounds: number }> {
  let settingsVersion = 0;
  let stage: PublicationStage = 'queueing';
  let round = input.round ?? 0;
  let waitReason: string | undefined;
  setHandler(settingsChangedSignal, () => {
    settingsVersion += 1;
  });
  setHandler(publicationStageQuery, () => ({ stage, round, waitReason }));
  const base = { publicationId: input.publicationId, organizationId: input.organizationId };

  /** Sends every queued message of the publication, each page when the window is open. */
  async function sendAll(what: string): Promise<void> {
    let idlePasses = 0;
    for (;;) {
      if (workflowInfo().continueAsNewSuggested) {
        // A long outage can make many passes. Everything sent is in PostgreSQL and queueing the
        // round again adds nothing (stable ids), so the next run simply redoes this round's steps.
        await continueAsNew<typeof payslipPublication>(
          round === 0
            ? { ...input, stage: 'notify', round: 0 }
            : { ...input, stage: 'reminders', round: round - 1, lastRoundAt: 0 },
        );
      }
      const seen = settingsVersion;
      const plan = await planPayslipSending(base);
      if (plan.waitMs > 0) {
        stage = 'waiting_for_window';
        waitReason = plan.waitReason;
        setCurrentDetails(`${what}: ждём окна отправки. ${plan.waitReason ?? ''}`);
        await condition(() => settingsVersion !== seen, plan.waitMs);
        continue;
      }
      stage = 'sending';
      waitReason = undefined;
      const result = await sendPayslipMessages({ ...base, limit: SEND_PAGE });
      setCurrentDetails(
        `${what}: отправлено ${result.sent}, ошибок ${result.failed}, осталось ${result.remaining}`,
      );
      if (result.remaining === 0) return;
      // Nothing went out (the providers are failing transiently): back off before the next page.
      if (result.sent + result.failed === 0) {
        idlePasses += 1;
        await sleep(Math.min(1000 * 2 ** idlePasses, 10 * 60_000));
      } else idlePasses = 0;
    }
  }

  /** Follows delivery (SMS status; an accepted e-mail counts as delivered) with backoff, up to a cap. */
  async function trackDeliveries(): Promise<void> {
    stage = 'tracking';
    for (const delay of DELIVERY_CHECK_DELAYS_S) {
      await sleep(delay * 1000);
      const { pending } = await checkPayslipDeliveries(base);
      setCurrentDetails(`Проверяем доставку: ждут подтверждения ${pending}`);
      if (pending === 0) return;
    }
  }

  let lastRoundAt = input.lastRoundAt ?? 0;
  if ((input.stage ?? 'notify') === 'notify') {
    setCurrentDetails('Сохраняем расчётные листки');
    await storePayslips(base);
    setCurrentDetails('Готовим уведомления о расчётных листках');
    const queued = await queuePayslipNotifications({ ...base, round: 0, linkBase: input.linkBase });
    setCurrentDetails(`Уведомлений в очереди: ${queued.queued}, без контактов: ${queued.noContacts}`);
    await sendAll('Уведомления о публикации');
    lastRoundAt = Date.now();
    await trackDeliveries();
  }

  // Reminders: the settings at the time of each round decide whether, when and how many.
  for (;;) {
    if (workflowInfo().continueAsNewSuggested) {
      return continueAsNew<typeof payslipPublication>({ ...input, stage: 'reminders', round, lastRoundAt });
    }
    const seen = settingsVersion;
    const settings = await loadPayslipReminderSettings(base);
    if (!settings.enabled || round >= settings.maxCount) break;
    const waitMs = lastRoundAt + settings.delayDays * input.reminderDayMs - Date.now();
    if (waitMs > 0) {
      stage = 'waiting_to_remind';
      setCurrentDetails(
        `Напоминание ${round + 1} из ${settings.maxCount} — через ${Math.ceil(waitMs / 1000)} с`,
      );
      await condition(() => settingsVersion !== seen, waitMs);
      continue;
    }
    round += 1;
    stage = 'queueing';
    const { queued } = await queuePayslipNotifications({ ...base, round, linkBase: input.linkBase });
    lastRoundAt = Date.now();
    // Everyone has acknowledged (or cannot be reached): nothing more to remind.
    if (queued === 0) break;
    await sendAll(`Напоминание ${round}`);
    await trackDeliveries();
  }

  await finishPayslipPublication(base);
  stage = 'done';
  setCurrentDetails(`Готово: напоминаний отправлено раундов — ${round}`);
  return { rounds: round };
}
