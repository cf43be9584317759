// When may a message go out? Now, or when the organization's send window opens next.
import { describeWindow, formatLocal, nextSendTime, type SendWindow } from '../../domain/send-window.ts';
import type { ActivityDeps } from '../deps.ts';
import { loadNotificationSettings } from '../../db/queries/notification-settings.ts';

export interface DeliveryPlan {
  sendAt: Date;
  /** Set when sendAt is later than now: why, readable by an operator. */
  waitReason?: string;
}

/**
 * Urgent messages (codes a person just asked for), organizations with deferral off, and messages
 * inside the window go now; the rest wait for the window's next opening.
 */
export async function planDelivery(
  deps: Pick<ActivityDeps, 'orm' | 'clock'>,
  input: { organizationId: string | null; urgent: boolean; now?: Date },
): Promise<DeliveryPlan> {
  const now = input.now ?? deps.clock();
  if (input.urgent || !input.organizationId) return { sendAt: now };
  const settings = await loadNotificationSettings(deps.orm.em, input.organizationId);
  if (!settings.deferralEnabled) return { sendAt: now };
  const window: SendWindow = {
    start: settings.sendWindowStart,
    end: settings.sendWindowEnd,
    timeZone: settings.timeZone,
  };
  const sendAt = nextSendTime(now, window);
  if (sendAt.getTime() <= now.getTime()) return { sendAt: now };
  return {
    sendAt,
    waitReason:
      `outside the send window ${describeWindow(window)}; deferred to ${formatLocal(sendAt, window.timeZone)} ` +
      `(${sendAt.toISOString()}) / вне окна отправки, отложено до ${formatLocal(sendAt, window.timeZone)}`,
  };
}
