import { Migration } from '@mikro-orm/migrations';

/**
 * One outbox for everything that leaves (issue 5): the invitations' `sms_messages` becomes
 * `outbox_messages`, for SMS and e-mail alike, with the send window's deferral (not_before,
 * wait_reason); and each organization's notification settings (PRODUCT §3).
 */
export class Migration0009Outbox extends Migration {
  override up(): void {
    this.addSql(`
      alter table sms_messages rename to outbox_messages;
      alter index sms_messages_pkey rename to outbox_messages_pkey;
      alter index sms_messages_invitation rename to outbox_messages_invitation;
      alter table outbox_messages rename constraint sms_messages_status_check to outbox_messages_status_check;
      alter table outbox_messages rename constraint sms_messages_organization_id_fkey to outbox_messages_organization_id_fkey;
      alter table outbox_messages rename constraint sms_messages_invitation_id_fkey to outbox_messages_invitation_id_fkey;

      alter table outbox_messages
        add column channel text not null default 'sms' check (channel in ('sms', 'email')),
        alter column phone drop not null,
        add column email text,
        add column subject text,
        add column html text,
        -- A message carrying a code or a link: its rendered content, AES-256-GCM under a key derived
        -- from KABINET_SECRET, erased (with body/html) once the provider has accepted it.
        add column sealed_content bytea,
        add column urgent boolean not null default false,
        add column not_before timestamptz,
        add column wait_reason text,
        add column employee_id uuid references employees (id) on delete set null,
        add column user_id uuid references users (id) on delete set null,
        add column source_kind text,
        add column source_id text,
        add constraint outbox_messages_recipient check (
          (channel = 'sms' and phone is not null) or (channel = 'email' and email is not null));

      alter table outbox_messages drop constraint outbox_messages_status_check;
      alter table outbox_messages add constraint outbox_messages_status_check
        check (status in ('queued', 'sending', 'sent', 'delivered', 'failed'));

      create index outbox_messages_source on outbox_messages (source_kind, source_id, status);
      -- The operators' list per organization, newest first; and the waiting ones for a settings change.
      create index outbox_messages_organization on outbox_messages (organization_id, created_at desc, id desc);
      create index outbox_messages_waiting on outbox_messages (organization_id)
        where status = 'queued' and not_before is not null;

      create table notification_settings (
        organization_id uuid primary key references organizations (id) on delete cascade,
        send_window_start text not null default '09:00' check (send_window_start ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
        send_window_end text not null default '21:00' check (send_window_end ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
        -- Null: the organization's own time zone.
        time_zone text,
        deferral_enabled boolean not null default true,
        payslip_reminders_enabled boolean not null default false,
        reminder_delay_days integer not null default 3 check (reminder_delay_days between 1 and 30),
        reminder_max_count integer not null default 2 check (reminder_max_count between 0 and 10),
        managers_see_unread boolean not null default false,
        updated_at timestamptz not null default now()
      );
    `);
  }
}
