import { Migration } from '@mikro-orm/migrations';

/**
 * External login (OIDC identities and the short-lived states of the authorization-code flow), the
 * news subscription with double opt-in, and 1С:ИТС product registration (issued licences and the
 * registrations made with them).
 */
export class Migration0012ExternalLoginNewsProducts extends Migration {
  override up(): void {
    this.addSql(`
      -- An account at an external identity provider linked to a user. The provider is a short key
      -- (OIDC_PROVIDER_ID), the subject is the provider's "sub"; one identity per user and provider.
      create table user_identities (
        provider text not null,
        subject text not null,
        user_id uuid not null references users (id) on delete cascade,
        issuer text not null,
        email text,
        linked_at timestamptz not null default now(),
        primary key (provider, subject),
        unique (user_id, provider)
      );

      -- One authorization request in flight: looked up by the SHA-256 of its state and deleted when
      -- used. The PKCE verifier is sealed (AES-256-GCM under a key derived from KABINET_SECRET).
      create table oidc_states (
        state_hash text primary key,
        code_verifier_sealed text not null,
        nonce text not null,
        mode text not null check (mode in ('login', 'link')),
        user_id uuid references users (id) on delete cascade,
        created_at timestamptz not null default now(),
        expires_at timestamptz not null,
        check ((mode = 'link') = (user_id is not null))
      );
      create index oidc_states_expires_at on oidc_states (expires_at);

      -- Double opt-in: pending until the confirmation link is opened. Only SHA-256 hashes of the
      -- confirmation and unsubscribe tokens are kept.
      create table news_subscriptions (
        email text primary key,
        status text not null check (status in ('pending', 'active', 'unsubscribed')),
        confirm_token_hash text unique,
        confirm_expires_at timestamptz,
        unsubscribe_token_hash text not null unique,
        user_id uuid references users (id) on delete set null,
        created_at timestamptz not null default now(),
        requested_at timestamptz not null default now(),
        confirmed_at timestamptz,
        unsubscribed_at timestamptz,
        check ((status = 'pending') = (confirm_token_hash is not null))
      );

      -- Licences issued with the boxes (registration number + PIN); the PIN is kept as an HMAC only.
      create table licences (
        registration_number text primary key,
        pin_hash text not null,
        product_name text not null,
        issued_at timestamptz not null default now(),
        registered_by_user_id uuid references users (id) on delete set null,
        registered_at timestamptz,
        check ((registered_by_user_id is null) or (registered_at is not null))
      );

      create table product_registrations (
        id uuid primary key,
        user_id uuid not null references users (id) on delete cascade,
        registration_number text not null unique references licences (registration_number),
        product_name text not null,
        kind text not null check (kind in ('company', 'person')),
        name text not null,
        inn text not null,
        head text not null,
        activity_type text not null,
        phone text not null,
        email text not null,
        country text not null,
        place_of_purchase text not null,
        purchase_date date not null,
        workplaces integer not null check (workplaces >= 1),
        responsible_person text not null,
        kpp text,
        address text,
        created_at timestamptz not null default now(),
        check ((kind = 'company' and length(inn) = 10) or (kind = 'person' and length(inn) = 12))
      );
      create index product_registrations_user on product_registrations (user_id, created_at desc, id desc);
    `);
  }
}
