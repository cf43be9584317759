import { z } from '@hono/zod-openapi';
import type { Cycle, Specialist, SpecialistDocument } from '../../db/entities/index.ts';
import { DOCUMENT_KINDS, REGISTER_STATUSES } from '../../db/entities/specialist-document.ts';
import { formatSnils } from '../../domain/snils.ts';
import { registerConfirmationWorkflowId } from '../../workflows/ids.ts';

export const NewSpecialist = z.object({
  fullName: z.string().trim().min(3).max(300).openapi({ example: 'Иванова Мария Сергеевна' }),
  snils: z.string().max(40).optional().openapi({ example: '112-233-445 95' }),
});
export type NewSpecialist = z.infer<typeof NewSpecialist>;

export const SpecialistSchema = z
  .object({
    id: z.uuid(),
    fullName: z.string(),
    snils: z.string().nullable().openapi({ example: '112-233-445 95' }),
    createdAt: z.string(),
  })
  .openapi('Specialist');

export const specialistView = (s: Specialist): z.infer<typeof SpecialistSchema> => ({
  id: s.id,
  fullName: s.fullName,
  snils: s.snils ? formatSnils(s.snils) : null,
  createdAt: s.createdAt.toISOString(),
});

export const NewDocument = z
  .object({
    kind: z.enum(DOCUMENT_KINDS),
    series: z.string().max(40).optional().openapi({ example: '7724' }),
    number: z.string().max(40).optional().openapi({ example: '12345678' }),
    fullNumber: z
      .string()
      .max(60)
      .optional()
      .openapi({ description: 'series and number together, instead of the two', example: '7724 12345678' }),
    specialty: z.string().trim().min(2).max(200).openapi({ example: 'Терапия' }),
    issuedOn: z
      .string()
      .openapi({ description: 'the date of the document (YYYY-MM-DD); its cycle starts then' }),
  })
  .openapi({
    description:
      'Specialist certificate: 13 digits (series 6 + number 7); accreditation: 12 digits (series 4 + number 8).',
  });
export type NewDocument = z.infer<typeof NewDocument>;

const registerStatus = z.enum(REGISTER_STATUSES).openapi({
  description:
    'ФРМР confirmation: unconfirmed while checks go on (planning and learning are allowed), then confirmed or not_found',
});

export const DocumentSchema = z
  .object({
    id: z.uuid(),
    kind: z.enum(DOCUMENT_KINDS),
    series: z.string(),
    number: z.string(),
    fullNumber: z.string(),
    specialty: z.string(),
    issuedOn: z.string().openapi({ example: '2024-01-15' }),
    registerStatus,
    registerReason: z.string().nullable().openapi({ description: 'why it is not confirmed (yet)' }),
    registerCheckedAt: z.string().nullable(),
    workflowId: z.string(),
    createdAt: z.string(),
  })
  .openapi('SpecialistDocument');
export type DocumentView = z.infer<typeof DocumentSchema>;

export const CycleSchema = z
  .object({
    id: z.uuid(),
    documentId: z.uuid(),
    documentKind: z.enum(DOCUMENT_KINDS),
    specialty: z.string(),
    startsOn: z.string().openapi({ example: '2024-01-15' }),
    endsOn: z.string().openapi({ example: '2029-01-14', description: 'the last day of the cycle' }),
    registerStatus,
    createdAt: z.string(),
  })
  .openapi('Cycle');
export type CycleView = z.infer<typeof CycleSchema>;

export const AddedDocumentSchema = z.object({ document: DocumentSchema, cycle: CycleSchema });

export const CycleIdParam = z.object({
  cycleId: z.uuid().openapi({ param: { name: 'cycleId', in: 'path' } }),
});

/** A document as read by SQL (the columns of DOCUMENT_COLUMNS in the document service). */
export interface DocumentRow {
  id: string;
  kind: DocumentView['kind'];
  series: string;
  number: string;
  specialty: string;
  issuedOn: string;
  registerStatus: DocumentView['registerStatus'];
  registerReason?: string | null | undefined;
  registerCheckedAt?: Date | string | null | undefined;
  createdAt: Date | string;
}

export const documentView = (d: DocumentRow): DocumentView => ({
  id: d.id,
  kind: d.kind,
  series: d.series,
  number: d.number,
  fullNumber: d.series + d.number,
  specialty: d.specialty,
  issuedOn: d.issuedOn,
  registerStatus: d.registerStatus,
  registerReason: d.registerReason ?? null,
  registerCheckedAt: d.registerCheckedAt ? new Date(d.registerCheckedAt).toISOString() : null,
  workflowId: registerConfirmationWorkflowId(d.id),
  createdAt: new Date(d.createdAt).toISOString(),
});

export interface CycleRow {
  id: string;
  documentId: string;
  documentKind: CycleView['documentKind'];
  specialty: string;
  startsOn: string;
  endsOn: string;
  registerStatus: CycleView['registerStatus'];
  createdAt: Date | string;
}

export const cycleView = (row: CycleRow): CycleView => ({
  id: row.id,
  documentId: row.documentId,
  documentKind: row.documentKind,
  specialty: row.specialty,
  startsOn: row.startsOn,
  endsOn: row.endsOn,
  registerStatus: row.registerStatus,
  createdAt: new Date(row.createdAt).toISOString(),
});

/** A document just added and the cycle it opened. */
export const addedDocumentView = ({
  document,
  cycle,
}: {
  document: SpecialistDocument;
  cycle: Cycle;
}): z.infer<typeof AddedDocumentSchema> => ({
  document: documentView(document),
  cycle: cycleView({ ...cycle, documentKind: document.kind, registerStatus: document.registerStatus }),
});
