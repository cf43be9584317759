import type { Logger } from '../../config/logger.ts';
import { ApiError } from './errors.ts';

export const processEngineUnavailable = () =>
  new ApiError(503, 'temporal_unavailable', 'the process engine is unavailable; retry shortly', undefined, {
    'Retry-After': '5',
  });

/**
 * Starts a process after its facts were written; if Temporal cannot be reached, the facts are
 * undone and the client is told to retry, so nothing is left waiting for a process that never began.
 */
export async function startTemporalOr503(
  log: Logger,
  start: () => Promise<unknown>,
  undo: () => Promise<unknown> = () => Promise.resolve(),
): Promise<void> {
  try {
    await start();
  } catch (err) {
    await undo();
    log.error({ err }, 'could not start a process');
    throw processEngineUnavailable();
  }
}
