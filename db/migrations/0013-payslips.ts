import { Migration } from '@mikro-orm/migrations';

/**
 * Payslips (расчётные листки): a publication of one period's payslips from the HR system, and one
 * payslip per employee with the lines as the HR system sent them, opened and acknowledged
 * ("Ознакомлен"). Their notifications are rows of the one outbox (source_kind 'payslip_publication').
 */
export class Migration0013Payslips extends Migration {
  override up(): void {
    this.addSql(`
      create table payslip_publications (
        id uuid primary key,
        organization_id uuid not null references organizations (id) on delete cascade,
        period text not null check (period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
        title text not null,
        total integer not null,
        -- publishing: payslips being stored and notifications queued; notifying: sending and reminding.
        status text not null default 'publishing' check (status in ('publishing', 'notifying', 'done')),
        workflow_id text not null,
        created_at timestamptz not null default now(),
        -- Every payslip has its notification queued (or recorded as impossible).
        notified_at timestamptz,
        done_at timestamptz
      );
      create index payslip_publications_organization on payslip_publications (organization_id, created_at desc, id desc);
      create index payslip_publications_open on payslip_publications (organization_id) where status <> 'done';

      create table payslips (
        id uuid primary key,
        publication_id uuid not null references payslip_publications (id) on delete cascade,
        organization_id uuid not null references organizations (id) on delete cascade,
        employee_id uuid not null references employees (id) on delete cascade,
        period text not null,
        -- {lines: [{kind, name, amount}], net, …} as the HR system sent it.
        content jsonb not null,
        created_at timestamptz not null default now(),
        -- Why no notification could be queued ('no_contacts'), else null.
        notification_failure text,
        opened_at timestamptz,
        acknowledged_at timestamptz,
        reminders_sent integer not null default 0,
        unique (publication_id, employee_id)
      );
      create index payslips_employee on payslips (employee_id, created_at desc, id desc);
      create index payslips_unacknowledged on payslips (publication_id, id) where acknowledged_at is null;

      -- The accepted request's payslips (gzipped JSON), until the publication's first activity has
      -- stored them as rows: 10,000 rows take seconds to insert, so the POST does not wait for it.
      create table payslip_publication_payloads (
        publication_id uuid primary key references payslip_publications (id) on delete cascade,
        payload bytea not null
      );
    `);
  }
}
