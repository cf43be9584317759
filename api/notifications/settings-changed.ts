// Notification settings apply to messages not yet sent: every delivery process still holding a
// message of the organization plans again (its `recheck` signal), and so does every running payslip
// publication (`settingsChanged`).
import { WorkflowNotFoundError } from '@temporalio/client';
import { messageWorkflowId } from '../../workflows/ids.ts';
import { recheckSignal } from '../../workflows/message-delivery.ts';
import { settingsChangedSignal } from '../../workflows/payslip-publication.ts';
import type { ServiceDeps } from '../http/context.ts';

const SIGNALS_IN_FLIGHT = 16;

/** Signals the organization's waiting messageDelivery workflows and payslip publications; returns how many. */
export async function notifySettingsChanged(
  { em, temporal, log }: ServiceDeps,
  organizationId: string,
): Promise<number> {
  // Payslip notifications are sent by their publication's workflow, not one process per message:
  // that workflow is signalled below instead.
  const waiting = await em.execute<{ id: string }[]>(
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
        await temporal.workflow.getHandle(messageWorkflowId(id)).signal(recheckSignal);
        signalled++;
      } catch (err) {
        // Already finished, or its row was queued by a caller that drives sending itself.
        if (!(err instanceof WorkflowNotFoundError))
          log.warn({ err, messageId: id }, 'recheck signal failed');
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(SIGNALS_IN_FLIGHT, waiting.length) }, worker));
  signalled += await signalPayslipPublications({ em, temporal, log }, organizationId);
  log.info({ organizationId, signalled }, 'notification settings changed: waiting messages rechecked');
  return signalled;
}

/**
 * The organization's running payslip publications re-plan their unsent notifications and reminders
 * (`settingsChanged`); returns how many were signalled.
 */
async function signalPayslipPublications(
  { em, temporal, log }: Pick<ServiceDeps, 'em' | 'temporal' | 'log'>,
  organizationId: string,
): Promise<number> {
  const running = await em.execute<{ id: string; workflow_id: string }[]>(
    `select id, workflow_id from payslip_publications where organization_id = ? and status <> 'done'`,
    [organizationId],
  );
  let signalled = 0;
  for (const publication of running) {
    try {
      await temporal.workflow.getHandle(publication.workflow_id).signal(settingsChangedSignal);
      signalled++;
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) {
        log.warn({ err, publicationId: publication.id }, 'settingsChanged signal failed');
      }
    }
  }
  return signalled;
}
