import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

export const Organization = defineEntity({
  name: 'Organization',
  tableName: 'organizations',
  properties: {
    id: p.uuid().primary(),
    name: p.text(),
    inn: p.text(),
    timezone: p.text(),
    /** Contact details the tenant edits (organization_details right); migration 0011. */
    kpp: p.text().nullable(),
    address: p.text().nullable(),
    phone: p.text().nullable(),
    email: p.text().nullable(),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type Organization = InferEntity<typeof Organization>;
