import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

export const Employee = defineEntity({
  name: 'Employee',
  tableName: 'employees',
  properties: {
    id: p.uuid().primary(),
    organizationId: p.uuid(),
    externalId: p.text(),
    fullName: p.text(),
    position: p.text().nullable(),
    department: p.text().nullable(),
    managerExternalId: p.text().nullable(),
    email: p.text().nullable(),
    phone: p.text().nullable(),
    employed: p.boolean(),
    /** The person's account, once a cabinet is activated. */
    userId: p.uuid().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
});
export type Employee = InferEntity<typeof Employee>;
