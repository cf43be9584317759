import { WorkflowNotFoundError } from '@temporalio/client';
import type { OutboxChannel, OutboxStatus } from '../../db/entities/outbox-message.ts';
import { messageWorkflowId } from '../../workflows/ids.ts';
import { messageStatusQuery } from '../../workflows/message-delivery.ts';
import { requireOrganizationAdmin } from '../http/access.ts';
import type { Actor, ServiceDeps } from '../http/context.ts';
import { decodeCursor, encodeCursor } from '../http/cursor.ts';
import { ApiError, notFound } from '../http/errors.ts';
import type { MessageListQuery } from './views.ts';

/** One outbox row as the operators' list reads it: times already ISO 8601 text. */
export interface MessageRow {
  id: string;
  channel: OutboxChannel;
  kind: string;
  status: OutboxStatus;
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

/** A message's delivery process as it stands now (its status query and the details it set). */
export interface MessageProcess {
  workflowId: string;
  stage?: string;
  notBefore?: string;
  waitReason?: string;
  failureReason?: string;
  details?: string;
}

/** A timestamp as ISO 8601 in UTC with milliseconds, formatted by PostgreSQL (the driver gives text). */
const iso = (column: string) =>
  `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as ${column}`;

const MESSAGE_COLUMNS = `id, channel, kind, status, urgent, phone, email, ${iso('not_before')}, wait_reason,
  failure_reason, ${iso('created_at')}, ${iso('sent_at')}, ${iso('delivered_at')},
  (extract(epoch from created_at) * 1000000)::bigint::text as created_key`;

/** The organization's outgoing SMS and e-mail, for its service administrator: what waits, and why. */
export function createMessageService({ em, temporal, log }: ServiceDeps) {
  return {
    /** Newest first, optionally by status and kind. */
    async list(
      actor: Actor | undefined,
      organizationId: string,
      { limit, cursor, status, kind }: MessageListQuery,
    ): Promise<{ items: MessageRow[]; nextCursor: string | null }> {
      await requireOrganizationAdmin(em, actor, organizationId);
      const after = decodeCursor(cursor, 2);
      if (after && !/^\d{1,17}$/.test(after[0]!)) {
        throw new ApiError(400, 'invalid_cursor', 'cursor is not one this API gave out', { field: 'cursor' });
      }
      const rows = await em.execute<MessageRow[]>(
        // Ordered by the table's columns (m.): the output columns of the same names are text.
        `select ${MESSAGE_COLUMNS} from outbox_messages m
         where m.organization_id = ? and (?::text is null or m.status = ?) and (?::text is null or m.kind = ?)
           and (?::bigint is null
                or (m.created_at, m.id) < (timestamptz 'epoch' + ?::bigint * interval '1 microsecond', ?))
         order by m.created_at desc, m.id desc limit ?`,
        [
          organizationId,
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
      const items = rows.slice(0, limit);
      const last = items.at(-1);
      return {
        items,
        nextCursor: rows.length > limit && last ? encodeCursor([String(last.created_key), last.id]) : null,
      };
    },

    /** One message with its delivery process's live stage; the process is null when it has none. */
    async get(
      actor: Actor | undefined,
      organizationId: string,
      messageId: string,
    ): Promise<{ row: MessageRow; process: MessageProcess | null }> {
      await requireOrganizationAdmin(em, actor, organizationId);
      const [row] = await em.execute<MessageRow[]>(
        `select ${MESSAGE_COLUMNS} from outbox_messages where organization_id = ? and id = ?`,
        [organizationId, messageId],
      );
      if (!row) throw notFound('message');
      const workflowId = messageWorkflowId(messageId);
      let process: MessageProcess | null = null;
      try {
        const handle = temporal.workflow.getHandle(workflowId);
        // The SDK's built-in metadata query carries what the workflow set with setCurrentDetails.
        const [status, metadata] = await Promise.all([
          handle.query(messageStatusQuery),
          handle.query<{ currentDetails?: string }>('__temporal_workflow_metadata').catch(() => undefined),
        ]);
        const details = metadata?.currentDetails;
        process = { workflowId, ...status, ...(details ? { details } : {}) };
      } catch (err) {
        if (!(err instanceof WorkflowNotFoundError))
          log.warn({ err, messageId }, 'message process not readable');
      }
      return { row, process };
    },
  };
}
