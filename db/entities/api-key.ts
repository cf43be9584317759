import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/** An organization's key for its HR system. Only a SHA-256 of the key is stored. */
export const ApiKey = defineEntity({
  name: 'ApiKey',
  tableName: 'api_keys',
  properties: {
    id: p.uuid().primary(),
    organizationId: p.uuid(),
    keyHash: p.text(),
    keyPrefix: p.text(),
    createdAt: p.datetime().onCreate(() => new Date()),
    revokedAt: p.datetime().nullable(),
  },
});
export type ApiKey = InferEntity<typeof ApiKey>;
