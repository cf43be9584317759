import { Migration } from '@mikro-orm/migrations';

/**
 * The daily event-code verification: rejections counted per reason on the run, so progress is one
 * row read however many codes a run decides. (Pending codes are found through `event_codes_pending`,
 * attendance through its unique (element_id, code), credits through unique (source, source_id):
 * all from 0004, so no new index is needed — each would slow every decided code's update.)
 */
export class Migration0007EventCodeVerification extends Migration {
  override up(): void {
    this.addSql(`
      alter table verification_runs
        add column unknown_code integer not null default 0,
        add column another_persons_code integer not null default 0,
        add column not_attended_long_enough integer not null default 0;
    `);
  }
}
