// Queuing a message: render it, write its outbox row, start its delivery process. The one entry point
// for everything that leaves (SMS and e-mail); bulk callers insert rendered rows set-based instead.
import type { EntityManager } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import { pgArray } from '../../db/sql.ts';
import { renderEmail, renderSms } from '../../templates/render.ts';
import { messageWorkflowId } from '../../workflows/ids.ts';
import type { messageDelivery } from '../../workflows/message-delivery.ts';
import { processSearchAttributes } from '../../workflows/search-attributes.ts';
import { startOnce, type ProcessClient } from '../process-client.ts';
import { sealContent } from './seal.ts';

export interface OutgoingMessage {
  /** Stable outbox id; default `msg-<uuid>`. Queuing the same id twice queues it once. */
  id?: string;
  organizationId?: string | null;
  employeeId?: string | null;
  userId?: string | null;
  /** 'registration_confirmation', 'password_recovery', 'payslip', ... */
  kind: string;
  channel: 'sms' | 'email';
  /** +79XXXXXXXXX for sms, an e-mail address for email. */
  to: string;
  /** templates/sms/<template>.hbs or templates/email/<template>.*.hbs */
  template: string;
  data: Record<string, unknown>;
  /** Codes a person just asked for: never deferred. */
  urgent: boolean;
  /** The content carries a code or link: stored sealed, erased once sent. */
  secret?: boolean;
  /** What the message belongs to, for progress counts (e.g. 'payslip_publication' + its id). */
  sourceKind?: string | null;
  sourceId?: string | null;
}

export interface QueueDeps extends ProcessClient {
  em: EntityManager;
  /** KABINET_SECRET: seals secret messages. */
  secret: string;
}

/** An already rendered row for insertOutboxMessages (bulk callers). */
export interface NewOutboxMessage {
  id: string;
  organizationId: string | null;
  employeeId?: string | null;
  userId?: string | null;
  kind: string;
  channel: 'sms' | 'email';
  to: string;
  subject?: string | null;
  text: string;
  html?: string | null;
  urgent: boolean;
  sourceKind?: string | null;
  sourceId?: string | null;
}

export const newOutboxId = (): string => `msg-${randomUUID()}`;

/** Renders a message: the SMS text, or the e-mail's subject, HTML and text. */
export function renderMessage(message: Pick<OutgoingMessage, 'channel' | 'template' | 'data'>): {
  subject: string | null;
  text: string;
  html: string | null;
} {
  if (message.channel === 'sms')
    return { subject: null, text: renderSms(message.template, message.data), html: null };
  return renderEmail(message.template, message.data);
}

/**
 * Renders the message, inserts its outbox row (status queued; a secret message's content sealed, not
 * in the clear) and starts its `messageDelivery` workflow with only the id. Idempotent per id.
 */
export async function queueMessage(
  deps: QueueDeps,
  message: OutgoingMessage,
): Promise<{ id: string; workflowId: string }> {
  const id = message.id ?? newOutboxId();
  const rendered = renderMessage(message);
  const sealed = message.secret ? sealContent(deps.secret, id, rendered) : null;
  const inserted = await deps.em.execute<{ id: string }[]>(
    `insert into outbox_messages
       (id, organization_id, employee_id, user_id, kind, channel, phone, email, subject, body, html,
        sealed_content, urgent, status, source_kind, source_id, created_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?, ?)
     on conflict (id) do nothing
     returning id`,
    [
      id,
      message.organizationId ?? null,
      message.employeeId ?? null,
      message.userId ?? null,
      message.kind,
      message.channel,
      message.channel === 'sms' ? message.to : null,
      message.channel === 'email' ? message.to : null,
      rendered.subject,
      sealed ? null : rendered.text,
      sealed ? null : rendered.html,
      sealed,
      message.urgent,
      message.sourceKind ?? null,
      message.sourceId ?? null,
      new Date(),
    ],
  );
  try {
    const workflowId = await startMessageDelivery(deps, {
      id,
      organizationId: message.organizationId ?? null,
      employeeId: message.employeeId ?? null,
      kind: message.kind,
    });
    return { id, workflowId };
  } catch (err) {
    // Temporal unreachable: nothing may wait for a process that never began. A row this call wrote is
    // taken back (a retry with the same id queues it again); one queued earlier stays for its process.
    if (inserted.length > 0) {
      await deps.em.execute(`delete from outbox_messages where id = ? and status = 'queued'`, [id]);
    }
    throw err;
  }
}

/** Starts (once) the delivery process of an outbox row; an already started one is fine. */
export async function startMessageDelivery(
  client: ProcessClient,
  row: { id: string; organizationId: string | null; employeeId?: string | null; kind: string },
): Promise<string> {
  const workflowId = messageWorkflowId(row.id);
  await startOnce(() =>
    client.temporal.workflow.start<typeof messageDelivery>('messageDelivery', {
      workflowId,
      taskQueue: client.taskQueue,
      args: [{ messageId: row.id }],
      typedSearchAttributes: processSearchAttributes('message', row),
      staticSummary: `Сообщение ${row.kind}`,
    }),
  );
  return workflowId;
}

/**
 * Inserts already rendered rows in one statement (INSERT … SELECT FROM unnest; existing ids are kept
 * as they are). Returns how many were new. Starting their delivery is the caller's business (e.g.
 * one publication workflow sends them through sendOutboxMessage).
 */
export async function insertOutboxMessages(em: EntityManager, rows: NewOutboxMessage[]): Promise<number> {
  if (rows.length === 0) return 0;
  const column = (pick: (row: NewOutboxMessage) => string | boolean | null | undefined) =>
    pgArray(rows.map(pick));
  const result = await em.execute<{ count: string }[]>(
    `with inserted as (
       insert into outbox_messages
         (id, organization_id, employee_id, user_id, kind, channel, phone, email, subject, body, html,
          urgent, status, source_kind, source_id, created_at)
       select id, organization_id, employee_id, user_id, kind, channel,
              case when channel = 'sms' then recipient end, case when channel = 'email' then recipient end,
              subject, body, html, urgent, 'queued', source_kind, source_id, now()
       from unnest(?::text[], ?::uuid[], ?::uuid[], ?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[],
                   ?::text[], ?::text[], ?::boolean[], ?::text[], ?::text[])
         as t(id, organization_id, employee_id, user_id, kind, channel, recipient, subject, body, html,
              urgent, source_kind, source_id)
       on conflict (id) do nothing
       returning 1)
     select count(*)::text as count from inserted`,
    [
      column((r) => r.id),
      column((r) => r.organizationId),
      column((r) => r.employeeId ?? null),
      column((r) => r.userId ?? null),
      column((r) => r.kind),
      column((r) => r.channel),
      column((r) => r.to),
      column((r) => r.subject ?? null),
      column((r) => r.text),
      column((r) => r.html ?? null),
      column((r) => r.urgent),
      column((r) => r.sourceKind ?? null),
      column((r) => r.sourceId ?? null),
    ],
  );
  return Number(result[0]?.count ?? 0);
}
