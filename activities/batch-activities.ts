import { Context } from '@temporalio/activity';
import pMap from 'p-map';
import { startInvitation } from '../processes/invitation.ts';
import type { ActivityDeps } from './deps.ts';

export type BatchRejection =
  'not_found' | 'not_employed' | 'no_mobile_phone' | 'already_active' | 'already_invited';

interface BatchItem {
  position: number;
  employee_id: string;
  invitation_id: string | null;
  rejection: string | null;
}
interface EmployeeFacts {
  id: string;
  phone: string | null;
  employed: boolean;
  user_id: string | null;
  invited: boolean;
}

/** Workflow starts in flight at once: enough to keep the frontend busy, few enough to stay polite. */
const START_CONCURRENCY = 32;

export function createBatchActivities({ orm, temporal, logger }: ActivityDeps) {
  return {
    /**
     * One page of a bulk invitation: decides each employee (an invitation, or the reason why not)
     * in one transaction of set-based statements, then starts the invitation processes. A retry
     * after a crash redoes nothing already decided and skips processes already started.
     */
    async inviteBatchPage(input: {
      batchId: string;
      organizationId: string;
      afterPosition: number;
      limit: number;
      codeTtlMs: number;
      maxAttempts: number;
      taskQueue: string;
    }): Promise<{ lastPosition: number; invited: number; rejected: number; done: boolean }> {
      const em = orm.em.fork();
      const page = await em.transactional(async (tx) => {
        const items = await tx.execute<BatchItem[]>(
          `select position, employee_id, invitation_id, rejection from invitation_batch_items
           where batch_id = ? and position > ? order by position limit ? for update`,
          [input.batchId, input.afterPosition, input.limit],
        );
        const undecided = items.filter((i) => !i.invitation_id && !i.rejection);
        if (undecided.length === 0) return items;

        const facts = await tx.execute<EmployeeFacts[]>(
          `select e.id, e.phone, e.employed, e.user_id,
                  exists (select 1 from invitations i where i.employee_id = e.id
                          and i.status in ('pending', 'sent', 'delivered')) as invited
           from employees e where e.organization_id = ? and e.id = any(?::uuid[])`,
          [input.organizationId, `{${undecided.map((i) => i.employee_id).join(',')}}`],
        );
        const byId = new Map(facts.map((f) => [f.id, f]));
        const chosen = new Set<string>();
        const decisions = undecided.map((item) => {
          const rejection = rejectionFor(byId.get(item.employee_id), chosen.has(item.employee_id));
          if (!rejection) chosen.add(item.employee_id);
          return { position: item.position, employeeId: item.employee_id, rejection };
        });

        const accepted = decisions.filter((d) => !d.rejection);
        const created = await tx.execute<{ id: string; employee_id: string }[]>(
          `insert into invitations (id, organization_id, employee_id, kind, phone, status, max_attempts, batch_id)
           select gen_random_uuid(), e.organization_id, e.id, 'employee', e.phone, 'pending', ?, ?
           from employees e where e.id = any(?::uuid[])
           on conflict (employee_id) where status in ('pending', 'sent', 'delivered') do nothing
           returning id, employee_id`,
          [input.maxAttempts, input.batchId, `{${accepted.map((d) => d.employeeId).join(',')}}`],
        );
        const invitationByEmployee = new Map(created.map((c) => [c.employee_id, c.id]));
        const outcomes = decisions.map((d) => ({
          position: d.position,
          invitation_id: d.rejection ? null : (invitationByEmployee.get(d.employeeId) ?? null),
          // Lost a race with another invitation created just now.
          rejection: d.rejection ?? (invitationByEmployee.has(d.employeeId) ? null : 'already_invited'),
        }));
        await tx.execute(
          `update invitation_batch_items as item set invitation_id = o.invitation_id, rejection = o.rejection
           from jsonb_to_recordset(?::jsonb) as o(position integer, invitation_id uuid, rejection text)
           where item.batch_id = ? and item.position = o.position`,
          [JSON.stringify(outcomes), input.batchId],
        );
        const outcomeByPosition = new Map(outcomes.map((o) => [o.position, o]));
        return items.map((i) => ({ ...i, ...outcomeByPosition.get(i.position) }));
      });

      if (page.length === 0) {
        await em.execute(
          'update invitation_batches set processed_at = now() where id = ? and processed_at is null',
          [input.batchId],
        );
        return { lastPosition: input.afterPosition, invited: 0, rejected: 0, done: true };
      }

      const toStart = page.filter((i): i is BatchItem & { invitation_id: string } =>
        Boolean(i.invitation_id),
      );
      let started = 0;
      const client = { temporal, taskQueue: input.taskQueue };
      await pMap(
        toStart,
        async (item) => {
          await startInvitation(client, {
            invitationId: item.invitation_id,
            organizationId: input.organizationId,
            employeeId: item.employee_id,
            kind: 'employee',
            codeTtlMs: input.codeTtlMs,
          });
          started += 1;
          if (started % 50 === 0) Context.current().heartbeat({ started });
        },
        { concurrency: START_CONCURRENCY },
      );
      const lastPosition = page.at(-1)!.position;
      logger.info({ batchId: input.batchId, lastPosition, invited: toStart.length }, 'batch page invited');
      return {
        lastPosition,
        invited: toStart.length,
        rejected: page.length - toStart.length,
        done: page.length < input.limit,
      };

    },
  };
}

function rejectionFor(
  employee: EmployeeFacts | undefined,
  alreadyInThisBatch: boolean,
): BatchRejection | null {
  if (!employee) return 'not_found';
  if (!employee.employed) return 'not_employed';
  if (!employee.phone) return 'no_mobile_phone';
  if (employee.user_id) return 'already_active';
  if (employee.invited || alreadyInThisBatch) return 'already_invited';
  return null;
}

