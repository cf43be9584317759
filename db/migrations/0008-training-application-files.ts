import { Migration } from '@mikro-orm/migrations';

/**
 * The files of a training application: the document "Сформировать" rendered (HTML and PDF, kept as
 * formed, so what was printed and signed never changes afterwards) and the signature (a scan or an
 * electronic confirmation).
 */
export class Migration0008TrainingApplicationFiles extends Migration {
  override up(): void {
    this.addSql(`
      create table training_application_documents (
        application_id uuid primary key references training_applications (id) on delete cascade,
        html text not null,
        pdf bytea not null,
        formed_at timestamptz not null default now()
      );

      -- The API stores an upload first (accepted_at null) and the workflow accepts it when the
      -- application may be signed; a refused upload is deleted again.
      create table training_application_signatures (
        id uuid primary key,
        application_id uuid not null references training_applications (id) on delete cascade,
        method text not null check (method in ('scan', 'confirmation')),
        file_name text,
        content_type text check (content_type in ('application/pdf', 'image/jpeg', 'image/png')),
        size_bytes integer check (size_bytes between 1 and 10485760),
        content bytea,
        created_at timestamptz not null default now(),
        accepted_at timestamptz,
        check ((method = 'scan') = (content is not null))
      );
      create index training_application_signatures_application on training_application_signatures (application_id);
      create unique index training_application_signatures_accepted
        on training_application_signatures (application_id) where accepted_at is not null;

      -- The provider's list of its applications by status.
      create index training_applications_programme_cycle on training_applications (programme_cycle_id, status);
    `);
  }
}
