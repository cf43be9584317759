import { z } from '@hono/zod-openapi';
import type { EntityManager } from '@mikro-orm/postgresql';

/** How many rejections the batch answer lists; the count is always complete. */
const REJECTIONS_LISTED = 1000;

export const BatchProgressSchema = z
  .object({
    batchId: z.uuid(),
    total: z.number().int(),
    pending: z.number().int().openapi({ description: 'not yet decided, or waiting for the SMS to go out' }),
    sent: z.number().int(),
    delivered: z.number().int(),
    failed: z.number().int(),
    activated: z.number().int(),
    expired: z.number().int(),
    revoked: z.number().int(),
    rejected: z
      .number()
      .int()
      .openapi({ description: 'employees that could not be invited; see rejections' }),
    rejections: z.array(
      z.object({
        employeeId: z.uuid(),
        reason: z.enum(['not_found', 'not_employed', 'no_mobile_phone', 'already_active', 'already_invited']),
      }),
    ),
    done: z
      .boolean()
      .openapi({ description: 'every employee decided and every SMS handed to the provider or failed' }),
    createdAt: z.string(),
  })
  .openapi('InvitationBatch');

type Progress = z.infer<typeof BatchProgressSchema>;

/** Live counts straight from PostgreSQL: the invitations of the batch by status, and the rejections. */
export async function batchProgress(
  em: EntityManager,
  organizationId: string,
  batchId: string,
): Promise<Progress | null> {
  const [batch] = await em.execute<{ total: number; created_at: Date; processed_at: Date | null }[]>(
    'select total, created_at, processed_at from invitation_batches where id = ? and organization_id = ?',
    [batchId, organizationId],
  );
  if (!batch) return null;
  const counts = await em.execute<{ status: string; n: number }[]>(
    'select status, count(*)::int as n from invitations where batch_id = ? group by status',
    [batchId],
  );
  const rejections = await em.execute<
    { employee_id: string; rejection: Progress['rejections'][number]['reason'] }[]
  >(
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
    createdAt: new Date(batch.created_at).toISOString(),
  };
}
