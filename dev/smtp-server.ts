// A local SMTP catcher for development and tests: accepts every letter on SMTP (no TLS, any or no
// login), keeps it, and shows it over HTTP. Nothing here delivers mail anywhere.
//
// HTTP endpoints:
//   GET    /letters?to=…       → [{ id, messageId, from, to: string[], subject, text, html, receivedAt }]
//                                 newest last; `to` matches any recipient, case-insensitively
//   DELETE /letters            → forgets every letter
//   POST   /faults             { reject: n = 1, code: 451 | 550 (or any 4xx/5xx) = 451 }
//                                 the next n letters are refused at DATA with that SMTP code
//   GET    /faults             → { reject, code } still pending
//   DELETE /faults             → drops pending faults
//   GET    /                   → an HTML page of the letters

import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { listen } from './listen.ts';
import { Hono } from 'hono';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { z } from 'zod';
import { debouncedWriter, escapeHtml, loadOutboxFile } from './outbox-file.ts';

export interface SmtpCatcherOptions {
  /** 0 (the default) picks a free port. */
  smtpPort?: number;
  /** 0 (the default) picks a free port. */
  httpPort?: number;
  host?: string;
  /** A JSON file that keeps the letters across restarts. */
  outboxFile?: string;
}

export interface Letter {
  id: number;
  /** The Message-ID header, e.g. `<msg-…@kabinet>`. */
  messageId: string | null;
  from: string;
  /** Envelope recipients. */
  to: string[];
  subject: string;
  text: string;
  html: string | null;
  receivedAt: string;
}

const faultSchema = z.object({
  reject: z.number().int().min(1).default(1),
  code: z.number().int().min(400).max(599).default(451),
});
export type SmtpFault = z.input<typeof faultSchema>;

export interface SmtpFaults {
  add(fault: SmtpFault): void;
  clear(): void;
  pending(): { reject: number; code: number } | undefined;
}

export interface RunningSmtpCatcher {
  /** smtp://host:port — for SMTP_URL. */
  smtpUrl: string;
  /** The HTTP side: `${url}/letters`, `${url}/`. */
  url: string;
  letters(to?: string): Letter[];
  clear(): void;
  faults: SmtpFaults;
  close(): Promise<void>;
}

interface State {
  nextId: number;
  letters: Letter[];
}

const MAX_LETTERS = 5000;

export async function startSmtpCatcher(options: SmtpCatcherOptions = {}): Promise<RunningSmtpCatcher> {
  const host = options.host ?? '127.0.0.1';
  const state: State = (options.outboxFile &&
    (await loadOutboxFile<State>(
      options.outboxFile,
      (state) => Array.isArray(state.letters) && Number.isInteger(state.nextId),
      'smtp-server',
    ))) || {
    nextId: 1,
    letters: [],
  };
  let fault: { reject: number; code: number } | undefined;
  const persist = options.outboxFile
    ? debouncedWriter(options.outboxFile, () => state, 'smtp-server')
    : undefined;

  const letters = (to?: string): Letter[] => {
    const wanted = to?.trim().toLowerCase();
    return state.letters.filter((l) => !wanted || l.to.some((r) => r.toLowerCase() === wanted));
  };
  const clear = () => {
    state.letters = [];
    persist?.schedule();
  };
  const faults: SmtpFaults = {
    add(input) {
      const parsed = faultSchema.parse(input);
      fault = { reject: parsed.reject, code: parsed.code };
    },
    clear() {
      fault = undefined;
    },
    pending: () => (fault ? { ...fault } : undefined),
  };

  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    // close(): pooled client connections get 421 after this instead of the default 30 s.
    closeTimeout: 200,
    banner: 'kabinet SMTP catcher',
    onAuth(_auth, _session, callback) {
      callback(null, { user: 'anyone' });
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', (error) => callback(error));
      stream.on('end', () => {
        if (fault) {
          const { code } = fault;
          fault.reject--;
          if (fault.reject <= 0) fault = undefined;
          const error = Object.assign(
            new Error(code >= 500 ? 'Mailbox unavailable (injected)' : 'Try again later (injected)'),
            {
              responseCode: code,
            },
          );
          callback(error);
          return;
        }
        simpleParser(Buffer.concat(chunks))
          .then((mail) => {
            const envelopeFrom = session.envelope.mailFrom;
            state.letters.push({
              id: state.nextId++,
              messageId: mail.messageId ?? null,
              from: mail.from?.text ?? (envelopeFrom ? envelopeFrom.address : ''),
              to: session.envelope.rcptTo.map((r) => r.address),
              subject: mail.subject ?? '',
              text: mail.text ?? '',
              html: typeof mail.html === 'string' ? mail.html : null,
              receivedAt: new Date().toISOString(),
            });
            if (state.letters.length > MAX_LETTERS)
              state.letters.splice(0, state.letters.length - MAX_LETTERS);
            persist?.schedule();
            callback(null, 'Message accepted');
          })
          .catch((error: unknown) => callback(error instanceof Error ? error : new Error(String(error))));
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    smtp.once('error', reject);
    smtp.listen(options.smtpPort ?? 0, host, () => {
      smtp.off('error', reject);
      resolve();
    });
  });
  // A client dropping its connection must not bring the catcher down.
  smtp.on('error', () => undefined);
  const smtpPort = (smtp.server.address() as AddressInfo).port;

  const app = new Hono();
  app.get('/letters', (c) => c.json(letters(c.req.query('to'))));
  app.delete('/letters', (c) => {
    clear();
    return c.body(null, 204);
  });
  app.get('/faults', (c) => c.json(faults.pending() ?? {}));
  app.post('/faults', async (c) => {
    const parsed = faultSchema.safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success) return c.json({ error: 'bad fault', issues: parsed.error.issues }, 400);
    faults.add(parsed.data);
    return c.json(faults.pending(), 201);
  });
  app.delete('/faults', (c) => {
    faults.clear();
    return c.body(null, 204);
  });
  app.get('/', (c) => c.html(lettersPage(letters().reverse())));

  let http: Server;
  try {
    http = await listen(app, options.httpPort ?? 0, host);
  } catch (error) {
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
    throw error;
  }
  const httpPort = (http.address() as AddressInfo).port;
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;

  return {
    smtpUrl: `smtp://${urlHost}:${smtpPort}`,
    url: `http://${urlHost}:${httpPort}`,
    letters,
    clear,
    faults,
    async close() {
      const httpClosed = new Promise<void>((resolve) => http.close(() => resolve()));
      http.closeAllConnections();
      // Open (pooled) client connections are ended after closeTimeout.
      const smtpClosed = new Promise<void>((resolve) => smtp.close(() => resolve()));
      await Promise.all([httpClosed, smtpClosed]);
      await persist?.flush();
    },
  };
}

function lettersPage(letters: Letter[]): string {
  const rows = letters
    .map(
      (l) => `<tr><td>${l.id}</td><td>${escapeHtml(l.receivedAt)}</td><td>${escapeHtml(l.to.join(', '))}</td>
<td>${escapeHtml(l.subject)}</td><td class="text">${escapeHtml(l.text)}</td><td>${escapeHtml(l.messageId ?? '')}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="ru"><head><meta charset="utf-8"><meta http-equiv="refresh" content="5">
<title>SMTP outbox (${letters.length})</title>
<style>body{font-family:system-ui,sans-serif;margin:1.5rem}table{border-collapse:collapse;width:100%}
td,th{border-bottom:1px solid #ddd;padding:.35rem .5rem;text-align:left;vertical-align:top;font-size:.9rem}
.text{white-space:pre-wrap;max-width:40rem}</style></head>
<body><h1>Исходящие письма / E-mail outbox</h1>
<p>${letters.length} letters, newest first. JSON: <a href="/letters">/letters</a>. Refreshes every 5 s.</p>
<table><thead><tr><th>id</th><th>received</th><th>to</th><th>subject</th><th>text</th><th>Message-ID</th></tr></thead><tbody>
${rows || '<tr><td colspan="6">No letters yet.</td></tr>'}
</tbody></table></body></html>`;
}
