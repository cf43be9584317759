import { Migration } from '@mikro-orm/migrations';

/**
 * Accounts (issue 4): people who register themselves (the education portal, 1С:ИТС, tenants) next
 * to employees who activate with their phone; the connection history; the login lockout counter;
 * single-use human checks; e-mail confirmation and password recovery.
 */
export class Migration0010Accounts extends Migration {
  override up(): void {
    this.addSql(`
      alter table users
        add column email text unique check (email = lower(email)),
        add column email_verified_at timestamptz,
        add column full_name text,
        add column phone text,
        add column snils text unique check (snils ~ '^[0-9]{11}$'),
        add column portal text not null default 'employee'
          check (portal in ('employee', 'education', 'its', 'tenant')),
        add column status text not null default 'active'
          check (status in ('pending_confirmation', 'active', 'disabled')),
        add column profile jsonb not null default '{}',
        add column password_changed_at timestamptz;

      -- Every login attempt, successful or not: the connection history. login_hash is the lockout key
      -- (a keyed hash of the normalised login), never the login itself.
      create table login_events (
        id bigint generated always as identity primary key,
        user_id uuid references users (id) on delete set null,
        organization_id uuid,
        login_hash text,
        ip text,
        user_agent text,
        result text not null check (result in (
          'success', 'invalid_credentials', 'locked', 'email_not_confirmed', 'disabled',
          'mfa_required', 'mfa_failed'
        )),
        created_at timestamptz not null default now()
      );
      create index login_events_user on login_events (user_id, created_at desc, id desc);
      create index login_events_organization on login_events (organization_id, created_at desc, id desc)
        where organization_id is not null;

      -- The lockout counter (api/lockout.ts), one row per key, changed by one statement at a time.
      create table login_throttles (
        key text primary key,
        failures integer not null default 0,
        window_started_at timestamptz not null default now(),
        locked_until timestamptz
      );

      -- A human-check token may be answered once (api/human-check.ts).
      create table human_check_uses (
        id text primary key,
        expires_at timestamptz not null
      );
      create index human_check_uses_expires on human_check_uses (expires_at);

      -- E-mail confirmation after registration: only a SHA-256 of the link's token is kept.
      create table email_confirmations (
        token_hash text primary key,
        user_id uuid not null references users (id) on delete cascade,
        expires_at timestamptz not null,
        used_at timestamptz,
        created_at timestamptz not null default now()
      );
      create index email_confirmations_user on email_confirmations (user_id);

      -- Password recovery: a 6-digit code (its HMAC) and a link; a limited number of attempts.
      create table recovery_codes (
        id uuid primary key,
        user_id uuid not null references users (id) on delete cascade,
        code_hash text not null,
        link_hash text not null unique,
        attempts integer not null default 0,
        expires_at timestamptz not null,
        used_at timestamptz,
        created_at timestamptz not null default now()
      );
      create index recovery_codes_user on recovery_codes (user_id, created_at desc);

      create index sessions_user_active on sessions (user_id, last_seen_at desc) where revoked_at is null;
    `);
  }
}
