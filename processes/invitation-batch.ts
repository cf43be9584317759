import type { EntityManager } from '@mikro-orm/postgresql';
import { pgArray } from '../db/sql.ts';
import { invitationBatchWorkflowId } from '../workflows/ids.ts';
import { BATCH_PAGE_SIZE, type invitationBatch } from '../workflows/invitation-batch.ts';
import { processSearchAttributes } from '../workflows/search-attributes.ts';
import { startOnce, type ProcessClient } from './process-client.ts';

export interface NewInvitationBatch {
  batchId: string;
  organizationId: string;
  employeeIds: readonly string[];
  codeTtlMs: number;
  maxAttempts: number;
  /** What operators read in the Temporal UI, e.g. «Приглашение 120 сотрудников». */
  summary: string;
}

/**
 * Opens a bulk invitation: the batch and its items (in order) are written, then its process starts.
 * Idempotent per batch id. When the process cannot be started (Temporal unreachable) the rows this
 * call wrote are taken back and the error is thrown, so nothing waits for a process that never began.
 */
export async function openInvitationBatch(
  em: EntityManager,
  client: ProcessClient,
  batch: NewInvitationBatch,
): Promise<{ workflowId: string; created: boolean }> {
  const workflowId = invitationBatchWorkflowId(batch.batchId);
  const created = await em.transactional(async (tx) => {
    const inserted = await tx.execute<{ id: string }[]>(
      `insert into invitation_batches (id, organization_id, total, workflow_id, created_at)
       values (?, ?, ?, ?, now()) on conflict (id) do nothing returning id`,
      [batch.batchId, batch.organizationId, batch.employeeIds.length, workflowId],
    );
    if (inserted.length === 0) return false;
    await tx.execute(
      `insert into invitation_batch_items (batch_id, position, employee_id)
       select ?, ordinality, id from unnest(?::uuid[]) with ordinality as ids(id, ordinality)`,
      [batch.batchId, pgArray(batch.employeeIds)],
    );
    return true;
  });
  try {
    await startOnce(() =>
      client.temporal.workflow.start<typeof invitationBatch>('invitationBatch', {
        workflowId,
        taskQueue: client.taskQueue,
        args: [
          {
            batchId: batch.batchId,
            organizationId: batch.organizationId,
            codeTtlMs: batch.codeTtlMs,
            maxAttempts: batch.maxAttempts,
            pageSize: BATCH_PAGE_SIZE,
          },
        ],
        typedSearchAttributes: processSearchAttributes('invitation_batch', batch),
        staticSummary: batch.summary,
      }),
    );
  } catch (err) {
    if (created) await em.fork().execute('delete from invitation_batches where id = ?', [batch.batchId]);
    throw err;
  }
  return { workflowId, created };
}
