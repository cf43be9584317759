// A small typed client of the federal register of medical workers (ФРМР, ЕГИСЗ): "is this
// certificate or accreditation in the register, and whose is it?". The base URL is configurable so
// that development and tests talk to dev/register-server.ts, never to the real register.
//
//   GET {baseUrl}/api/v1/workers/documents?kind=accreditation&series=7724&number=12345678
//   Authorization: Bearer <token>   (when a token is configured)
//   → 200 {"found": false}
//   → 200 {"found": true, "fullName": "…", "specialty": "…", "issuedOn": "YYYY-MM-DD", "organization"?: "…"}
import { z } from 'zod';

export type RegisterDocumentKind = 'specialist_certificate' | 'accreditation';

export interface RegisterClientOptions {
  baseUrl: string;
  token?: string | undefined;
  timeoutMs?: number;
}

export interface RegisterDocumentQuery {
  kind: RegisterDocumentKind;
  series: string;
  number: string;
}

export type RegisterLookup =
  | { found: false }
  | { found: true; fullName: string; specialty: string; issuedOn?: string; organization?: string };

/** transient: ask again later (5xx, 408, 429, timeout, no connection, garbled answer); permanent: it will not get better. */
export type RegisterErrorKind = 'transient' | 'permanent';
export type RegisterErrorCode = `http_${number}` | 'timeout' | 'network' | 'bad_response';

/** Every failure of the client; `reason` is safe to store and show (no URL, no token). */
export class RegisterError extends Error {
  override name = 'RegisterError';
  readonly code: RegisterErrorCode;
  readonly kind: RegisterErrorKind;
  readonly reason: string;

  constructor(code: RegisterErrorCode, kind: RegisterErrorKind, reason: string) {
    super(`register: ${reason}`);
    this.code = code;
    this.kind = kind;
    this.reason = reason;
  }
}

const LookupSchema = z.union([
  z.object({ found: z.literal(false) }),
  z.object({
    found: z.literal(true),
    fullName: z.string().min(1),
    specialty: z.string().min(1),
    issuedOn: z.string().optional(),
    organization: z.string().optional(),
  }),
]);

export class RegisterClient {
  readonly #baseUrl: string;
  // A private field keeps the token out of console.log / JSON.stringify of the client.
  readonly #token: string | undefined;
  readonly #timeoutMs: number;

  constructor(options: RegisterClientOptions) {
    this.#baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.#token = options.token;
    this.#timeoutMs = options.timeoutMs ?? 15_000;
  }

  async findDocument(query: RegisterDocumentQuery): Promise<RegisterLookup> {
    const params = new URLSearchParams({ kind: query.kind, series: query.series, number: query.number });
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.#token) headers.authorization = `Bearer ${this.#token}`;
    let response: Response;
    let body: string;
    try {
      response = await fetch(`${this.#baseUrl}/api/v1/workers/documents?${params.toString()}`, {
        headers,
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
      body = await response.text();
    } catch (error) {
      throw transportError(error, this.#timeoutMs);
    }
    if (!response.ok) throw httpError(response.status);
    const parsed = LookupSchema.safeParse(parseJson(body));
    if (!parsed.success) {
      throw new RegisterError(
        'bad_response',
        'transient',
        'Непонятный ответ ФРМР / Unparseable register response',
      );
    }
    return parsed.data;
  }
}

export function createRegisterClient(options: RegisterClientOptions): RegisterClient {
  return new RegisterClient(options);
}

function httpError(status: number): RegisterError {
  // 5xx, request timeout and rate limiting pass; any other 4xx (bad token, bad request) needs a person.
  const kind = status >= 500 || status === 408 || status === 429 ? 'transient' : 'permanent';
  return new RegisterError(
    `http_${status}`,
    kind,
    `ФРМР ответил HTTP ${status} / register responded HTTP ${status}`,
  );
}

function transportError(error: unknown, timeoutMs: number): RegisterError {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return new RegisterError(
      'timeout',
      'transient',
      `ФРМР не ответил за ${timeoutMs} мс / register did not respond within ${timeoutMs} ms`,
    );
  }
  // Only the system error code (ECONNREFUSED…) is kept: undici messages are not ours to vouch for.
  const code = systemErrorCode(error);
  return new RegisterError(
    'network',
    'transient',
    `Нет связи с ФРМР / Cannot reach the register${code ? ` (${code})` : ''}`,
  );
}

function systemErrorCode(error: unknown): string | undefined {
  for (let current: unknown = error, depth = 0; current && depth < 4; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[A-Z][A-Z0-9_]+$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}
