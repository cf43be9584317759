import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

export const InvitationBatch = defineEntity({
  name: 'InvitationBatch',
  tableName: 'invitation_batches',
  properties: {
    id: p.uuid().primary(),
    organizationId: p.uuid(),
    total: p.integer(),
    workflowId: p.text(),
    createdAt: p.datetime().onCreate(() => new Date()),
    processedAt: p.datetime().nullable(),
  },
});
export type InvitationBatch = InferEntity<typeof InvitationBatch>;
