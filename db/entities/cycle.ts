import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/** A five-year continuing-education cycle, opened by one document for one specialty. */
export const Cycle = defineEntity({
  name: 'Cycle',
  tableName: 'cycles',
  properties: {
    id: p.uuid().primary(),
    specialistId: p.uuid(),
    documentId: p.uuid(),
    specialty: p.text(),
    startsOn: p.date(),
    endsOn: p.date(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type Cycle = InferEntity<typeof Cycle>;
