import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/** A person's account. The login is the normalised mobile phone they activated with. */
export const User = defineEntity({
  name: 'User',
  tableName: 'users',
  properties: {
    id: p.uuid().primary(),
    login: p.text(),
    passwordHash: p.text().hidden(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
});
export type User = InferEntity<typeof User>;
