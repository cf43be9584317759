import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/** The application document as "Сформировать" rendered it: what the specialist prints and signs. */
export const TrainingApplicationDocument = defineEntity({
  name: 'TrainingApplicationDocument',
  tableName: 'training_application_documents',
  properties: {
    applicationId: p.uuid().primary(),
    html: p.text().lazy(),
    pdf: p.blob().lazy(),
    formedAt: p.datetime(),
  },
});
export type TrainingApplicationDocument = InferEntity<typeof TrainingApplicationDocument>;

export const SIGNATURE_METHODS = ['scan', 'confirmation'] as const;

/** A signed scan of the document, or the specialist's electronic confirmation. */
export const TrainingApplicationSignature = defineEntity({
  name: 'TrainingApplicationSignature',
  tableName: 'training_application_signatures',
  properties: {
    id: p.uuid().primary(),
    applicationId: p.uuid(),
    method: p.enum(SIGNATURE_METHODS),
    fileName: p.text().nullable(),
    contentType: p.text().nullable(),
    sizeBytes: p.integer().nullable(),
    content: p.blob().nullable().lazy(),
    createdAt: p.datetime().onCreate(() => new Date()),
    acceptedAt: p.datetime().nullable(),
  },
});
export type TrainingApplicationSignature = InferEntity<typeof TrainingApplicationSignature>;
