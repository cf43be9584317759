// Queuing messages from API handlers: the one outbox (activities/outbox/queue.ts) with the request's deps.
import type { Context } from 'hono';
import { queueMessage, type OutgoingMessage } from '../processes/outbox/queue.ts';
import type { AppEnv } from './http/context.ts';

export type { OutgoingMessage };

/** Renders the message, writes its outbox row and starts its delivery process. */
export function queueMessageFromApi(
  c: Context<AppEnv>,
  message: OutgoingMessage,
): Promise<{ id: string; workflowId: string }> {
  const { deps } = c.var;
  return queueMessage(
    {
      em: c.var.em,
      temporal: deps.temporal,
      taskQueue: deps.env.TEMPORAL_TASK_QUEUE,
      secret: deps.env.KABINET_SECRET,
    },
    message,
  );
}
