// The outbox's activities, as the messageDelivery workflow calls them (with the message id only).
import { ApplicationFailure } from '@temporalio/activity';
import type { ActivityDeps } from '../deps.ts';
import { planDelivery } from './plan.ts';
import { checkOutboxDelivery, sendOutboxMessage } from './send-message.ts';

export interface MessagePlan {
  /** ISO time the message may go out. */
  sendAt: string;
  /** How long to wait from now by the activities' clock (0: send now). */
  waitMs: number;
  waitReason?: string;
}

export function createOutboxActivities(deps: ActivityDeps) {
  return {
    /**
     * Plans a queued message against its organization's current settings and the clock, and writes
     * the answer on the row (not_before, wait_reason) for operators. Anything but queued goes on.
     */
    async planOutboxMessage(input: { messageId: string }): Promise<MessagePlan> {
      const em = deps.orm.em.fork();
      const [row] = await em.execute<{ organization_id: string | null; urgent: boolean; status: string }[]>(
        'select organization_id, urgent, status from outbox_messages where id = ?',
        [input.messageId],
      );
      if (!row) {
        throw ApplicationFailure.create({
          type: 'OutboxMessageMissing',
          nonRetryable: true,
          message: `no outbox message ${input.messageId}`,
        });
      }
      const now = deps.clock();
      if (row.status !== 'queued') return { sendAt: now.toISOString(), waitMs: 0 };
      const plan = await planDelivery(deps, { organizationId: row.organization_id, urgent: row.urgent, now });
      const waitMs = Math.max(0, plan.sendAt.getTime() - now.getTime());
      await em.execute(
        `update outbox_messages set not_before = ?, wait_reason = ? where id = ? and status = 'queued'`,
        waitMs > 0 ? [plan.sendAt, plan.waitReason ?? null, input.messageId] : [null, null, input.messageId],
      );
      return {
        sendAt: plan.sendAt.toISOString(),
        waitMs,
        ...(waitMs > 0 && plan.waitReason ? { waitReason: plan.waitReason } : {}),
      };
    },

    sendOutboxMessage(input: { messageId: string }) {
      return sendOutboxMessage(deps, input.messageId);
    },

    checkOutboxDelivery(input: { messageId: string }) {
      return checkOutboxDelivery(deps, input.messageId);
    },
  };
}
