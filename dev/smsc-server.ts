// A local SMSC.ru-compatible server for development and tests: /sys/send.php and /sys/status.php
// in JSON mode (fmt=3; other fmt values are answered in JSON too), an outbox readable over HTTP,
// and error injection. Nothing here talks to the real smsc.ru.
//
// Reserved phone numbers (matched on the last 7 digits, any prefix):
//   …0000001 … …0000008  send fails with SMSC error 1…8 (2 bad login, 3 no money, 4 IP blocked,
//                        6 forbidden, 7 bad phone, 8 cannot deliver…)
//   …0000500, …0000503   send answers HTTP 500 / 503
//   …0000020, …0000022, …0000023, …0000024, …0000025
//                        send is accepted; delivery ends in status 20 / 22 / 23 / 24 / 25 instead of 1
// Natural errors: bad login/psw when configured → 2; phones not 7–15 digits (after '+') → 7;
// empty mes → 1; the same login+phones+mes+id within 60 s → 9 and nothing stored.
// Delivery: status 0 ("passed to operator") at first, then 1 after deliveryDelayMs (default 1000).
// status.php: unknown id/phone → status −3; id may be the provider id or the client's own id.
//
// Admin HTTP endpoints:
//   GET    /_outbox?phone=…&since=…  → { items: [...] } newest last; phone compares digits only,
//                                      since is an ISO time or epoch ms (createdAt >= since)
//   DELETE /_outbox                  → clears messages and the 60 s duplicate memory
//   POST   /_outbox/faults           { phone?, errorCode?, httpStatus?, delayMs?, times? = 1, on? = 'send' }
//                                      the next `times` requests to `on` ('send' | 'status'), optionally
//                                      only for that phone, wait delayMs (if given) and then answer with
//                                      HTTP httpStatus and/or SMSC error errorCode; with delayMs alone
//                                      the request is handled normally after the wait (a slow provider)
//   GET    /_outbox/faults           → { faults: [...] } still pending
//   DELETE /_outbox/faults           → drops pending faults
//   GET    /                         → an HTML page of the outbox

import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { listen } from './listen.ts';
import { Hono } from 'hono';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod';
import { debouncedWriter, escapeHtml, loadOutboxFile } from './outbox-file.ts';
import { smsSegments } from '../integrations/smsc/client.ts';

export interface SmscServerOptions {
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  /** When both are set, requests with other credentials get error 2. */
  login?: string;
  password?: string;
  deliveryDelayMs?: number;
  /** A JSON file that keeps the outbox across restarts. */
  outboxFile?: string;
  /** Starting account balance reported with cost=3. */
  balance?: number;
}

export interface OutboxItem {
  /** The provider's message id. */
  id: number;
  clientId: string | null;
  phone: string;
  text: string;
  sender: string | null;
  parts: number;
  status: number;
  createdAt: string;
}

export interface OutboxFilter {
  phone?: string;
  since?: string | number | Date;
}

const faultSchema = z.object({
  phone: z.string().optional(),
  errorCode: z.number().int().optional(),
  httpStatus: z.number().int().min(400).max(599).optional(),
  delayMs: z.number().int().min(0).optional(),
  times: z.number().int().min(1).default(1),
  on: z.enum(['send', 'status']).default('send'),
});
export type SmscFault = z.input<typeof faultSchema>;
type PendingFault = z.output<typeof faultSchema>;

export interface SmscOutbox {
  list(filter?: OutboxFilter): OutboxItem[];
  clear(): void;
}

export interface SmscFaults {
  add(fault: SmscFault): void;
  clear(): void;
}

export interface RunningSmscServer {
  url: string;
  port: number;
  outbox: SmscOutbox;
  faults: SmscFaults;
  close(): Promise<void>;
}

interface StoredMessage {
  id: number;
  clientId: string | null;
  login: string;
  phone: string;
  text: string;
  sender: string | null;
  parts: number;
  createdAt: string;
  deliverAt: number;
  finalStatus: number;
}

interface PersistedState {
  nextId: number;
  balance: number;
  messages: StoredMessage[];
}

const SMSC_ERROR_TEXT: Record<number, string> = {
  1: 'parameters error',
  2: 'authorise error',
  3: 'no money',
  4: 'IP address is temporarily blocked',
  5: 'invalid date format',
  6: 'message is denied',
  7: 'invalid number',
  8: "can't send message",
  9: 'duplicate request, wait a minute',
};

const DUPLICATE_WINDOW_MS = 60_000;
const PRICE_PER_PART = 2.5;
const SEND_ERROR_SUFFIXES = new Map([1, 2, 3, 4, 5, 6, 7, 8].map((code) => [`000000${code}`, code]));
const SEND_HTTP_SUFFIXES = new Map([
  ['0000500', 500],
  ['0000503', 503],
]);
const DELIVERY_SUFFIXES = new Map([20, 22, 23, 24, 25].map((status) => [`00000${status}`, status]));
// SMSC's `err` detail for failed deliveries (1 subscriber does not exist, 249 bad number, 252 number
// forbidden, 6 subscriber offline); 24 (no money) carries none.
const DELIVERY_ERR: Record<number, number> = { 20: 1, 22: 249, 23: 252, 25: 6 };

const digits = (phone: string) => phone.replace(/\D/g, '');
const suffixOf = (phone: string) => digits(phone).slice(-7);

export async function startSmscServer(options: SmscServerOptions = {}): Promise<RunningSmscServer> {
  const host = options.host ?? '127.0.0.1';
  const deliveryDelayMs = options.deliveryDelayMs ?? 1000;
  const state: PersistedState = (options.outboxFile &&
    (await loadOutboxFile<PersistedState>(
      options.outboxFile,
      (state) => Array.isArray(state.messages) && Number.isInteger(state.nextId),
      'smsc-server',
    ))) || {
    nextId: 1,
    balance: options.balance ?? 1000,
    messages: [],
  };
  const recentRequests = new Map<string, number>();
  let faults: PendingFault[] = [];
  const closing = new AbortController();
  const persist = options.outboxFile
    ? debouncedWriter(options.outboxFile, () => state, 'smsc-server')
    : undefined;

  const statusOf = (message: StoredMessage, now = Date.now()) =>
    now < message.deliverAt ? 0 : message.finalStatus;

  const outbox: SmscOutbox = {
    list(filter = {}) {
      const wanted = filter.phone === undefined ? undefined : digits(filter.phone);
      const since = filter.since === undefined ? undefined : toEpochMs(filter.since);
      const now = Date.now();
      return state.messages
        .filter((m) => wanted === undefined || digits(m.phone) === wanted)
        .filter((m) => since === undefined || Date.parse(m.createdAt) >= since)
        .map((m) => ({
          id: m.id,
          clientId: m.clientId,
          phone: m.phone,
          text: m.text,
          sender: m.sender,
          parts: m.parts,
          status: statusOf(m, now),
          createdAt: m.createdAt,
        }));
    },
    clear() {
      state.messages = [];
      recentRequests.clear();
      persist?.schedule();
    },
  };

  const faultControl: SmscFaults = {
    add(fault) {
      faults.push(faultSchema.parse(fault));
    },
    clear() {
      faults = [];
    },
  };

  /** Takes one use of the first fault matching this endpoint and these phones. */
  function takeFault(on: 'send' | 'status', phones: string[]): PendingFault | undefined {
    const fault = faults.find(
      (f) =>
        f.on === on && (f.phone === undefined || phones.some((p) => digits(p) === digits(f.phone ?? ''))),
    );
    if (!fault) return undefined;
    fault.times--;
    if (fault.times <= 0) faults = faults.filter((f) => f !== fault);
    return { ...fault };
  }

  /** Applies a fault; returns the response to give, or undefined to carry on normally. */
  async function applyFault(c: Context, fault: PendingFault | undefined): Promise<Response | undefined> {
    if (!fault) return undefined;
    if (fault.delayMs) {
      try {
        await sleep(fault.delayMs, undefined, { signal: closing.signal });
      } catch {
        return c.text('server is closing', 503);
      }
    }
    if (fault.errorCode !== undefined) {
      return c.json(smscErrorBody(fault.errorCode), (fault.httpStatus ?? 200) as ContentfulStatusCode);
    }
    if (fault.httpStatus !== undefined)
      return c.text(`injected HTTP ${fault.httpStatus}`, fault.httpStatus as ContentfulStatusCode);
    return undefined;
  }

  const authorized = (params: Record<string, string>) =>
    options.login === undefined ||
    options.password === undefined ||
    (params.login === options.login && params.psw === options.password);

  const app = new Hono();

  app.all('/sys/send.php', async (c) => {
    const params = await requestParams(c);
    const rawPhones = params.phones ?? '';
    const phones = rawPhones
      .split(/[,;]/)
      .map((p) => p.trim())
      .filter(Boolean);
    const injected = await applyFault(c, takeFault('send', phones));
    if (injected) return injected;
    if (!authorized(params)) return c.json(smscErrorBody(2));
    if (phones.length === 0 || !phones.every((p) => /^\d{7,15}$/.test(p.replace(/^\+/, '')))) {
      return c.json(smscErrorBody(7));
    }
    const text = params.mes ?? '';
    if (text.trim() === '') return c.json(smscErrorBody(1));
    for (const phone of phones) {
      const httpStatus = SEND_HTTP_SUFFIXES.get(suffixOf(phone));
      if (httpStatus) return c.text('Internal Server Error', httpStatus as ContentfulStatusCode);
      const errorCode = SEND_ERROR_SUFFIXES.get(suffixOf(phone));
      if (errorCode) return c.json(smscErrorBody(errorCode));
    }

    const now = Date.now();
    for (const [key, at] of recentRequests) if (now - at >= DUPLICATE_WINDOW_MS) recentRequests.delete(key);
    const clientId = params.id || null;
    const requestKey = JSON.stringify([params.login ?? '', rawPhones, text, clientId]);
    if (recentRequests.has(requestKey)) return c.json(smscErrorBody(9));
    recentRequests.set(requestKey, now);

    const id = state.nextId++;
    const parts = smsSegments(text).segments;
    for (const phone of phones) {
      state.messages.push({
        id,
        clientId,
        login: params.login ?? '',
        phone,
        text,
        sender: params.sender || null,
        parts,
        createdAt: new Date(now).toISOString(),
        deliverAt: now + deliveryDelayMs,
        finalStatus: DELIVERY_SUFFIXES.get(suffixOf(phone)) ?? 1,
      });
    }
    const cost = parts * phones.length * PRICE_PER_PART;
    state.balance -= cost;
    persist?.schedule();
    const body: Record<string, unknown> = { id, cnt: parts * phones.length };
    if (params.cost === '2' || params.cost === '3') body.cost = cost.toFixed(2);
    if (params.cost === '3') body.balance = state.balance.toFixed(2);
    return c.json(body);
  });

  app.all('/sys/status.php', async (c) => {
    const params = await requestParams(c);
    const phone = params.phone ?? '';
    const injected = await applyFault(c, takeFault('status', [phone]));
    if (injected) return injected;
    if (!authorized(params)) return c.json(smscErrorBody(2));
    if (!phone || !params.id) return c.json(smscErrorBody(1));
    const message = state.messages.findLast(
      (m) => digits(m.phone) === digits(phone) && (String(m.id) === params.id || m.clientId === params.id),
    );
    const now = Date.now();
    if (!message) return c.json({ status: -3, last_date: '', last_timestamp: 0, err: 0 });
    const status = statusOf(message, now);
    const changedAt = status === 0 ? Date.parse(message.createdAt) : message.deliverAt;
    return c.json({
      status,
      last_date: smscDate(changedAt),
      last_timestamp: Math.floor(changedAt / 1000),
      err: DELIVERY_ERR[status] ?? 0,
    });
  });

  app.get('/_outbox', (c) => {
    const phone = c.req.query('phone');
    const since = c.req.query('since');
    if (since !== undefined && Number.isNaN(toEpochMs(since))) {
      return c.json({ error: 'since must be an ISO date-time or epoch milliseconds' }, 400);
    }
    return c.json({ items: outbox.list({ ...(phone ? { phone } : {}), ...(since ? { since } : {}) }) });
  });

  app.delete('/_outbox', (c) => {
    outbox.clear();
    return c.body(null, 204);
  });

  app.get('/_outbox/faults', (c) => c.json({ faults }));

  app.post('/_outbox/faults', async (c) => {
    const parsed = faultSchema.safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success) return c.json({ error: 'bad fault', issues: parsed.error.issues }, 400);
    faults.push(parsed.data);
    return c.json({ faults }, 201);
  });

  app.delete('/_outbox/faults', (c) => {
    faultControl.clear();
    return c.body(null, 204);
  });

  app.get('/', (c) => c.html(outboxPage(outbox.list().reverse())));

  const server = await listen(app, options.port ?? 0, host);
  const port = (server.address() as AddressInfo).port;
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;

  return {
    url: `http://${urlHost}:${port}`,
    port,
    outbox,
    faults: faultControl,
    async close() {
      closing.abort();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // fetch keeps connections alive; without this close() would wait for them to time out.
      server.closeAllConnections();
      await closed;
      await persist?.flush();
    },
  };
}

/** SMSC takes parameters from the query string and from a POSTed form alike. */
async function requestParams(c: Context): Promise<Record<string, string>> {
  const params: Record<string, string> = { ...c.req.query() };
  if (c.req.method === 'POST') {
    const body = await c.req.parseBody().catch(() => ({}));
    for (const [key, value] of Object.entries(body)) if (typeof value === 'string') params[key] = value;
  }
  return params;
}

function smscErrorBody(code: number) {
  return { error: SMSC_ERROR_TEXT[code] ?? 'error', error_code: code };
}

function toEpochMs(value: string | number | Date): number {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'number') return value;
  return /^\d+$/.test(value) ? Number(value) : Date.parse(value);
}

// SMSC's date format: dd.mm.yyyy hh:mm:ss
function smscDate(epochMs: number): string {
  const d = new Date(epochMs);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getDate())}.${two(d.getMonth() + 1)}.${d.getFullYear()} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

const STATUS_NAMES: Record<number, string> = {
  0: 'передано оператору',
  1: 'доставлено',
  20: 'невозможно доставить',
  22: 'неверный номер',
  23: 'запрещено',
  24: 'нет денег',
  25: 'недоступен',
};

function outboxPage(items: OutboxItem[]): string {
  const rows = items
    .map(
      (m) => `<tr><td>${m.id}</td><td>${escapeHtml(m.createdAt)}</td><td>${escapeHtml(m.phone)}</td>
<td>${escapeHtml(m.sender ?? '')}</td><td class="text">${escapeHtml(m.text)}</td><td>${m.parts}</td>
<td>${m.status} ${escapeHtml(STATUS_NAMES[m.status] ?? '')}</td><td>${escapeHtml(m.clientId ?? '')}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="ru"><head><meta charset="utf-8"><meta http-equiv="refresh" content="5">
<title>SMSC outbox (${items.length})</title>
<style>body{font-family:system-ui,sans-serif;margin:1.5rem}table{border-collapse:collapse;width:100%}
td,th{border-bottom:1px solid #ddd;padding:.35rem .5rem;text-align:left;vertical-align:top;font-size:.9rem}
.text{white-space:pre-wrap;max-width:40rem}</style></head>
<body><h1>Исходящие SMS / SMS outbox</h1>
<p>${items.length} messages, newest first. JSON: <a href="/_outbox">/_outbox</a>. Refreshes every 5 s.</p>
<table><thead><tr><th>id</th><th>created</th><th>phone</th><th>sender</th><th>text</th><th>parts</th>
<th>status</th><th>client id</th></tr></thead><tbody>
${rows || '<tr><td colspan="8">No messages yet.</td></tr>'}
</tbody></table></body></html>`;
}
