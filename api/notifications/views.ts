import { z } from '@hono/zod-openapi';
import { OUTBOX_CHANNELS, OUTBOX_STATUSES } from '../../db/entities/outbox-message.ts';
import type { ResolvedNotificationSettings } from '../../db/queries/notification-settings.ts';
import { maskEmail } from '../../domain/email.ts';
import { isTimeZone } from '../../domain/send-window.ts';
import { OrgIdParam, PageQuery } from '../http/schemas.ts';
import type { MessageProcess, MessageRow } from './message-service.ts';

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

export const MessageListQuery = PageQuery.extend({
  status: z.enum(OUTBOX_STATUSES).optional(),
  kind: z.string().max(100).optional(),
});
export type MessageListQuery = z.infer<typeof MessageListQuery>;

export const MessageParams = OrgIdParam.extend({
  messageId: z
    .string()
    .min(1)
    .max(200)
    .openapi({ param: { name: 'messageId', in: 'path' } }),
});

export const MessageSchema = z
  .object({
    id: z.string(),
    channel: z.enum(OUTBOX_CHANNELS),
    kind: z.string(),
    status: z.enum(OUTBOX_STATUSES),
    urgent: z.boolean(),
    /** Masked: enough to tell recipients apart, not to contact them. */
    recipient: z.string().nullable().openapi({ example: '+7916*****67' }),
    notBefore: z.string().nullable().openapi({ description: 'Held until then (the send window)' }),
    waitReason: z.string().nullable().openapi({ description: 'Why it waits' }),
    failureReason: z.string().nullable(),
    createdAt: z.string(),
    sentAt: z.string().nullable(),
    deliveredAt: z.string().nullable(),
  })
  .openapi('OutboxMessage');

export const MessageDetailSchema = MessageSchema.extend({
  process: z
    .object({
      workflowId: z.string(),
      stage: z.string().optional(),
      notBefore: z.string().optional(),
      waitReason: z.string().optional(),
      failureReason: z.string().optional(),
      details: z.string().optional(),
    })
    .nullable()
    .openapi({
      description: 'Null when the message has no delivery process of its own (e.g. a payslip)',
    }),
}).openapi('OutboxMessageDetail');

/** +7916*****67 and a***@romashka.ru */
export function maskRecipient(phone: string | null, email: string | null): string | null {
  if (phone)
    return phone.length > 6 ? `${phone.slice(0, 5)}${'*'.repeat(phone.length - 7)}${phone.slice(-2)}` : '***';
  return email ? maskEmail(email) : null;
}

export function messageView(r: MessageRow): z.infer<typeof MessageSchema> {
  return {
    id: r.id,
    channel: r.channel,
    kind: r.kind,
    status: r.status,
    urgent: r.urgent,
    recipient: maskRecipient(r.phone, r.email),
    notBefore: r.not_before,
    waitReason: r.wait_reason,
    failureReason: r.failure_reason,
    createdAt: r.created_at,
    sentAt: r.sent_at,
    deliveredAt: r.delivered_at,
  };
}

export const messageDetailView = (
  row: MessageRow,
  process: MessageProcess | null,
): z.infer<typeof MessageDetailSchema> => ({ ...messageView(row), process });
