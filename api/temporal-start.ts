import type { Context } from 'hono';
import type { AppEnv } from './context.ts';
import { ApiError } from './errors.ts';

/**
 * Starts a process after its facts were written; if Temporal cannot be reached, the facts are
 * undone and the client is told to retry, so nothing is left waiting for a process that never began.
 */
export async function startTemporalOr503(
  c: Context<AppEnv>,
  start: () => Promise<unknown>,
  undo: () => Promise<unknown>,
): Promise<void> {
  try {
    await start();
  } catch (err) {
    await undo();
    c.var.log.error({ err }, 'could not start a process');
    throw new ApiError(503, 'temporal_unavailable', 'the process engine is unavailable; retry shortly', undefined, {
      'Retry-After': '5',
    });
  }
}
