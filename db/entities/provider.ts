import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/** An educational provider; its API key (only a SHA-256 stored) reports attendance and decides applications. */
export const Provider = defineEntity({
  name: 'Provider',
  tableName: 'providers',
  properties: {
    id: p.uuid().primary(),
    name: p.text(),
    inn: p.text().nullable(),
    keyHash: p.text().nullable().hidden(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type Provider = InferEntity<typeof Provider>;
