// Notification settings apply to messages not yet sent: every delivery process still holding a
// message of the organization plans again (its `recheck` signal).
import { WorkflowNotFoundError } from '@temporalio/client';
import type { Context } from 'hono';
import { messageWorkflowId } from '../workflows/ids.ts';
import type { AppEnv } from './http/context.ts';
import { signalPayslipPublications } from './payslip-settings-changed.ts';

const SIGNALS_IN_FLIGHT = 16;

/** Signals `recheck` to the organization's waiting messageDelivery workflows; returns how many. */
export async function notifySettingsChanged(c: Context<AppEnv>, organizationId: string): Promise<number> {
  const { temporal } = c.var.deps;
  // Payslip notifications are sent by their publication's workflow, not one process per message:
  // that workflow is signalled below instead.
  const waiting = await c.var.em.execute<{ id: string }[]>(
    `select id from outbox_messages
     where organization_id = ? and status = 'queued' and not_before is not null
       and source_kind is distinct from 'payslip_publication'`,
    [organizationId],
  );
  let signalled = 0;
  let next = 0;
  const worker = async () => {
    while (next < waiting.length) {
      const { id } = waiting[next++]!;
      try {
        await temporal.workflow.getHandle(messageWorkflowId(id)).signal('recheck');
        signalled++;
      } catch (err) {
        // Already finished, or its row was queued by a caller that drives sending itself.
        if (!(err instanceof WorkflowNotFoundError))
          c.var.log.warn({ err, messageId: id }, 'recheck signal failed');
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(SIGNALS_IN_FLIGHT, waiting.length) }, worker));
  signalled += await signalPayslipPublications(c, organizationId);
  c.var.log.info({ organizationId, signalled }, 'notification settings changed: waiting messages rechecked');
  return signalled;
}
