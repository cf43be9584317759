import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/** Credits (ЗЕТ, 1 = one academic hour) to a cycle; (source, sourceId) is unique, so never twice. */
export const CreditEntry = defineEntity({
  name: 'CreditEntry',
  tableName: 'credit_entries',
  properties: {
    id: p.uuid().primary(),
    cycleId: p.uuid(),
    source: p.enum(['event', 'iom', 'programme'] as const),
    sourceId: p.uuid(),
    credits: p.integer(),
    creditedOn: p.date(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type CreditEntry = InferEntity<typeof CreditEntry>;

export const VerificationRun = defineEntity({
  name: 'VerificationRun',
  tableName: 'verification_runs',
  properties: {
    id: p.uuid().primary(),
    workflowId: p.text(),
    startedAt: p.datetime().onCreate(() => new Date()),
    finishedAt: p.datetime().nullable(),
    total: p.integer(),
    verified: p.integer(),
    rejected: p.integer(),
  },
});
export type VerificationRun = InferEntity<typeof VerificationRun>;
