// An organization's notification settings (PRODUCT §3): the API and the admin page both come here.
import {
  loadNotificationSettings,
  type ResolvedNotificationSettings,
} from '../../db/queries/notification-settings.ts';
import { requireOrganizationAdmin, requireUser } from '../http/access.ts';
import type { Actor, ServiceDeps } from '../http/context.ts';
import { notifySettingsChanged } from './settings-changed.ts';
import type { NotificationSettingsPatch } from './views.ts';

export interface AdministeredOrganization {
  id: string;
  name: string;
  timezone: string;
}

/** A message held for the send window, as the admin page lists it. */
export interface WaitingMessage {
  kind: string;
  channel: string;
  phone: string | null;
  email: string | null;
  notBefore: Date;
  waitReason: string | null;
}

/** What the admin page shows: the organization picked, the others the user administers, its settings. */
export interface AdminPage {
  organization: AdministeredOrganization;
  /** Every organization whose service the user administers (a picker when more than one). */
  organizations: AdministeredOrganization[];
  settings: ResolvedNotificationSettings;
  /** The first 20 messages held for the send window, soonest first. */
  waiting: WaitingMessage[];
}

export function createNotificationService(deps: ServiceDeps) {
  const { em, log } = deps;

  /** Writes the settings (what the patch leaves out keeps its current value) and returns them resolved. */
  async function save(
    organizationId: string,
    patch: NotificationSettingsPatch,
  ): Promise<ResolvedNotificationSettings> {
    const current = await loadNotificationSettings(em, organizationId);
    const timeZone =
      patch.timeZone === undefined ? (current.timeZoneInherited ? null : current.timeZone) : patch.timeZone;
    const next = {
      sendWindowStart: patch.sendWindowStart ?? current.sendWindowStart,
      sendWindowEnd: patch.sendWindowEnd ?? current.sendWindowEnd,
      deferralEnabled: patch.deferralEnabled ?? current.deferralEnabled,
      payslipRemindersEnabled: patch.payslipRemindersEnabled ?? current.payslipRemindersEnabled,
      reminderDelayDays: patch.reminderDelayDays ?? current.reminderDelayDays,
      reminderMaxCount: patch.reminderMaxCount ?? current.reminderMaxCount,
      managersSeeUnread: patch.managersSeeUnread ?? current.managersSeeUnread,
    };
    await em.execute(
      `insert into notification_settings
         (organization_id, send_window_start, send_window_end, time_zone, deferral_enabled,
          payslip_reminders_enabled, reminder_delay_days, reminder_max_count, managers_see_unread, updated_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, now())
       on conflict (organization_id) do update set
         send_window_start = excluded.send_window_start, send_window_end = excluded.send_window_end,
         time_zone = excluded.time_zone, deferral_enabled = excluded.deferral_enabled,
         payslip_reminders_enabled = excluded.payslip_reminders_enabled,
         reminder_delay_days = excluded.reminder_delay_days, reminder_max_count = excluded.reminder_max_count,
         managers_see_unread = excluded.managers_see_unread, updated_at = now()`,
      [
        organizationId,
        next.sendWindowStart,
        next.sendWindowEnd,
        timeZone,
        next.deferralEnabled,
        next.payslipRemindersEnabled,
        next.reminderDelayDays,
        next.reminderMaxCount,
        next.managersSeeUnread,
      ],
    );
    return loadNotificationSettings(em, organizationId);
  }

  return {
    /** The organization's settings, or the defaults while none were saved. */
    async settings(actor: Actor | undefined, organizationId: string): Promise<ResolvedNotificationSettings> {
      await requireOrganizationAdmin(em, actor, organizationId);
      return loadNotificationSettings(em, organizationId);
    },

    /** Saves a change; messages not yet sent (and running payslip publications) plan again under it. */
    async change(
      actor: Actor | undefined,
      organizationId: string,
      patch: NotificationSettingsPatch,
    ): Promise<ResolvedNotificationSettings> {
      await requireOrganizationAdmin(em, actor, organizationId);
      const saved = await save(organizationId, patch);
      log.info({ organizationId }, 'notification settings changed');
      await notifySettingsChanged(deps, organizationId);
      return saved;
    },

    /**
     * The admin page of the logged-in user: the organization `wanted` (else the first they administer),
     * or null when they administer none of that name.
     */
    async adminPage(actor: Actor | undefined, wanted: string | undefined): Promise<AdminPage | null> {
      const user = requireUser(actor);
      const organizations = await em.execute<AdministeredOrganization[]>(
        `select o.id, o.name, o.timezone from services s
         join employees e on e.id = s.admin_employee_id
         join organizations o on o.id = s.organization_id
         where e.user_id = ? order by o.name, o.id`,
        [user.userId],
      );
      const organization = wanted ? organizations.find((o) => o.id === wanted) : organizations[0];
      if (!organization) return null;
      const settings = await loadNotificationSettings(em, organization.id);
      const waiting = await em.execute<
        {
          kind: string;
          channel: string;
          phone: string | null;
          email: string | null;
          not_before: string;
          wait_reason: string | null;
        }[]
      >(
        `select kind, channel, phone, email, to_json(not_before) #>> '{}' as not_before, wait_reason
           from outbox_messages
           where organization_id = ? and status = 'queued' and not_before is not null
           order by not_before, id limit 20`,
        [organization.id],
      );
      return {
        organization,
        organizations,
        settings,
        waiting: waiting.map((m) => ({
          kind: m.kind,
          channel: m.channel,
          phone: m.phone,
          email: m.email,
          notBefore: new Date(m.not_before),
          waitReason: m.wait_reason,
        })),
      };
    },
  };
}
