// Training applications as their owners see them: a specialist their own, a provider those sent to it.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ApplicationStatus } from '../entities/training-application.ts';

export interface ApplicationRow {
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
): Promise<ApplicationRow | undefined> {
  const [condition, params] = ownerCondition(owner);
  const [row] = await em.execute<ApplicationRow[]>(`${SELECT} where a.id = ? and ${condition}`, [
    applicationId,
    ...params,
  ]);
  return row;
}

/**
 * The owner's applications, newest first, after the application `afterId`; one more row than
 * `limit` when there is a next page.
 */
export async function listApplications(
  em: EntityManager,
  owner: ApplicationOwner,
  options: { status?: ApplicationStatus | undefined; afterId: string | null; limit: number },
): Promise<ApplicationRow[]> {
  const [condition, params] = ownerCondition(owner);
  return em.execute<ApplicationRow[]>(
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
}
