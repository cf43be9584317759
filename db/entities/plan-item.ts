import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/** An element included in the plan of one cycle. */
export const PlanItem = defineEntity({
  name: 'PlanItem',
  tableName: 'plan_items',
  properties: {
    id: p.uuid().primary(),
    cycleId: p.uuid(),
    elementId: p.uuid(),
    status: p.enum(['planned', 'done'] as const),
    addedAt: p.datetime().onCreate(() => new Date()),
    completedAt: p.datetime().nullable(),
  },
});
export type PlanItem = InferEntity<typeof PlanItem>;
