import { z } from '@hono/zod-openapi';
import type { EntityManager } from '@mikro-orm/postgresql';
import { APPLICATION_STATUSES, type ApplicationStatus } from '../db/entities/training-application.ts';
import { trainingApplicationWorkflowId } from '../workflows/ids.ts';

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

interface ApplicationRow {
  id: string;
  status: ApplicationStatus;
  cycleId: string;
  specialty: string;
  specialistId: string;
  fullName: string;
  elementId: string;
  programmeCycleId: string;
  title: string;
  credits: number;
  startsOn: string;
  endsOn: string;
  providerId: string;
  providerName: string;
  form: Record<string, unknown>;
  formedAt: Date | null;
  signatureMethod: 'scan' | 'confirmation' | null;
  signedAt: Date | null;
  fileName: string | null;
  decisionReason: string | null;
  flaggedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

const SELECT = `
  select a.id, a.status, a.cycle_id as "cycleId", c.specialty, a.specialist_id as "specialistId",
         s.full_name as "fullName", e.id as "elementId", a.programme_cycle_id as "programmeCycleId",
         e.title, e.credits, pc.starts_on::text as "startsOn", pc.ends_on::text as "endsOn",
         p.id as "providerId", p.name as "providerName", a.form, d.formed_at as "formedAt",
         sig.method as "signatureMethod", sig.accepted_at as "signedAt", sig.file_name as "fileName",
         a.decision_reason as "decisionReason", a.flagged_at as "flaggedAt",
         a.created_at as "createdAt", a.updated_at as "updatedAt"
  from training_applications a
  join cycles c on c.id = a.cycle_id
  join specialists s on s.id = a.specialist_id
  join programme_cycles pc on pc.id = a.programme_cycle_id
  join catalog_elements e on e.id = pc.element_id
  join providers p on p.id = e.provider_id
  left join training_application_documents d on d.application_id = a.id
  left join training_application_signatures sig on sig.application_id = a.id and sig.accepted_at is not null`;

const iso = (value: Date | string): string => new Date(value).toISOString();

/** Where the caller downloads the files: the specialist and the provider each have their own paths. */
const filesBase = (owner: ApplicationOwner, id: string): string =>
  'specialistId' in owner ? `/v1/me/applications/${id}` : `/v1/providers/me/applications/${id}`;

function view(row: ApplicationRow, base: string): TrainingApplicationView {
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

/** Who is looking: a specialist sees their own applications, a provider those for its programmes. */
export type ApplicationOwner = { specialistId: string } | { providerId: string };

/** What a provider sees: applications sent to it, not drafts the specialist is still preparing. */
export const PROVIDER_VISIBLE_STATUSES: readonly ApplicationStatus[] = [
  'submitted',
  'enrolled',
  'rejected',
  'completed',
  'credited',
];

function ownerCondition(owner: ApplicationOwner): [string, unknown[]] {
  return 'specialistId' in owner
    ? ['a.specialist_id = ?', [owner.specialistId]]
    : // A Postgres array literal: the driver would spread a JS array into a list of parameters.
      [
        'e.provider_id = ? and a.status = any(?::text[])',
        [owner.providerId, `{${PROVIDER_VISIBLE_STATUSES.join(',')}}`],
      ];
}

/** One application as its owner sees it; undefined for someone else's (the caller answers 404). */
export async function findApplication(
  em: EntityManager,
  owner: ApplicationOwner,
  applicationId: string,
): Promise<TrainingApplicationView | undefined> {
  const [condition, params] = ownerCondition(owner);
  const [row] = await em.execute<ApplicationRow[]>(`${SELECT} where a.id = ? and ${condition}`, [
    applicationId,
    ...params,
  ]);
  return row && view(row, filesBase(owner, row.id));
}

/** A page of the owner's applications, newest first; `afterId` is the last id of the previous page. */
export async function listApplications(
  em: EntityManager,
  owner: ApplicationOwner,
  options: { status?: ApplicationStatus; afterId: string | null; limit: number },
): Promise<{ items: TrainingApplicationView[]; nextCursorId: string | null }> {
  const [condition, params] = ownerCondition(owner);
  const rows = await em.execute<ApplicationRow[]>(
    `${SELECT}
     where ${condition}
       and (?::text is null or a.status = ?)
       and (?::uuid is null or (a.created_at, a.id) <
            (select created_at, id from training_applications where id = ?))
     order by a.created_at desc, a.id desc
     limit ?`,
    [
      ...params,
      options.status ?? null,
      options.status ?? null,
      options.afterId,
      options.afterId,
      options.limit + 1,
    ],
  );
  const items = rows.slice(0, options.limit).map((row) => view(row, filesBase(owner, row.id)));
  return { items, nextCursorId: rows.length > options.limit ? (items.at(-1)?.id ?? null) : null };
}
