import { Hono, type Context } from 'hono';
import {
  loadNotificationSettings,
  type ResolvedNotificationSettings,
} from '../../db/queries/notification-settings.ts';
import { formatLocal } from '../../domain/send-window.ts';
import type { AppEnv } from '../http/context.ts';
import { resolveActor } from '../http/middleware/auth.ts';
import { notifySettingsChanged } from '../notification-settings-changed.ts';
import { NotificationSettingsInput, saveNotificationSettings } from '../notification-settings.ts';
import { maskRecipient } from '../routes/notification-settings.ts';
import { formBodyLimit, readForm } from '../http/pages/form.ts';
import { renderErrorPage, renderPage } from '../http/pages/render.ts';
import { sameOrigin } from '../http/pages/same-origin.ts';

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

interface AdminOrganization {
  id: string;
  name: string;
  timezone: string;
}

/** The organizations whose service this user administers. */
async function administeredOrganizations(c: Context<AppEnv>, userId: string): Promise<AdminOrganization[]> {
  return c.var.em.execute<AdminOrganization[]>(
    `select o.id, o.name, o.timezone from services s
     join employees e on e.id = s.admin_employee_id
     join organizations o on o.id = s.organization_id
     where e.user_id = ? order by o.name, o.id`,
    [userId],
  );
}

/** The logged-in service admin's organization (?org= picks one of several); a Response when there is none. */
async function pageContext(
  c: Context<AppEnv>,
): Promise<{ organization: AdminOrganization; organizations: AdminOrganization[] } | Response> {
  const actor = c.var.actor;
  if (actor?.kind !== 'user') return c.redirect('/login', 303);
  const organizations = await administeredOrganizations(c, actor.userId);
  const wanted = c.req.query('org');
  const organization = wanted ? organizations.find((o) => o.id === wanted) : organizations[0];
  if (!organization) {
    return renderErrorPage(
      c,
      403,
      'Настройки уведомлений доступны только администратору сервиса организации.',
    );
  }
  return { organization, organizations };
}

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

async function render(
  c: Context<AppEnv>,
  ctx: { organization: AdminOrganization; organizations: AdminOrganization[] },
  view: { form: FormView; errors?: Record<string, string>; saved?: boolean; timeZone: string },
  status: 200 | 422 = 200,
): Promise<Response> {
  const waiting = await c.var.em.execute<
    {
      kind: string;
      channel: string;
      phone: string | null;
      email: string | null;
      not_before: string;
      wait_reason: string | null;
    }[]
  >(
    `select kind, channel, phone, email, to_json(not_before) #>> '{}' as not_before, wait_reason from outbox_messages
     where organization_id = ? and status = 'queued' and not_before is not null
     order by not_before, id limit 20`,
    [ctx.organization.id],
  );
  const errors = view.errors ?? {};
  return renderPage(
    c,
    'admin-notifications',
    {
      organizationId: ctx.organization.id,
      organizationName: ctx.organization.name,
      organizationTimeZone: ctx.organization.timezone,
      organizations:
        ctx.organizations.length > 1
          ? ctx.organizations.map((o) => ({ id: o.id, name: o.name, current: o.id === ctx.organization.id }))
          : null,
      form: view.form,
      errors,
      saved: view.saved ?? false,
      alert: Object.keys(errors).length ? { message: 'Проверьте отмеченные поля.', link: null } : null,
      waiting: waiting.map((m) => ({
        kind: m.kind,
        channel: m.channel === 'email' ? 'e-mail' : 'SMS',
        recipient: maskRecipient(m.phone, m.email) ?? '',
        notBefore: formatLocal(new Date(m.not_before), view.timeZone),
        waitReason: m.wait_reason ?? '',
      })),
    },
    status,
  );
}

/**
 * GET/POST /admin/notifications: the service administrator's notification settings (PRODUCT §3) as
 * a plain form; saving applies to messages not yet sent, like PUT /v1/.../notification-settings.
 */
export const adminNotificationsPage = new Hono<AppEnv>()
  .get('/admin/notifications', resolveActor, async (c) => {
    const ctx = await pageContext(c);
    if (ctx instanceof Response) return ctx;
    const settings = await loadNotificationSettings(c.var.em, ctx.organization.id);
    return render(c, ctx, {
      form: formOf(settings),
      saved: c.req.query('saved') === '1',
      timeZone: settings.timeZone,
    });
  })
  .post('/admin/notifications', sameOrigin, formBodyLimit, resolveActor, async (c) => {
    const ctx = await pageContext(c);
    if (ctx instanceof Response) return ctx;
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
      return render(c, ctx, { form: view, errors, timeZone: ctx.organization.timezone }, 422);
    }
    await saveNotificationSettings(c.var.em, ctx.organization.id, parsed.data);
    c.var.log.info({ organizationId: ctx.organization.id }, 'notification settings changed (admin page)');
    await notifySettingsChanged(c, ctx.organization.id);
    // Post/redirect/get: a reload does not post the form again.
    return c.redirect(`/admin/notifications?org=${ctx.organization.id}&saved=1`, 303);
  });
