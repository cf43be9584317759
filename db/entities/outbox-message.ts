import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

export const OUTBOX_STATUSES = ['queued', 'sending', 'sent', 'delivered', 'failed'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];
export const OUTBOX_CHANNELS = ['sms', 'email'] as const;
export type OutboxChannel = (typeof OUTBOX_CHANNELS)[number];

/**
 * The outbox: one row per SMS or e-mail that leaves, with a stable id that is also the SMS provider's
 * client id and the e-mail's Message-ID, so a retried send can be recognised. queued → sending →
 * sent → delivered | failed (failureReason says why).
 */
export const OutboxMessage = defineEntity({
  name: 'OutboxMessage',
  tableName: 'outbox_messages',
  properties: {
    id: p.text().primary(),
    organizationId: p.uuid().nullable(),
    invitationId: p.uuid().nullable(),
    employeeId: p.uuid().nullable(),
    userId: p.uuid().nullable(),
    kind: p.text(),
    channel: p.enum(OUTBOX_CHANNELS).default('sms'),
    /** The recipient of an SMS (+79XXXXXXXXX). */
    phone: p.text().nullable(),
    /** The recipient of an e-mail. */
    email: p.text().nullable(),
    subject: p.text().nullable(),
    /** The text (the SMS, or the e-mail's plain part). Null for messages that carry a secret. */
    body: p.text().nullable(),
    html: p.text().nullable(),
    /** A secret message's rendered content, sealed (AES-256-GCM); erased once the provider accepted it. */
    sealedContent: p.blob().nullable().hidden(),
    urgent: p.boolean().default(false),
    status: p.enum(OUTBOX_STATUSES),
    /** Held until then (the send window); null when not deferred. */
    notBefore: p.datetime().nullable(),
    /** Why it waits, for operators ("outside the send window …"). */
    waitReason: p.text().nullable(),
    /** What the message belongs to (e.g. 'payslip_publication' + its id), for progress counts. */
    sourceKind: p.text().nullable(),
    sourceId: p.text().nullable(),
    providerId: p.text().nullable(),
    parts: p.integer().nullable(),
    failureReason: p.text().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    sentAt: p.datetime().nullable(),
    deliveredAt: p.datetime().nullable(),
  },
});
export type OutboxMessage = InferEntity<typeof OutboxMessage>;
