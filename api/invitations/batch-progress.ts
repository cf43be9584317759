import type { EntityManager } from '@mikro-orm/postgresql';

/** How many rejections the batch answer lists; the count is always complete. */
const REJECTIONS_LISTED = 1000;

/** Why an employee of a batch was not invited (decided by the batch's process). */
export const BATCH_REJECTIONS = [
  'not_found',
  'not_employed',
  'no_mobile_phone',
  'already_active',
  'already_invited',
] as const;
export type BatchRejection = (typeof BATCH_REJECTIONS)[number];

export interface BatchProgress {
  batchId: string;
  total: number;
  /** Not yet decided, or waiting for the SMS to go out. */
  pending: number;
  sent: number;
  delivered: number;
  failed: number;
  activated: number;
  expired: number;
  revoked: number;
  rejected: number;
  rejections: { employeeId: string; reason: BatchRejection }[];
  /** Every employee decided and every SMS handed to the provider or failed. */
  done: boolean;
  createdAt: Date;
}

/** Live counts straight from PostgreSQL: the invitations of the batch by status, and the rejections. */
export async function batchProgress(
  em: EntityManager,
  organizationId: string,
  batchId: string,
): Promise<BatchProgress | null> {
  const [batch] = await em.execute<{ total: number; created_at: Date; processed_at: Date | null }[]>(
    'select total, created_at, processed_at from invitation_batches where id = ? and organization_id = ?',
    [batchId, organizationId],
  );
  if (!batch) return null;
  const counts = await em.execute<{ status: string; n: number }[]>(
    'select status, count(*)::int as n from invitations where batch_id = ? group by status',
    [batchId],
  );
  const rejections = await em.execute<{ employee_id: string; rejection: BatchRejection }[]>(
    `select employee_id, rejection from invitation_batch_items
     where batch_id = ? and rejection is not null order by position limit ?`,
    [batchId, REJECTIONS_LISTED],
  );
  const [rejectedRow] = await em.execute<{ n: number }[]>(
    'select count(*)::int as n from invitation_batch_items where batch_id = ? and rejection is not null',
    [batchId],
  );
  const by = (status: string) => counts.find((c) => c.status === status)?.n ?? 0;
  const rejected = rejectedRow?.n ?? 0;
  const settled = ['sent', 'delivered', 'failed', 'activated', 'expired', 'revoked'].reduce(
    (sum, s) => sum + by(s),
    0,
  );
  const pending = batch.total - rejected - settled;
  return {
    batchId,
    total: batch.total,
    pending,
    sent: by('sent'),
    delivered: by('delivered'),
    failed: by('failed'),
    activated: by('activated'),
    expired: by('expired'),
    revoked: by('revoked'),
    rejected,
    rejections: rejections.map((r) => ({ employeeId: r.employee_id, reason: r.rejection })),
    done: batch.processed_at !== null && pending === 0,
    createdAt: new Date(batch.created_at),
  };
}
