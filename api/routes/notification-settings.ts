import { createRoute, z } from '@hono/zod-openapi';
import { WorkflowNotFoundError } from '@temporalio/client';
import { loadNotificationSettings } from '../../db/queries/notification-settings.ts';
import { OUTBOX_CHANNELS, OUTBOX_STATUSES } from '../../db/entities/outbox-message.ts';
import { messageWorkflowId } from '../../workflows/ids.ts';
import type { MessageDeliveryStatus } from '../../workflows/message-delivery.ts';
import { maskEmail } from '../../domain/email.ts';
import { decodeCursor, encodeCursor } from '../http/cursor.ts';
import { ApiError, notFound } from '../http/errors.ts';
import { requireOrganizationAdmin } from '../http/middleware/auth.ts';
import { notifySettingsChanged } from '../notification-settings-changed.ts';
import {
  NotificationSettingsInput,
  NotificationSettingsSchema,
  notificationSettingsView,
  saveNotificationSettings,
} from '../notification-settings.ts';
import { resourceApp } from '../http/resource-app.ts';
import {
  bearerSecurity,
  errorResponses,
  jsonBody,
  jsonResponse,
  OrgIdParam,
  pageOf,
  PageQuery,
} from '../http/schemas.ts';

const getSettings = createRoute({
  method: 'get',
  path: '/v1/organizations/{orgId}/notification-settings',
  summary: 'Notification settings: send window, deferral, payslip reminders, managers (service admin)',
  security: bearerSecurity,
  request: { params: OrgIdParam },
  responses: { 200: jsonResponse('Settings', NotificationSettingsSchema), ...errorResponses(401, 403, 404) },
});

const putSettings = createRoute({
  method: 'put',
  path: '/v1/organizations/{orgId}/notification-settings',
  summary: 'Change notification settings (service admin); they apply to messages not yet sent',
  security: bearerSecurity,
  request: { params: OrgIdParam, ...jsonBody(NotificationSettingsInput) },
  responses: {
    200: jsonResponse('Settings', NotificationSettingsSchema),
    ...errorResponses(400, 401, 403, 404, 422),
  },
});

const MessageSchema = z
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

const listMessages = createRoute({
  method: 'get',
  path: '/v1/organizations/{orgId}/messages',
  summary: 'Outgoing SMS and e-mail, newest first, with why each waits or failed (service admin)',
  security: bearerSecurity,
  request: {
    params: OrgIdParam,
    query: PageQuery.extend({
      status: z.enum(OUTBOX_STATUSES).optional(),
      kind: z.string().max(100).optional(),
    }),
  },
  responses: {
    200: jsonResponse('A page of messages', pageOf(MessageSchema)),
    ...errorResponses(400, 401, 403, 404, 422),
  },
});

const MessageParams = OrgIdParam.extend({
  messageId: z
    .string()
    .min(1)
    .max(200)
    .openapi({ param: { name: 'messageId', in: 'path' } }),
});

const getMessage = createRoute({
  method: 'get',
  path: '/v1/organizations/{orgId}/messages/{messageId}',
  summary: "One message with its delivery process's live stage (service admin)",
  security: bearerSecurity,
  request: { params: MessageParams },
  responses: {
    200: jsonResponse(
      'The message',
      MessageSchema.extend({
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
      }).openapi('OutboxMessageDetail'),
    ),
    ...errorResponses(401, 403, 404),
  },
});

interface MessageRow {
  id: string;
  channel: (typeof OUTBOX_CHANNELS)[number];
  kind: string;
  status: (typeof OUTBOX_STATUSES)[number];
  urgent: boolean;
  phone: string | null;
  email: string | null;
  not_before: string | null;
  wait_reason: string | null;
  failure_reason: string | null;
  created_at: string;
  sent_at: string | null;
  delivered_at: string | null;
  /** created_at in microseconds since the epoch (full precision), for the keyset cursor. */
  created_key: string;
}

/** A timestamp as ISO 8601 in UTC with milliseconds, formatted by PostgreSQL (the driver gives text). */
const iso = (column: string) =>
  `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as ${column}`;

const MESSAGE_COLUMNS = `id, channel, kind, status, urgent, phone, email, ${iso('not_before')}, wait_reason,
  failure_reason, ${iso('created_at')}, ${iso('sent_at')}, ${iso('delivered_at')},
  (extract(epoch from created_at) * 1000000)::bigint::text as created_key`;

/** +7916*****67 and a***@romashka.ru */
export function maskRecipient(phone: string | null, email: string | null): string | null {
  if (phone)
    return phone.length > 6 ? `${phone.slice(0, 5)}${'*'.repeat(phone.length - 7)}${phone.slice(-2)}` : '***';
  return email ? maskEmail(email) : null;
}

function messageView(r: MessageRow) {
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

export const notificationSettingsRoutes = resourceApp()
  .openapi(getSettings, async (c) => {
    const { orgId } = c.req.valid('param');
    await requireOrganizationAdmin(c, orgId);
    return c.json(notificationSettingsView(await loadNotificationSettings(c.var.em, orgId)), 200);
  })
  .openapi(putSettings, async (c) => {
    const { orgId } = c.req.valid('param');
    await requireOrganizationAdmin(c, orgId);
    const saved = await saveNotificationSettings(c.var.em, orgId, c.req.valid('json'));
    c.var.log.info({ organizationId: orgId }, 'notification settings changed');
    await notifySettingsChanged(c, orgId);
    return c.json(notificationSettingsView(saved), 200);
  })
  .openapi(listMessages, async (c) => {
    const { orgId } = c.req.valid('param');
    await requireOrganizationAdmin(c, orgId);
    const { limit, cursor, status, kind } = c.req.valid('query');
    const after = decodeCursor(cursor, 2);
    if (after && !/^\d{1,17}$/.test(after[0]!)) {
      throw new ApiError(400, 'invalid_cursor', 'cursor is not one this API gave out', { field: 'cursor' });
    }
    const rows = await c.var.em.execute<MessageRow[]>(
      // Ordered by the table's columns (m.): the output columns of the same names are text.
      `select ${MESSAGE_COLUMNS} from outbox_messages m
       where m.organization_id = ? and (?::text is null or m.status = ?) and (?::text is null or m.kind = ?)
         and (?::bigint is null
              or (m.created_at, m.id) < (timestamptz 'epoch' + ?::bigint * interval '1 microsecond', ?))
       order by m.created_at desc, m.id desc limit ?`,
      [
        orgId,
        status ?? null,
        status ?? null,
        kind ?? null,
        kind ?? null,
        after?.[0] ?? null,
        after?.[0] ?? null,
        after?.[1] ?? null,
        limit + 1,
      ],
    );
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return c.json(
      {
        items: page.map(messageView),
        nextCursor: rows.length > limit && last ? encodeCursor([String(last.created_key), last.id]) : null,
      },
      200,
    );
  })
  .openapi(getMessage, async (c) => {
    const { orgId, messageId } = c.req.valid('param');
    await requireOrganizationAdmin(c, orgId);
    const [row] = await c.var.em.execute<MessageRow[]>(
      `select ${MESSAGE_COLUMNS} from outbox_messages where organization_id = ? and id = ?`,
      [orgId, messageId],
    );
    if (!row) throw notFound('message');
    const workflowId = messageWorkflowId(messageId);
    let process: {
      workflowId: string;
      stage?: string;
      notBefore?: string;
      waitReason?: string;
      failureReason?: string;
      details?: string;
    } | null = null;
    try {
      const handle = c.var.deps.temporal.workflow.getHandle(workflowId);
      // The SDK's built-in metadata query carries what the workflow set with setCurrentDetails.
      const [status, metadata] = await Promise.all([
        handle.query<MessageDeliveryStatus>('status'),
        handle.query<{ currentDetails?: string }>('__temporal_workflow_metadata').catch(() => undefined),
      ]);
      const details = metadata?.currentDetails;
      process = { workflowId, ...status, ...(details ? { details } : {}) };
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError))
        c.var.log.warn({ err, messageId }, 'message process not readable');
    }
    return c.json({ ...messageView(row), process }, 200);
  });
