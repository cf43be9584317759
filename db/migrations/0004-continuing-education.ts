import { Migration } from '@mikro-orm/migrations';

/**
 * Continuing education (Портал НМО): specialists, their documents and five-year cycles, the catalog,
 * plans, event codes with attendance records, credits, verification runs and training applications.
 */
export class Migration0004ContinuingEducation extends Migration {
  override up(): void {
    this.addSql(`
      create table specialists (
        id uuid primary key,
        user_id uuid not null unique references users (id) on delete cascade,
        full_name text not null,
        snils text,
        created_at timestamptz not null default now()
      );

      -- Specialist certificate: 13 digits (series 6 + number 7); accreditation: 12 (series 4 + number 8).
      create table specialist_documents (
        id uuid primary key,
        specialist_id uuid not null references specialists (id) on delete cascade,
        kind text not null check (kind in ('specialist_certificate', 'accreditation')),
        series text not null,
        number text not null,
        specialty text not null,
        issued_on date not null,
        register_status text not null default 'unconfirmed'
          check (register_status in ('unconfirmed', 'confirmed', 'not_found')),
        register_reason text,
        register_checked_at timestamptz,
        created_at timestamptz not null default now(),
        unique (kind, series, number)
      );
      create index specialist_documents_specialist on specialist_documents (specialist_id);

      -- One five-year cycle per document (an additional specialty adds a document and a cycle).
      create table cycles (
        id uuid primary key,
        specialist_id uuid not null references specialists (id) on delete cascade,
        document_id uuid not null unique references specialist_documents (id) on delete cascade,
        specialty text not null,
        starts_on date not null,
        ends_on date not null,
        created_at timestamptz not null default now()
      );
      create index cycles_specialist on cycles (specialist_id);

      create table providers (
        id uuid primary key,
        name text not null,
        inn text,
        key_hash text unique,
        created_at timestamptz not null default now()
      );

      create table catalog_elements (
        id uuid primary key,
        type text not null check (type in ('iom', 'event', 'programme')),
        title text not null,
        description text,
        provider_id uuid not null references providers (id),
        credits integer not null check (credits > 0),
        specialties text[] not null default '{}',
        starts_on date,
        ends_on date,
        -- Events: the attendance a verified code needs.
        min_attendance_minutes integer,
        created_at timestamptz not null default now()
      );
      create index catalog_elements_type on catalog_elements (type, starts_on);
      create index catalog_elements_specialties on catalog_elements using gin (specialties);
      create index catalog_elements_provider on catalog_elements (provider_id);

      -- Dated cycles of a ДПП ПК programme, the thing an application is made for.
      create table programme_cycles (
        id uuid primary key,
        element_id uuid not null references catalog_elements (id) on delete cascade,
        starts_on date not null,
        ends_on date not null,
        created_at timestamptz not null default now()
      );
      create index programme_cycles_element on programme_cycles (element_id, starts_on);

      create table plan_items (
        id uuid primary key,
        cycle_id uuid not null references cycles (id) on delete cascade,
        element_id uuid not null references catalog_elements (id),
        status text not null default 'planned' check (status in ('planned', 'done')),
        added_at timestamptz not null default now(),
        completed_at timestamptz,
        unique (cycle_id, element_id)
      );

      -- A specialist's individual code for an event, checked by the daily verification.
      create table event_codes (
        id uuid primary key,
        specialist_id uuid not null references specialists (id) on delete cascade,
        cycle_id uuid not null references cycles (id) on delete cascade,
        element_id uuid not null references catalog_elements (id),
        code text not null,
        status text not null default 'pending_verification'
          check (status in ('pending_verification', 'verified', 'rejected')),
        rejection_reason text check (rejection_reason in ('unknown_code', 'another_persons_code', 'not_attended_long_enough')),
        entered_at timestamptz not null default now(),
        verified_at timestamptz,
        verification_run_id uuid,
        unique (specialist_id, element_id)
      );
      create index event_codes_pending on event_codes (id) where status = 'pending_verification';

      -- What providers report: who attended which event with which code, for how long.
      create table attendance_records (
        id uuid primary key,
        provider_id uuid not null references providers (id),
        element_id uuid not null references catalog_elements (id),
        code text not null,
        specialist_id uuid not null,
        minutes_attended integer not null check (minutes_attended >= 0),
        recorded_at timestamptz not null default now(),
        unique (element_id, code)
      );

      -- Every credit once: (source, source_id) is unique, so a re-run cannot credit twice.
      create table credit_entries (
        id uuid primary key,
        cycle_id uuid not null references cycles (id) on delete cascade,
        source text not null check (source in ('event', 'iom', 'programme')),
        source_id uuid not null,
        credits integer not null check (credits > 0),
        credited_on date not null,
        created_at timestamptz not null default now(),
        unique (source, source_id)
      );
      create index credit_entries_cycle on credit_entries (cycle_id, credited_on);

      create table verification_runs (
        id uuid primary key,
        workflow_id text not null,
        started_at timestamptz not null default now(),
        finished_at timestamptz,
        total integer not null default 0,
        verified integer not null default 0,
        rejected integer not null default 0
      );

      create table training_applications (
        id uuid primary key,
        specialist_id uuid not null references specialists (id) on delete cascade,
        cycle_id uuid not null references cycles (id) on delete cascade,
        programme_cycle_id uuid not null references programme_cycles (id),
        status text not null check (status in
          ('draft', 'formed', 'signed', 'submitted', 'enrolled', 'rejected', 'completed', 'credited', 'cancelled')),
        form jsonb not null default '{}',
        decision_reason text,
        flagged_at timestamptz,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      );
      create index training_applications_specialist on training_applications (specialist_id, created_at);
    `);
  }
}
