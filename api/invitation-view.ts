import { z } from '@hono/zod-openapi';
import type { Invitation } from '../db/entities/index.ts';
import { INVITATION_STATUSES } from '../db/entities/invitation.ts';

export const InvitationSchema = z
  .object({
    id: z.uuid(),
    employeeId: z.uuid(),
    status: z.enum(INVITATION_STATUSES),
    failureReason: z.string().optional(),
    sentAt: z.string().optional(),
    deliveredAt: z.string().optional(),
    activatedAt: z.string().optional(),
    expiresAt: z.string().nullable(),
    attemptsLeft: z.number().int(),
    batchId: z.uuid().nullable(),
  })
  .openapi('Invitation');

/** An invitation as clients see it: no code, no hash; optional times only when they happened. */
export function invitationView(i: Invitation): z.infer<typeof InvitationSchema> {
  return {
    id: i.id,
    employeeId: i.employeeId,
    status: i.status,
    ...(i.failureReason ? { failureReason: i.failureReason } : {}),
    ...(i.sentAt ? { sentAt: i.sentAt.toISOString() } : {}),
    ...(i.deliveredAt ? { deliveredAt: i.deliveredAt.toISOString() } : {}),
    ...(i.activatedAt ? { activatedAt: i.activatedAt.toISOString() } : {}),
    expiresAt: i.expiresAt?.toISOString() ?? null,
    attemptsLeft: Math.max(0, i.maxAttempts - i.attemptsUsed),
    batchId: i.batchId ?? null,
  };
}
