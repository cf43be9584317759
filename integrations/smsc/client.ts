// A small typed client of the SMSC.ru HTTP API (https://smsc.ru/api/http/), JSON mode (fmt=3).
// No maintained typed npm package exists, hence this file. The base URL is configurable so that
// development and tests talk to dev/smsc-server.ts and never to the real smsc.ru.

export interface SmscClientOptions {
  baseUrl: string;
  login: string;
  password: string;
  sender?: string;
  timeoutMs?: number;
}

export interface SmscMessage {
  /** Our stable message id: SMSC rejects the same request within a minute (error 9), so retries are safe. */
  id: string;
  phone: string;
  text: string;
}

export interface SmscSendResult {
  providerId: string;
  parts: number;
  cost?: number;
  balance?: number;
}

export interface SmscStatusQuery {
  /** The providerId returned by send (SMSC also accepts our own id given at send). */
  id: string;
  phone: string;
}

export interface SmscDeliveryStatus {
  status: number;
  description: string;
  /** No further change is expected: stop polling. */
  final: boolean;
  delivered: boolean;
  /** SMSC's `err` for a failed delivery, when it gives one. */
  errorCode?: number;
}

export type SmscOperation = 'send' | 'status';
export type SmscErrorKind = 'permanent' | 'needs_operator' | 'duplicate' | 'transient';
export type SmscErrorCode = number | `http_${number}` | 'timeout' | 'network' | 'bad_response';

/** Every failure of the client. `reason` is safe to show to an admin: it never holds the password or text. */
export class SmscError extends Error {
  override name = 'SmscError';
  readonly code: SmscErrorCode;
  readonly kind: SmscErrorKind;
  readonly reason: string;
  readonly operation: SmscOperation;

  constructor(operation: SmscOperation, code: SmscErrorCode, kind: SmscErrorKind, reason: string) {
    super(`SMSC ${operation}: ${reason}`);
    this.operation = operation;
    this.code = code;
    this.kind = kind;
    this.reason = reason;
  }
}

const SMSC_ERRORS: Record<number, { kind: SmscErrorKind; reason: string }> = {
  1: { kind: 'permanent', reason: 'Ошибка в параметрах / Bad parameters' },
  2: {
    kind: 'needs_operator',
    reason: 'Неверный логин или пароль, или IP-адрес не разрешён / Bad login or password, or IP not allowed',
  },
  3: { kind: 'needs_operator', reason: 'Недостаточно средств на счёте / Not enough money on the account' },
  4: { kind: 'needs_operator', reason: 'IP-адрес временно заблокирован / IP address temporarily blocked' },
  5: { kind: 'permanent', reason: 'Неверный формат даты / Bad date format' },
  6: {
    kind: 'permanent',
    reason: 'Сообщение запрещено (по тексту или имени отправителя) / Message forbidden (text or sender name)',
  },
  7: { kind: 'permanent', reason: 'Неверный формат номера / Bad phone number format' },
  8: {
    kind: 'permanent',
    reason: 'Сообщение на этот номер не может быть доставлено / Message cannot be delivered to this number',
  },
  9: {
    kind: 'duplicate',
    reason:
      'Такой же запрос уже принят в течение минуты / The same request was already accepted within a minute',
  },
};

// On status.php, 9 means "asked about the same message too often": just ask later.
const STATUS_ERROR_9 = {
  kind: 'transient' as const,
  reason: 'Слишком частые запросы статуса / Too many status requests, ask later',
};

function smscError(operation: SmscOperation, code: number, providerText: string): SmscError {
  const known = operation === 'status' && code === 9 ? STATUS_ERROR_9 : SMSC_ERRORS[code];
  if (known) return new SmscError(operation, code, known.kind, `${known.reason} (SMSC ${code})`);
  // An unknown code: nobody knows whether a retry helps, so a person should look.
  const text = providerText.slice(0, 200);
  return new SmscError(operation, code, 'needs_operator', `Ошибка SMSC / SMSC error: ${text} (SMSC ${code})`);
}

function httpError(operation: SmscOperation, status: number): SmscError {
  // 5xx, request timeout and rate limiting pass; any other 4xx will not get better by retrying.
  const kind = status >= 500 || status === 408 || status === 429 ? 'transient' : 'permanent';
  return new SmscError(
    operation,
    `http_${status}`,
    kind,
    `Сервер SMSC ответил HTTP ${status} / SMSC server responded HTTP ${status}`,
  );
}

interface StatusInfo {
  description: string;
  final: boolean;
  delivered: boolean;
}

const DELIVERY_STATUSES: Record<number, StatusInfo> = {
  [-3]: { description: 'Сообщение не найдено / Message not found', final: false, delivered: false },
  [-2]: { description: 'Остановлено / Stopped', final: true, delivered: false },
  [-1]: { description: 'Ожидает отправки / Waiting to be sent', final: false, delivered: false },
  0: { description: 'Передано оператору / Passed to the operator', final: false, delivered: false },
  1: { description: 'Доставлено / Delivered', final: true, delivered: true },
  2: { description: 'Прочитано / Read', final: true, delivered: true },
  3: { description: 'Просрочено / Expired', final: true, delivered: false },
  4: { description: 'Нажата ссылка / Link clicked', final: true, delivered: true },
  20: { description: 'Невозможно доставить / Cannot be delivered', final: true, delivered: false },
  22: { description: 'Неверный номер / Wrong number', final: true, delivered: false },
  23: { description: 'Запрещено / Forbidden', final: true, delivered: false },
  24: { description: 'Недостаточно средств / Not enough money', final: true, delivered: false },
  25: { description: 'Недоступный номер / Unreachable number', final: true, delivered: false },
};

export function describeDeliveryStatus(status: number): StatusInfo {
  return (
    DELIVERY_STATUSES[status] ?? {
      description: `Неизвестный статус / Unknown status ${status}`,
      final: false,
      delivered: false,
    }
  );
}

type Json = Record<string, unknown>;

export class SmscClient {
  readonly #baseUrl: string;
  readonly #login: string;
  // A private field keeps the password out of console.log / JSON.stringify of the client.
  readonly #password: string;
  readonly #sender: string | undefined;
  readonly #timeoutMs: number;

  constructor(options: SmscClientOptions) {
    this.#baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.#login = options.login;
    this.#password = options.password;
    this.#sender = options.sender;
    this.#timeoutMs = options.timeoutMs ?? 10_000;
  }

  async send(message: SmscMessage): Promise<SmscSendResult> {
    const form = new URLSearchParams({
      login: this.#login,
      psw: this.#password,
      phones: message.phone,
      mes: message.text,
      charset: 'utf-8',
      fmt: '3',
      id: message.id,
      cost: '3',
    });
    if (this.#sender) form.set('sender', this.#sender);
    const json = await this.#request('send', `${this.#baseUrl}/sys/send.php`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form,
    });
    const parts = Number(json.cnt);
    if ((typeof json.id !== 'number' && typeof json.id !== 'string') || !Number.isInteger(parts)) {
      throw badResponse('send');
    }
    const result: SmscSendResult = { providerId: String(json.id), parts };
    const cost = optionalNumber(json.cost);
    const balance = optionalNumber(json.balance);
    if (cost !== undefined) result.cost = cost;
    if (balance !== undefined) result.balance = balance;
    return result;
  }

  async status(query: SmscStatusQuery): Promise<SmscDeliveryStatus> {
    const params = new URLSearchParams({
      login: this.#login,
      psw: this.#password,
      phone: query.phone,
      id: query.id,
      fmt: '3',
    });
    const json = await this.#request('status', `${this.#baseUrl}/sys/status.php?${params.toString()}`, {
      method: 'GET',
    });
    const status = optionalNumber(json.status);
    if (status === undefined) throw badResponse('status');
    const result: SmscDeliveryStatus = { status, ...describeDeliveryStatus(status) };
    const errorCode = optionalNumber(json.err);
    if (errorCode) result.errorCode = errorCode;
    return result;
  }

  /** One HTTP exchange; every failure leaves as an SmscError whose text holds no URL (it may carry psw). */
  async #request(operation: SmscOperation, url: string, init: RequestInit): Promise<Json> {
    let response: Response;
    let body: string;
    try {
      response = await fetch(url, { ...init, signal: AbortSignal.timeout(this.#timeoutMs) });
      body = await response.text();
    } catch (error) {
      throw transportError(operation, error, this.#timeoutMs);
    }
    const json = parseObject(body);
    const errorCode = json ? optionalNumber(json.error_code) : undefined;
    if (!response.ok) {
      const passing = response.status >= 500 || response.status === 408 || response.status === 429;
      if (!passing && errorCode !== undefined)
        throw smscError(operation, errorCode, providerText(json?.error));
      throw httpError(operation, response.status);
    }
    if (!json) throw badResponse(operation);
    if (errorCode !== undefined) throw smscError(operation, errorCode, providerText(json.error));
    return json;
  }
}

export function createSmscClient(options: SmscClientOptions): SmscClient {
  return new SmscClient(options);
}

function transportError(operation: SmscOperation, error: unknown, timeoutMs: number): SmscError {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return new SmscError(
      operation,
      'timeout',
      'transient',
      `SMSC не ответил за ${timeoutMs} мс / SMSC did not respond within ${timeoutMs} ms`,
    );
  }
  // Only the system error code (ECONNREFUSED…) is kept: undici messages are not ours to vouch for.
  const code = systemErrorCode(error);
  const suffix = code ? ` (${code})` : '';
  return new SmscError(operation, 'network', 'transient', `Нет связи с SMSC / Cannot reach SMSC${suffix}`);
}

function systemErrorCode(error: unknown): string | undefined {
  for (let current: unknown = error, depth = 0; current && depth < 4; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[A-Z][A-Z0-9_]+$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function badResponse(operation: SmscOperation): SmscError {
  return new SmscError(
    operation,
    'bad_response',
    'transient',
    'Непонятный ответ SMSC / Unparseable SMSC response',
  );
}

function parseObject(body: string): Json | undefined {
  try {
    const value: unknown = JSON.parse(body);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
  } catch {
    return undefined;
  }
}

// SMSC sends cost and balance as strings ("1.40").
function optionalNumber(value: unknown): number | undefined {
  if (typeof value !== 'number' && typeof value !== 'string') return undefined;
  if (typeof value === 'string' && value.trim() === '') return undefined;
  const number = Number(value);
  return Number.isFinite(number) ? number : undefined;
}

// ---- Segment counting, used to check SMS templates ----

export interface SmsSegments {
  encoding: 'gsm7' | 'ucs2';
  /** Septets for GSM-7 (extension characters such as € { } count 2), UTF-16 units for UCS-2. */
  length: number;
  segments: number;
}

const GSM7_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
const GSM7_EXTENSION = new Set('^{}\\[~]|€\f');

/** GSM-7: 160 per single SMS, 153 per part; UCS-2: 70 and 67. Characters are never split between parts. */
export function smsSegments(text: string): SmsSegments {
  const characters = [...text];
  const gsm7 = characters.every((c) => GSM7_BASIC.has(c) || GSM7_EXTENSION.has(c));
  const units = gsm7
    ? characters.map((c) => (GSM7_EXTENSION.has(c) ? 2 : 1))
    : characters.map((c) => c.length); // astral characters (emoji) take two UCS-2 units
  const [single, part] = gsm7 ? [160, 153] : [70, 67];
  const length = units.reduce((sum, unit) => sum + unit, 0);
  return { encoding: gsm7 ? 'gsm7' : 'ucs2', length, segments: countSegments(units, length, single, part) };
}

function countSegments(units: number[], length: number, single: number, part: number): number {
  if (length === 0) return 0;
  if (length <= single) return 1;
  let segments = 1;
  let used = 0;
  for (const unit of units) {
    if (used + unit > part) {
      segments++;
      used = 0;
    }
    used += unit;
  }
  return segments;
}

/** The provider's own error text, when it sent one as a string. */
const providerText = (value: unknown): string => (typeof value === 'string' ? value : '');
