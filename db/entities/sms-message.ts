import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

export const SMS_STATUSES = ['sending', 'sent', 'delivered', 'failed'] as const;
export type SmsStatus = (typeof SMS_STATUSES)[number];

/**
 * The SMS outbox: one row per message with a stable id that is also the provider's client id,
 * so a retried send can ask the provider whether it already has the message.
 */
export const SmsMessage = defineEntity({
  name: 'SmsMessage',
  tableName: 'sms_messages',
  properties: {
    id: p.text().primary(),
    organizationId: p.uuid().nullable(),
    invitationId: p.uuid().nullable(),
    kind: p.text(),
    phone: p.text(),
    /** Null for messages that carry a secret (codes): their text is never stored. */
    body: p.text().nullable(),
    status: p.enum(SMS_STATUSES),
    providerId: p.text().nullable(),
    parts: p.integer().nullable(),
    failureReason: p.text().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    sentAt: p.datetime().nullable(),
    deliveredAt: p.datetime().nullable(),
  },
});
export type SmsMessage = InferEntity<typeof SmsMessage>;
