import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

export const INVITATION_STATUSES = [
  'pending',
  'sent',
  'delivered',
  'failed',
  'activated',
  'expired',
  'revoked',
] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];
/** Statuses in which the invitation's code may still be used. */
export const OPEN_INVITATION_STATUSES: readonly InvitationStatus[] = ['pending', 'sent', 'delivered'];

export const Invitation = defineEntity({
  name: 'Invitation',
  tableName: 'invitations',
  properties: {
    id: p.uuid().primary(),
    organizationId: p.uuid(),
    employeeId: p.uuid(),
    kind: p.enum(['admin', 'employee'] as const),
    phone: p.text(),
    status: p.enum(INVITATION_STATUSES),
    /** HMAC of phone + code under the server secret; the code itself is never stored. */
    codeHash: p.text().nullable().hidden(),
    /** Bumped with every new code, so each code's SMS has its own stable outbox id. */
    codeGeneration: p.integer(),
    attemptsUsed: p.integer(),
    maxAttempts: p.integer(),
    expiresAt: p.datetime().nullable(),
    failureReason: p.text().nullable(),
    sentAt: p.datetime().nullable(),
    deliveredAt: p.datetime().nullable(),
    activatedAt: p.datetime().nullable(),
    userId: p.uuid().nullable(),
    batchId: p.uuid().nullable(),
    /** When the last code was asked for: the resend cooldown counts from here. */
    codeRequestedAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type Invitation = InferEntity<typeof Invitation>;
