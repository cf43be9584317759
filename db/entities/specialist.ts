import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/** A medical or pharmaceutical specialist on the continuing-education portal (one per user). */
export const Specialist = defineEntity({
  name: 'Specialist',
  tableName: 'specialists',
  properties: {
    id: p.uuid().primary(),
    userId: p.uuid(),
    fullName: p.text(),
    snils: p.text().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type Specialist = InferEntity<typeof Specialist>;
