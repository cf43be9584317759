// The test system's SMTP catcher (dev/smtp-server.ts), read over its HTTP side like a person would.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Letter, RunningSmtpCatcher, SmtpFaults } from '../../dev/smtp-server.ts';

export type { Letter };

export interface TestMail {
  /** The catcher's HTTP side (`${url}/letters`). */
  url: string;
  /** smtp://… as SMTP_URL. */
  smtpUrl: string;
  /** Letters received so far, oldest first; only those to `to` when given. */
  letters(to?: string): Promise<Letter[]>;
  /** The first letter to `to` that matches, waiting for it up to timeoutMs. */
  waitForLetter(to: string, match?: (letter: Letter) => boolean, timeoutMs?: number): Promise<Letter>;
  /** Refuse the next letters: `faults.add({ reject: 2, code: 451 })`. */
  faults: SmtpFaults;
}

export function testMail(catcher: RunningSmtpCatcher): TestMail {
  const letters = async (to?: string): Promise<Letter[]> => {
    const query = to === undefined ? '' : `?to=${encodeURIComponent(to)}`;
    const response = await fetch(`${catcher.url}/letters${query}`);
    if (!response.ok) throw new Error(`GET /letters: HTTP ${response.status}`);
    return (await response.json()) as Letter[];
  };
  return {
    url: catcher.url,
    smtpUrl: catcher.smtpUrl,
    letters,
    async waitForLetter(to, match = () => true, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = (await letters(to)).find(match);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no matching letter to ${to} within ${timeoutMs} ms`);
        await sleep(100);
      }
    },
    faults: catcher.faults,
  };
}

/** The first 6-digit code in a letter's text (confirmation and recovery letters). */
export const codeInLetter = (letter: Letter): string | undefined => /\b(\d{6})\b/.exec(letter.text)?.[1];
