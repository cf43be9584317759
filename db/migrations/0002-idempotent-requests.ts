import { Migration } from '@mikro-orm/migrations';

/** Remembered answers to POSTs sent with an Idempotency-Key, so a retry gets the same result. */
export class Migration0002IdempotentRequests extends Migration {
  override up(): void {
    this.addSql(`
      create table idempotent_requests (
        scope text not null,
        key text not null,
        fingerprint text not null,
        status integer,
        response jsonb,
        created_at timestamptz not null default now(),
        primary key (scope, key)
      );
      create index idempotent_requests_created on idempotent_requests (created_at);
    `);
  }
}
