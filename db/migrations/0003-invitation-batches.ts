import { Migration } from '@mikro-orm/migrations';

/** Bulk invitations with their per-employee outcome, resend cooldown, and per-IP rate limits. */
export class Migration0003InvitationBatches extends Migration {
  override up(): void {
    this.addSql(`
      create table invitation_batches (
        id uuid primary key,
        organization_id uuid not null references organizations (id) on delete cascade,
        total integer not null,
        workflow_id text not null,
        created_at timestamptz not null default now(),
        -- Set when every employee of the batch has an invitation process or a reported rejection.
        processed_at timestamptz
      );
      create index invitation_batches_organization on invitation_batches (organization_id, created_at);

      -- The employees asked for, in request order; each gets an invitation or a rejection reason.
      create table invitation_batch_items (
        batch_id uuid not null references invitation_batches (id) on delete cascade,
        position integer not null,
        employee_id uuid not null,
        invitation_id uuid references invitations (id) on delete set null,
        rejection text,
        primary key (batch_id, position)
      );

      alter table invitations
        add column batch_id uuid references invitation_batches (id) on delete set null,
        add column code_requested_at timestamptz,
        -- Creation order for keyset paging: rows inserted together share created_at.
        add column seq bigint generated always as identity;
      create index invitations_by_batch on invitations (batch_id, status) where batch_id is not null;
      create index invitations_by_organization_seq on invitations (organization_id, seq);
      create index invitations_by_status on invitations (organization_id, status, seq);

      create table rate_limit_hits (
        bucket text not null,
        window_start timestamptz not null,
        hits integer not null default 0,
        primary key (bucket, window_start)
      );
    `);
  }
}
