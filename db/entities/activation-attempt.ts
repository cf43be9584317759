import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/**
 * One submitted activation. The API stores the code's HMAC and the new password's argon2id hash
 * here and hands the workflow only the attempt id, so no secret enters workflow history.
 */
export const ActivationAttempt = defineEntity({
  name: 'ActivationAttempt',
  tableName: 'activation_attempts',
  properties: {
    id: p.uuid().primary(),
    invitationId: p.uuid(),
    codeHash: p.text().hidden(),
    passwordHash: p.text().nullable().hidden(),
    outcome: p.text().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type ActivationAttempt = InferEntity<typeof ActivationAttempt>;
