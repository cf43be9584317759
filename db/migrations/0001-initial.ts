import { Migration } from '@mikro-orm/migrations';

/** Organizations, employees, the connected service, invitations, the SMS outbox, users and sessions. */
export class Migration0001Initial extends Migration {
  override up(): void {
    this.addSql(`
      create table organizations (
        id uuid primary key,
        name text not null,
        inn text not null,
        timezone text not null default 'Europe/Moscow',
        created_at timestamptz not null default now()
      );

      create table api_keys (
        id uuid primary key,
        organization_id uuid not null references organizations (id) on delete cascade,
        key_hash text not null unique,
        key_prefix text not null,
        created_at timestamptz not null default now(),
        revoked_at timestamptz
      );
      create index api_keys_organization on api_keys (organization_id);

      create table users (
        id uuid primary key,
        login text not null unique,
        password_hash text not null,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      );

      create table employees (
        id uuid primary key,
        organization_id uuid not null references organizations (id) on delete cascade,
        external_id text not null,
        full_name text not null,
        position text,
        department text,
        manager_external_id text,
        email text,
        phone text,
        employed boolean not null default true,
        user_id uuid references users (id),
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        unique (organization_id, external_id)
      );
      create index employees_missing_contacts on employees (organization_id, id) where email is null or phone is null;
      create index employees_phone on employees (phone);

      create table services (
        organization_id uuid primary key references organizations (id) on delete cascade,
        name text not null,
        slug text not null unique,
        status text not null check (status in ('connecting', 'awaiting_admin', 'active', 'expired')),
        admin_employee_id uuid not null references employees (id),
        admin_invitation_id uuid,
        workflow_id text not null,
        -- Employees the organization chose to give cabinets when connecting; invited after activation.
        initial_employee_ids jsonb not null default '[]',
        trial_ends_at timestamptz,
        created_at timestamptz not null default now(),
        activated_at timestamptz,
        expired_at timestamptz
      );

      create table invitations (
        id uuid primary key,
        organization_id uuid not null references organizations (id) on delete cascade,
        employee_id uuid not null references employees (id) on delete cascade,
        kind text not null check (kind in ('admin', 'employee')),
        phone text not null,
        status text not null
          check (status in ('pending', 'sent', 'delivered', 'failed', 'activated', 'expired', 'revoked')),
        code_hash text,
        code_generation integer not null default 0,
        attempts_used integer not null default 0,
        max_attempts integer not null,
        expires_at timestamptz,
        failure_reason text,
        sent_at timestamptz,
        delivered_at timestamptz,
        activated_at timestamptz,
        user_id uuid references users (id),
        created_at timestamptz not null default now()
      );
      -- An employee has at most one invitation whose code can still be used.
      create unique index invitations_one_open_per_employee on invitations (employee_id)
        where status in ('pending', 'sent', 'delivered');
      create index invitations_open_by_phone on invitations (phone) where status in ('pending', 'sent', 'delivered');
      create index invitations_by_organization on invitations (organization_id, created_at, id);

      create table activation_attempts (
        id uuid primary key,
        invitation_id uuid not null references invitations (id) on delete cascade,
        code_hash text not null,
        password_hash text,
        outcome text,
        created_at timestamptz not null default now()
      );
      create index activation_attempts_invitation on activation_attempts (invitation_id);

      create table sms_messages (
        id text primary key,
        organization_id uuid references organizations (id) on delete set null,
        invitation_id uuid references invitations (id) on delete set null,
        kind text not null,
        phone text not null,
        body text,
        status text not null check (status in ('sending', 'sent', 'delivered', 'failed')),
        provider_id text,
        parts integer,
        failure_reason text,
        created_at timestamptz not null default now(),
        sent_at timestamptz,
        delivered_at timestamptz
      );
      create index sms_messages_invitation on sms_messages (invitation_id);

      create table sessions (
        id uuid primary key,
        user_id uuid not null references users (id) on delete cascade,
        token_hash text not null unique,
        ip text,
        user_agent text,
        created_at timestamptz not null default now(),
        last_seen_at timestamptz not null default now(),
        expires_at timestamptz not null,
        revoked_at timestamptz
      );
      create index sessions_user on sessions (user_id);
    `);
  }
}
