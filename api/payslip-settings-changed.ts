import { WorkflowNotFoundError } from '@temporalio/client';
import type { Context } from 'hono';
import { settingsChangedSignal } from '../workflows/payslip-publication.ts';
import type { AppEnv } from './http/context.ts';

/**
 * The organization's running payslip publications re-plan their unsent notifications and reminders
 * (`settingsChanged`); returns how many were signalled.
 */
export async function signalPayslipPublications(c: Context<AppEnv>, organizationId: string): Promise<number> {
  const running = await c.var.em.execute<{ id: string; workflow_id: string }[]>(
    `select id, workflow_id from payslip_publications where organization_id = ? and status <> 'done'`,
    [organizationId],
  );
  let signalled = 0;
  for (const publication of running) {
    try {
      await c.var.deps.temporal.workflow.getHandle(publication.workflow_id).signal(settingsChangedSignal);
      signalled++;
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) {
        c.var.log.warn({ err, publicationId: publication.id }, 'settingsChanged signal failed');
      }
    }
  }
  return signalled;
}
