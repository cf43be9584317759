import { z } from '@hono/zod-openapi';
import type { Invitation } from '../../db/entities/index.ts';
import { INVITATION_STATUSES } from '../../db/entities/invitation.ts';
import { OrgIdParam, PageQuery } from '../http/schemas.ts';
import { BATCH_REJECTIONS, type BatchProgress } from './batch-progress.ts';

export const MAX_INVITATIONS_PER_CALL = 10_000;

export const InviteEmployees = z.object({
  employeeIds: z.array(z.uuid()).min(1).max(MAX_INVITATIONS_PER_CALL),
});

export const BatchAcceptedSchema = z.object({
  batchId: z.uuid(),
  total: z.number().int(),
  workflowId: z.string(),
});

export const BatchParams = OrgIdParam.extend({
  batchId: z.uuid().openapi({ param: { name: 'batchId', in: 'path' } }),
});

export const InvitationParams = OrgIdParam.extend({
  invitationId: z.uuid().openapi({ param: { name: 'invitationId', in: 'path' } }),
});

export const InvitationListQuery = PageQuery.extend({ status: z.enum(INVITATION_STATUSES).optional() });
export type InvitationListQuery = z.infer<typeof InvitationListQuery>;

export const ResendingSchema = z.object({ invitationId: z.uuid(), status: z.literal('resending') });
export const resendingView = (invitationId: string): z.infer<typeof ResendingSchema> => ({
  invitationId,
  status: 'resending',
});

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
    rejections: z.array(z.object({ employeeId: z.uuid(), reason: z.enum(BATCH_REJECTIONS) })),
    done: z
      .boolean()
      .openapi({ description: 'every employee decided and every SMS handed to the provider or failed' }),
    createdAt: z.string(),
  })
  .openapi('InvitationBatch');

export const batchProgressView = (p: BatchProgress): z.infer<typeof BatchProgressSchema> => ({
  ...p,
  createdAt: p.createdAt.toISOString(),
});

export const Activation = z.object({
  phone: z.string().max(40).openapi({ example: '8 916 123-45-67' }),
  code: z.string().max(20).openapi({ example: '123456' }),
  password: z.string().max(1000),
});
export type Activation = z.infer<typeof Activation>;

export const ActivatedSchema = z.object({ userId: z.uuid(), login: z.string() });
