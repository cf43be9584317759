// Outgoing e-mail over SMTP (nodemailer). Development and tests talk to dev/smtp-server.ts; production
// to whatever SMTP_URL names. One pooled transport per process: bulk senders share its connections.
import nodemailer from 'nodemailer';

export interface MailerOptions {
  /** smtp://user:pass@host:port (or smtps://…); `?pool=false` etc. in the query are honoured by nodemailer. */
  url: string;
  /** The From header, e.g. `kabinet <no-reply@kabinet.local>`. */
  from: string;
  /** Simultaneous SMTP connections of the pool (default 5). */
  maxConnections?: number;
  /** Connection, greeting and socket timeout (default 15 s). */
  timeoutMs?: number;
}

export interface MailMessage {
  /** The outbox id: becomes the Message-ID `<id@kabinet>`, the same on every retry of the send. */
  messageId: string;
  to: string;
  subject: string;
  text: string;
  html?: string | null;
}

export interface Mailer {
  send(message: MailMessage): Promise<{ response: string }>;
  close(): void;
}

export type MailErrorKind = 'permanent' | 'transient';

/** Every failure of a send. `reason` is safe to show to an operator: no password, no message content. */
export class MailError extends Error {
  override name = 'MailError';
  readonly kind: MailErrorKind;
  /** The SMTP reply code (550, 451…) when the server gave one. */
  readonly responseCode: number | undefined;
  readonly reason: string;

  constructor(kind: MailErrorKind, reason: string, responseCode?: number) {
    super(`SMTP: ${reason}`);
    this.kind = kind;
    this.reason = reason;
    this.responseCode = responseCode;
  }
}

/** `<id@kabinet>`: stable per outbox row, so a message sent twice is recognisable as one. */
export const mailMessageId = (outboxId: string): string =>
  outboxId.startsWith('<') ? outboxId : `<${outboxId}@kabinet>`;

// Failures of nodemailer itself (bad configuration, bad input) rather than of the network or server.
const PERMANENT_CODES = new Set(['EENVELOPE', 'ECONFIG', 'EMAXRECIPIENTS', 'EREQUIRETLS']);

/**
 * SMTP 5xx → permanent (the server refused this message for good); 4xx, connection and timeout
 * errors → transient (try again later). Authentication failures (535) are 5xx: permanent until an
 * operator fixes the credentials.
 */
export function classifyMailError(error: unknown): MailError {
  if (error instanceof MailError) return error;
  const e = (error ?? {}) as { responseCode?: unknown; code?: unknown; response?: unknown };
  const responseCode = typeof e.responseCode === 'number' ? e.responseCode : undefined;
  const code = typeof e.code === 'string' ? e.code : undefined;
  // The server's reply line ("550 5.1.1 mailbox unavailable"): its words, not our data.
  const reply = typeof e.response === 'string' ? e.response.slice(0, 200) : undefined;
  if (responseCode !== undefined && responseCode >= 500) {
    return new MailError(
      'permanent',
      `Сервер SMTP отказал / SMTP server refused: ${reply ?? responseCode}`,
      responseCode,
    );
  }
  if (responseCode !== undefined && responseCode >= 400) {
    return new MailError(
      'transient',
      `Сервер SMTP временно отказал / SMTP server deferred: ${reply ?? responseCode}`,
      responseCode,
    );
  }
  if (code && PERMANENT_CODES.has(code)) {
    return new MailError('permanent', `Письмо не может быть отправлено / Message cannot be sent (${code})`);
  }
  return new MailError(
    'transient',
    `Нет связи с сервером SMTP / Cannot reach the SMTP server${code ? ` (${code})` : ''}`,
  );
}

export function createMailer(options: MailerOptions): Mailer {
  const timeout = options.timeoutMs ?? 15_000;
  const transport = nodemailer.createTransport({
    url: options.url,
    pool: true,
    maxConnections: options.maxConnections ?? 5,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
  });
  return {
    async send(message) {
      try {
        const info = await transport.sendMail({
          from: options.from,
          to: message.to,
          subject: message.subject,
          text: message.text,
          ...(message.html ? { html: message.html } : {}),
          messageId: mailMessageId(message.messageId),
        });
        return { response: String(info.response ?? '') };
      } catch (error) {
        throw classifyMailError(error);
      }
    },
    close() {
      transport.close();
    },
  };
}
