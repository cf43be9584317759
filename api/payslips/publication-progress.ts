import type { EntityManager } from '@mikro-orm/postgresql';
import type { PublicationStatus } from '../../db/entities/payslip.ts';
import { PAYSLIP_PUBLISHED_KIND, PAYSLIP_SOURCE_KIND } from '../../domain/payslip.ts';

/** A publication with its live totals (views.ts turns it into the API's `PayslipPublication`). */
export interface PublicationProgress {
  publicationId: string;
  period: string;
  title: string;
  status: PublicationStatus;
  workflowId: string;
  total: number;
  queued: number;
  sent: number;
  delivered: number;
  failed: number;
  noContacts: number;
  opened: number;
  acknowledged: number;
  reminded: number;
  reminders: number;
  done: boolean;
  createdAt: Date;
  notifiedAt: Date | null;
  doneAt: Date | null;
}

interface PublicationRow {
  id: string;
  period: string;
  title: string;
  status: PublicationStatus;
  total: number;
  workflow_id: string;
  created_at: Date;
  notified_at: Date | null;
  done_at: Date | null;
}

const date = (d: Date | null): Date | null => (d ? new Date(d) : null);

/** Live totals straight from PostgreSQL: the payslips, and their notifications in the outbox by status. */
export async function publicationProgress(
  em: EntityManager,
  organizationId: string,
  publicationId: string,
): Promise<PublicationProgress | null> {
  const [publication] = await em.execute<PublicationRow[]>(
    `select id, period, title, status, total, workflow_id, created_at, notified_at, done_at
     from payslip_publications where id = ? and organization_id = ?`,
    [publicationId, organizationId],
  );
  if (!publication) return null;
  return progressOf(em, publication);
}

/** A page of the organization's publications, newest first, each with its totals. */
export async function listPublications(
  em: EntityManager,
  organizationId: string,
  limit: number,
  after?: { createdAt: string; id: string },
): Promise<{ items: PublicationProgress[]; more: boolean }> {
  const rows = await em.execute<PublicationRow[]>(
    `select id, period, title, status, total, workflow_id, created_at, notified_at, done_at
     from payslip_publications
     where organization_id = ? and (?::timestamptz is null or (created_at, id) < (?::timestamptz, ?::uuid))
     order by created_at desc, id desc limit ?`,
    [organizationId, after?.createdAt ?? null, after?.createdAt ?? null, after?.id ?? null, limit + 1],
  );
  const items = await Promise.all(rows.slice(0, limit).map((row) => progressOf(em, row)));
  return { items, more: rows.length > limit };
}

async function progressOf(em: EntityManager, publication: PublicationRow): Promise<PublicationProgress> {
  const [payslips] = await em.execute<
    {
      opened: number;
      acknowledged: number;
      reminded: number;
      reminders: number;
      no_contacts: number;
    }[]
  >(
    `select count(*) filter (where opened_at is not null)::int as opened,
            count(*) filter (where acknowledged_at is not null)::int as acknowledged,
            count(*) filter (where reminders_sent > 0)::int as reminded,
            coalesce(sum(reminders_sent), 0)::int as reminders,
            count(*) filter (where notification_failure is not null)::int as no_contacts
     from payslips where publication_id = ?`,
    [publication.id],
  );
  const outbox = await em.execute<{ status: string; n: number }[]>(
    `select status, count(*)::int as n from outbox_messages
     where source_kind = ? and source_id = ? and kind = ? group by status`,
    [PAYSLIP_SOURCE_KIND, publication.id, PAYSLIP_PUBLISHED_KIND],
  );
  const by = (status: string) => outbox.find((o) => o.status === status)?.n ?? 0;
  // Known from the request: the rows themselves are stored by the process a moment later.
  const total = publication.total;
  const noContacts = payslips?.no_contacts ?? 0;
  const sent = by('sent') + by('delivered');
  const failed = by('failed') + noContacts;
  return {
    publicationId: publication.id,
    period: publication.period,
    title: publication.title,
    status: publication.status,
    workflowId: publication.workflow_id,
    total,
    queued: total - sent - failed,
    sent,
    delivered: by('delivered'),
    failed,
    noContacts,
    opened: payslips?.opened ?? 0,
    acknowledged: payslips?.acknowledged ?? 0,
    reminded: payslips?.reminded ?? 0,
    reminders: payslips?.reminders ?? 0,
    done: publication.status === 'done',
    createdAt: new Date(publication.created_at),
    notifiedAt: date(publication.notified_at),
    doneAt: date(publication.done_at),
  };
}
