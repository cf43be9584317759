import { Migration } from '@mikro-orm/migrations';

/**
 * Tenant users (issue 4, scloud.ru): an organization's members with an access level and rights
 * granted on top of it, at most one owner (the main user); the organization's 1C databases and who
 * may use them; confirmation codes for deleting a member; the organization's contact details.
 * Composite foreign keys keep a member's databases inside the member's own organization.
 */
export class Migration0011TenantUsers extends Migration {
  override up(): void {
    this.addSql(`
      alter table organizations
        add column kpp text check (kpp ~ '^[0-9]{4}[0-9A-Z]{2}[0-9]{3}$'),
        add column address text,
        add column phone text,
        add column email text check (email = lower(email)),
        add column updated_at timestamptz not null default now();

      create table tenant_members (
        organization_id uuid not null references organizations (id) on delete cascade,
        user_id uuid not null references users (id) on delete cascade,
        access_level text not null check (access_level in ('user', 'accountant', 'administrator', 'support')),
        is_owner boolean not null default false,
        granted_rights text[] not null default '{}',
        created_at timestamptz not null default now(),
        primary key (organization_id, user_id)
      );
      create unique index tenant_members_one_owner on tenant_members (organization_id) where is_owner;
      create index tenant_members_user on tenant_members (user_id);

      create table tenant_databases (
        id uuid primary key,
        organization_id uuid not null references organizations (id) on delete cascade,
        name text not null,
        created_at timestamptz not null default now(),
        unique (organization_id, name),
        unique (organization_id, id)
      );

      create table tenant_member_databases (
        organization_id uuid not null,
        user_id uuid not null,
        database_id uuid not null,
        primary key (organization_id, user_id, database_id),
        foreign key (organization_id, user_id)
          references tenant_members (organization_id, user_id) on delete cascade,
        foreign key (organization_id, database_id)
          references tenant_databases (organization_id, id) on delete cascade
      );
      create index tenant_member_databases_database on tenant_member_databases (organization_id, database_id);

      -- A code confirming the deletion of a member, sent to whoever deletes (the owner's contacts
      -- when an API key or the operator deletes). Only its HMAC is kept.
      create table deletion_codes (
        id uuid primary key,
        organization_id uuid not null references organizations (id) on delete cascade,
        actor_kind text not null check (actor_kind in ('user', 'organization', 'operator')),
        actor_user_id uuid references users (id) on delete cascade,
        target_user_id uuid not null references users (id) on delete cascade,
        channel text not null check (channel in ('sms', 'email')),
        code_hash text not null,
        attempts_used integer not null default 0,
        expires_at timestamptz not null,
        used_at timestamptz,
        created_at timestamptz not null default now(),
        check ((actor_kind = 'user') = (actor_user_id is not null))
      );
      create index deletion_codes_target on deletion_codes (organization_id, target_user_id, created_at desc);
    `);
  }
}
