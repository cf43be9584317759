import { setTimeout as sleep } from 'node:timers/promises';

const POLL_MS = 200;
const REQUEST_TIMEOUT_MS = 3000;

/**
 * Polls `url` until it answers 200; rejects only when `signal` aborts. `onAttempt` hears what each
 * attempt got (a status code or an error), for progress messages.
 */
export async function waitForHttpOk(
  url: string,
  signal: AbortSignal,
  onAttempt: (result: string) => void = () => {},
): Promise<void> {
  for (;;) {
    signal.throwIfAborted();
    try {
      const response = await fetch(url, {
        signal: AbortSignal.any([signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)]),
      });
      await response.body?.cancel();
      if (response.status === 200) return;
      onAttempt(`HTTP ${response.status}`);
    } catch (err) {
      signal.throwIfAborted();
      const cause = (err as { cause?: { code?: string } }).cause;
      onAttempt(cause?.code ?? (err instanceof Error ? err.message : String(err)));
    }
    await sleep(POLL_MS, undefined, { signal });
  }
}
