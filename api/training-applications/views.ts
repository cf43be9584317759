import { z } from '@hono/zod-openapi';
import { APPLICATION_STATUSES } from '../../db/entities/training-application.ts';
import type { ApplicationRow } from '../../db/queries/training-applications.ts';
import { trainingApplicationWorkflowId } from '../../workflows/ids.ts';

export const ApplicationIdParam = z.object({
  applicationId: z.uuid().openapi({ param: { name: 'applicationId', in: 'path' } }),
});

export const ApplicationListQuery = z.object({ status: z.enum(APPLICATION_STATUSES).optional() });

const text = (max: number) => z.string().trim().min(1, 'required').max(max);

export const ApplicationFormSchema = z
  .object({
    workplace: text(300).openapi({ example: 'ГБУЗ «Городская поликлиника № 1»' }),
    position: text(200).openapi({ example: 'Врач-терапевт участковый' }),
    phone: text(40).openapi({ example: '+7 916 123-45-67' }),
    email: text(254).openapi({ example: 'ivanov@example.ru' }),
    education: text(1000).optional(),
    comment: text(2000).optional(),
    snils: text(20).optional().openapi({ description: 'used when the profile has no SNILS' }),
  })
  .openapi('TrainingApplicationForm');
export type ApplicationForm = z.infer<typeof ApplicationFormSchema>;

export const NewApplication = z.object({
  cycleId: z.uuid(),
  programmeCycleId: z.uuid(),
  form: ApplicationFormSchema,
});
export type NewApplication = z.infer<typeof NewApplication>;

/** The signed scan as a multipart upload, or an electronic confirmation as JSON. */
export const SignatureUpload = z.object({ scan: z.any().openapi({ type: 'string', format: 'binary' }) });
export const SignatureConfirmation = z.object({ confirm: z.literal(true) });

export const Decision = z
  .object({
    decision: z.enum(['enrolled', 'rejected']),
    reason: z.string().trim().min(1).max(2000).optional(),
  })
  .refine((d) => d.decision !== 'rejected' || d.reason !== undefined, {
    path: ['reason'],
    message: 'a rejection needs a reason',
  });
export type Decision = z.infer<typeof Decision>;

export const TrainingApplicationSchema = z
  .object({
    id: z.uuid(),
    status: z.enum(APPLICATION_STATUSES),
    cycleId: z.uuid(),
    specialty: z.string(),
    specialist: z.object({ id: z.uuid(), fullName: z.string() }),
    programme: z.object({
      elementId: z.uuid(),
      programmeCycleId: z.uuid(),
      title: z.string(),
      credits: z.number().int(),
      startsOn: z.string(),
      endsOn: z.string(),
      provider: z.object({ id: z.uuid(), name: z.string() }),
    }),
    form: z.record(z.string(), z.unknown()),
    document: z
      .object({ formedAt: z.string(), htmlUrl: z.string(), pdfUrl: z.string() })
      .nullable()
      .openapi({ description: 'the formed document (null before «Сформировать»)' }),
    signature: z
      .object({
        method: z.enum(['scan', 'confirmation']),
        signedAt: z.string(),
        fileName: z.string().nullable(),
        scanUrl: z.string().nullable(),
      })
      .nullable(),
    decisionReason: z.string().nullable(),
    flaggedAt: z
      .string()
      .nullable()
      .openapi({ description: 'set when credits were still missing after the grace period' }),
    workflowId: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('TrainingApplication');
export type TrainingApplicationView = z.infer<typeof TrainingApplicationSchema>;

const iso = (value: Date | string): string => new Date(value).toISOString();

/** Whose view: the specialist and the provider each download the files from their own paths. */
export type ApplicationSide = 'specialist' | 'provider';

export const APPLICATION_PATHS: Record<ApplicationSide, string> = {
  specialist: '/v1/me/applications',
  provider: '/v1/providers/me/applications',
};

export function applicationView(row: ApplicationRow, side: ApplicationSide): TrainingApplicationView {
  const base = `${APPLICATION_PATHS[side]}/${row.id}`;
  return {
    id: row.id,
    status: row.status,
    cycleId: row.cycleId,
    specialty: row.specialty,
    specialist: { id: row.specialistId, fullName: row.fullName },
    programme: {
      elementId: row.elementId,
      programmeCycleId: row.programmeCycleId,
      title: row.title,
      credits: row.credits,
      startsOn: row.startsOn,
      endsOn: row.endsOn,
      provider: { id: row.providerId, name: row.providerName },
    },
    form: row.form,
    document: row.formedAt
      ? { formedAt: iso(row.formedAt), htmlUrl: `${base}/document.html`, pdfUrl: `${base}/document.pdf` }
      : null,
    signature:
      row.signatureMethod && row.signedAt
        ? {
            method: row.signatureMethod,
            signedAt: iso(row.signedAt),
            fileName: row.fileName,
            scanUrl: row.signatureMethod === 'scan' ? `${base}/scan` : null,
          }
        : null,
    decisionReason: row.decisionReason,
    flaggedAt: row.flaggedAt ? iso(row.flaggedAt) : null,
    workflowId: trainingApplicationWorkflowId(row.id),
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}

export const myApplicationView = (row: ApplicationRow) => applicationView(row, 'specialist');
export const providerApplicationView = (row: ApplicationRow) => applicationView(row, 'provider');
