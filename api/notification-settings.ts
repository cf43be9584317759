// Saving and showing an organization's notification settings: shared by the API and the admin page.
import { z } from '@hono/zod-openapi';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  loadNotificationSettings,
  type ResolvedNotificationSettings,
} from '../db/queries/notification-settings.ts';
import { isTimeZone } from '../domain/send-window.ts';

const HHMM = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time like 09:00')
  .openapi({ example: '09:00' });

export const NotificationSettingsSchema = z
  .object({
    sendWindowStart: HHMM.openapi({ description: 'Deferred messages go out from this time (inclusive)' }),
    sendWindowEnd: HHMM.openapi({
      example: '21:00',
      description: 'until this time (exclusive); equal to the start: always',
    }),
    timeZone: z
      .string()
      .openapi({ example: 'Europe/Moscow', description: "The window's time zone in effect" }),
    timeZoneInherited: z
      .boolean()
      .openapi({ description: "True when it is the organization's own (none set here)" }),
    deferralEnabled: z.boolean().openapi({ description: 'Hold non-urgent messages until the window opens' }),
    payslipRemindersEnabled: z.boolean(),
    reminderDelayDays: z.number().int().min(1).max(30),
    reminderMaxCount: z.number().int().min(0).max(10),
    managersSeeUnread: z
      .boolean()
      .openapi({ description: "Managers may list their employees' unread payslips" }),
    updatedAt: z.string().nullable().openapi({ description: 'Null while the defaults apply' }),
  })
  .openapi('NotificationSettings');
export type NotificationSettingsView = z.infer<typeof NotificationSettingsSchema>;

/** A PUT: every field optional (what is left out keeps its value); timeZone null = the organization's. */
export const NotificationSettingsInput = z
  .object({
    sendWindowStart: HHMM.optional(),
    sendWindowEnd: HHMM.optional(),
    timeZone: z
      .string()
      .trim()
      .refine(isTimeZone, 'an IANA time zone like Europe/Moscow')
      .nullable()
      .optional(),
    deferralEnabled: z.boolean().optional(),
    payslipRemindersEnabled: z.boolean().optional(),
    reminderDelayDays: z.number().int().min(1).max(30).optional(),
    reminderMaxCount: z.number().int().min(0).max(10).optional(),
    managersSeeUnread: z.boolean().optional(),
  })
  .strict()
  .openapi('NotificationSettingsInput');
export type NotificationSettingsPatch = z.infer<typeof NotificationSettingsInput>;

export function notificationSettingsView(s: ResolvedNotificationSettings): NotificationSettingsView {
  return {
    sendWindowStart: s.sendWindowStart,
    sendWindowEnd: s.sendWindowEnd,
    timeZone: s.timeZone,
    timeZoneInherited: s.timeZoneInherited,
    deferralEnabled: s.deferralEnabled,
    payslipRemindersEnabled: s.payslipRemindersEnabled,
    reminderDelayDays: s.reminderDelayDays,
    reminderMaxCount: s.reminderMaxCount,
    managersSeeUnread: s.managersSeeUnread,
    updatedAt: s.updatedAt ? s.updatedAt.toISOString() : null,
  };
}

/** Writes the settings (what the patch leaves out keeps its current value) and returns them resolved. */
export async function saveNotificationSettings(
  em: EntityManager,
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
