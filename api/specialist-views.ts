import { z } from '@hono/zod-openapi';
import { DOCUMENT_KINDS, REGISTER_STATUSES } from '../db/entities/specialist-document.ts';
import type { Specialist } from '../db/entities/index.ts';
import { formatSnils } from '../domain/snils.ts';
import { registerConfirmationWorkflowId } from '../workflows/ids.ts';

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

/** The columns of a DocumentRow, for SQL over specialist_documents aliased `d`. */
export const DOCUMENT_COLUMNS = `d.id, d.kind, d.series, d.number, d.specialty, d.issued_on::text as "issuedOn",
  d.register_status as "registerStatus", d.register_reason as "registerReason",
  d.register_checked_at as "registerCheckedAt", d.created_at as "createdAt"`;

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
  ...row,
  createdAt: new Date(row.createdAt).toISOString(),
});
