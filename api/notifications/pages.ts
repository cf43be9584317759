import type { Context } from 'hono';
import type { ResolvedNotificationSettings } from '../../db/queries/notification-settings.ts';
import { formatLocal } from '../../domain/send-window.ts';
import { serviceDeps, type AppEnv } from '../http/context.ts';
import { resolveActor } from '../http/middleware/auth.ts';
import { formBodyLimit, readForm } from '../http/pages/form.ts';
import { pageApp } from '../http/pages/page-app.ts';
import { renderErrorPage, renderPage } from '../http/pages/render.ts';
import { sameOrigin } from '../http/pages/same-origin.ts';
import { createNotificationService, type AdminPage } from './service.ts';
import { maskRecipient, NotificationSettingsInput } from './views.ts';

const MAX_LENGTHS = {
  deferralEnabled: 10,
  sendWindowStart: 10,
  sendWindowEnd: 10,
  timeZone: 64,
  payslipRemindersEnabled: 10,
  reminderDelayDays: 10,
  reminderMaxCount: 10,
  managersSeeUnread: 10,
};
type FormFields = Record<keyof typeof MAX_LENGTHS, string>;

/** What the form shows: strings for the inputs, booleans for the checkboxes. */
interface FormView {
  deferralEnabled: boolean;
  sendWindowStart: string;
  sendWindowEnd: string;
  timeZone: string;
  payslipRemindersEnabled: boolean;
  reminderDelayDays: string;
  reminderMaxCount: string;
  managersSeeUnread: boolean;
}

const FIELD_MESSAGES: Record<string, string> = {
  sendWindowStart: 'Укажите время в виде ЧЧ:ММ, например 09:00',
  sendWindowEnd: 'Укажите время в виде ЧЧ:ММ, например 21:00',
  timeZone: 'Неизвестный часовой пояс. Пример: Europe/Moscow',
  reminderDelayDays: 'От 1 до 30 дней',
  reminderMaxCount: 'От 0 до 10 напоминаний',
};

const notAnAdmin = (c: Context<AppEnv>) =>
  renderErrorPage(c, 403, 'Настройки уведомлений доступны только администратору сервиса организации.');

function formOf(s: ResolvedNotificationSettings): FormView {
  return {
    deferralEnabled: s.deferralEnabled,
    sendWindowStart: s.sendWindowStart,
    sendWindowEnd: s.sendWindowEnd,
    timeZone: s.timeZoneInherited ? '' : s.timeZone,
    payslipRemindersEnabled: s.payslipRemindersEnabled,
    reminderDelayDays: String(s.reminderDelayDays),
    reminderMaxCount: String(s.reminderMaxCount),
    managersSeeUnread: s.managersSeeUnread,
  };
}

function render(
  c: Context<AppEnv>,
  page: AdminPage,
  view: { form: FormView; errors?: Record<string, string>; saved?: boolean; timeZone: string },
  status: 200 | 422 = 200,
): Response {
  const errors = view.errors ?? {};
  return renderPage(
    c,
    'admin-notifications',
    {
      organizationId: page.organization.id,
      organizationName: page.organization.name,
      organizationTimeZone: page.organization.timezone,
      organizations:
        page.organizations.length > 1
          ? page.organizations.map((o) => ({
              id: o.id,
              name: o.name,
              current: o.id === page.organization.id,
            }))
          : null,
      form: view.form,
      errors,
      saved: view.saved ?? false,
      alert: Object.keys(errors).length ? { message: 'Проверьте отмеченные поля.', link: null } : null,
      waiting: page.waiting.map((m) => ({
        kind: m.kind,
        channel: m.channel === 'email' ? 'e-mail' : 'SMS',
        recipient: maskRecipient(m.phone, m.email) ?? '',
        notBefore: formatLocal(m.notBefore, view.timeZone),
        waitReason: m.waitReason ?? '',
      })),
    },
    status,
  );
}

/**
 * GET/POST /admin/notifications: the service administrator's notification settings (PRODUCT §3) as
 * a plain form; saving applies to messages not yet sent, like PUT /v1/.../notification-settings.
 * Mounted at '/'.
 */
export const notificationPages = pageApp()
  .get('/admin/notifications', resolveActor, async (c) => {
    if (c.var.actor?.kind !== 'user') return c.redirect('/login', 303);
    const page = await createNotificationService(serviceDeps(c)).adminPage(c.var.actor, c.req.query('org'));
    if (!page) return notAnAdmin(c);
    return render(c, page, {
      form: formOf(page.settings),
      saved: c.req.query('saved') === '1',
      timeZone: page.settings.timeZone,
    });
  })
  .post('/admin/notifications', sameOrigin, formBodyLimit, resolveActor, async (c) => {
    if (c.var.actor?.kind !== 'user') return c.redirect('/login', 303);
    const notifications = createNotificationService(serviceDeps(c));
    const page = await notifications.adminPage(c.var.actor, c.req.query('org'));
    if (!page) return notAnAdmin(c);
    const form: FormFields = await readForm(c, MAX_LENGTHS);
    const number = (value: string) => (/^-?\d+$/.test(value.trim()) ? Number(value.trim()) : Number.NaN);
    const parsed = NotificationSettingsInput.safeParse({
      deferralEnabled: form.deferralEnabled === 'on',
      sendWindowStart: form.sendWindowStart.trim(),
      sendWindowEnd: form.sendWindowEnd.trim(),
      timeZone: form.timeZone.trim() === '' ? null : form.timeZone.trim(),
      payslipRemindersEnabled: form.payslipRemindersEnabled === 'on',
      reminderDelayDays: number(form.reminderDelayDays),
      reminderMaxCount: number(form.reminderMaxCount),
      managersSeeUnread: form.managersSeeUnread === 'on',
    });
    if (!parsed.success) {
      const errors: Record<string, string> = {};
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0] ?? '');
        errors[field] = FIELD_MESSAGES[field] ?? 'Проверьте значение';
      }
      const view: FormView = {
        deferralEnabled: form.deferralEnabled === 'on',
        sendWindowStart: form.sendWindowStart,
        sendWindowEnd: form.sendWindowEnd,
        timeZone: form.timeZone,
        payslipRemindersEnabled: form.payslipRemindersEnabled === 'on',
        reminderDelayDays: form.reminderDelayDays,
        reminderMaxCount: form.reminderMaxCount,
        managersSeeUnread: form.managersSeeUnread === 'on',
      };
      return render(c, page, { form: view, errors, timeZone: page.organization.timezone }, 422);
    }
    await notifications.change(c.var.actor, page.organization.id, parsed.data);
    // Post/redirect/get: a reload does not post the form again.
    return c.redirect(`/admin/notifications?org=${page.organization.id}&saved=1`, 303);
  });
