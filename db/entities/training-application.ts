import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

export const APPLICATION_STATUSES = [
  'draft',
  'formed',
  'signed',
  'submitted',
  'enrolled',
  'rejected',
  'completed',
  'credited',
  'cancelled',
] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

/** An application for training on a ДПП ПК programme cycle (заявка на обучение). */
export const TrainingApplication = defineEntity({
  name: 'TrainingApplication',
  tableName: 'training_applications',
  properties: {
    id: p.uuid().primary(),
    specialistId: p.uuid(),
    cycleId: p.uuid(),
    programmeCycleId: p.uuid(),
    status: p.enum(APPLICATION_STATUSES),
    form: p.json<Record<string, unknown>>(),
    decisionReason: p.text().nullable(),
    flaggedAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
});
export type TrainingApplication = InferEntity<typeof TrainingApplication>;
