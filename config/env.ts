import { z } from 'zod';
import { msToNumber } from '@temporalio/common';

/** A duration in Temporal's notation ("45 days", "24 hours", "90s", "500ms"), kept as milliseconds. */
const duration = z.string().transform((value, ctx) => {
  try {
    const ms = msToNumber(value as Parameters<typeof msToNumber>[0]);
    if (ms > 0) return ms;
  } catch {
    // fall through to the issue below
  }
  ctx.addIssue({ code: 'custom', message: `not a positive duration like "24 hours" or "90s": ${value}` });
  return z.NEVER;
});

/** Comma-separated durations ("1 hour, 6 hours, 1 day"), kept as milliseconds. */
const durationList = z
  .string()
  .transform((value) => value.split(','))
  .pipe(z.array(z.string().trim().pipe(duration)).min(1));

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === '' ? undefined : v));

/** A whole number from an environment variable; unset or empty means "use the default". */
const optionalInt = (min: number) =>
  z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(min).optional());

const isTimeZone = (name: string): boolean => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
};

const schema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }),

  TEMPORAL_ADDRESS: z.string().default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().default('default'),
  TEMPORAL_TASK_QUEUE: z.string().default('kabinet'),
  TEMPORAL_API_KEY: optionalText,
  TEMPORAL_TLS: z.stringbool().default(false),
  TEMPORAL_UI_URL: z.string().default('http://127.0.0.1:8233'),
  /**
   * Encrypts every Temporal payload (AES-256-GCM) when set: workflow inputs and results carry names,
   * phones and e-mails. A base64 32-byte key, or any long secret (then hashed). Unset = plain payloads.
   */
  PAYLOAD_ENCRYPTION_KEY: z
    .string()
    .min(16, 'at least 16 characters')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  PAYLOAD_ENCRYPTION_KEY_ID: z.string().min(1).default('k1'),
  /** Keys retired by a rotation, still needed to read old histories: "id:key,id:key". */
  PAYLOAD_ENCRYPTION_PREVIOUS_KEYS: optionalText,

  /** Check every JSON answer against its OpenAPI schema (tests and the fuzz run); a broken one becomes a 500. */
  API_VALIDATE_RESPONSES: z.stringbool().default(false),

  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  PUBLIC_URL: z.url().default('http://localhost:3000'),
  /** Where an organization's service lives; {slug} is replaced. */
  SERVICE_URL_TEMPLATE: z.string().includes('{slug}').default('http://localhost:3000/s/{slug}'),

  KABINET_OPERATOR_TOKEN: z.string().min(16, 'at least 16 characters'),
  /** Server-side key for hashing one-time codes (HMAC): without it a 6-digit hash is trivially reversible. */
  KABINET_SECRET: z.string().min(16, 'at least 16 characters'),

  SMSC_URL: z.url().default('https://smsc.ru'),
  SMSC_LOGIN: z.string().default('kabinet'),
  SMSC_PASSWORD: z.string().default('kabinet'),
  SMSC_SENDER: optionalText,

  /** Outgoing e-mail (nodemailer); `npm start` runs a local catcher (dev/smtp-server.ts) unless set. */
  SMTP_URL: z.url({ protocol: /^smtps?$/ }).default('smtp://127.0.0.1:2525'),
  MAIL_FROM: z.string().min(3).default('kabinet <no-reply@kabinet.local>'),

  /** The federal register of medical workers (ФРМР); `npm start` runs a local one (dev/register-server.ts). */
  REGISTER_URL: z.url().default('http://127.0.0.1:3026'),
  REGISTER_TOKEN: optionalText,
  /** Pauses between asks while a document is not in the register yet; after the last one it is not_found. */
  REGISTER_RETRY_DELAYS: durationList.default([1, 6, 24, 48, 72].map((hours) => hours * 3600_000)),
  /** First pause after the register fails to answer (doubles, up to 6 hours, for as long as it takes). */
  REGISTER_ERROR_RETRY_INTERVAL: duration.default(msToNumber('1 minute')),

  TRIAL_DURATION: duration.default(msToNumber('45 days')),
  /** How long before the trial ends the administrator is reminded by e-mail, once per item. */
  TRIAL_REMINDERS: durationList.default([7, 1].map((days) => days * 86_400_000)),
  INVITATION_CODE_TTL: duration.default(msToNumber('24 hours')),
  ACTIVATION_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
  SESSION_TTL: duration.default(msToNumber('30 days')),
  /** Activation attempts allowed per client IP per window, across all phones. */
  ACTIVATION_RATE_LIMIT: z.coerce.number().int().min(1).default(30),
  ACTIVATION_RATE_WINDOW: duration.default(msToNumber('10 minutes')),
  /** Cooldown between two codes for one invitation. */
  RESEND_COOLDOWN: duration.default(msToNumber('60 seconds')),
  /** Behind a reverse proxy: take the client IP from X-Forwarded-For. */
  TRUST_PROXY: z.stringbool().default(false),

  /** Accounts (issue 4): login lockout, session idle timeout, e-mail confirmation and recovery. */
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  LOGIN_FAILURE_WINDOW: duration.default(msToNumber('10 minutes')),
  LOGIN_LOCK_DURATION: duration.default(msToNumber('10 minutes')),
  /** Password hashes computed at once by one API process (low-priority threads; the rest wait); unset: cores − 1 (≥ 1). */
  LOGIN_CONCURRENT_HASHES: optionalInt(1),
  SESSION_IDLE_TIMEOUT: duration.default(msToNumber('2 hours')),
  EMAIL_CONFIRMATION_TTL: duration.default(msToNumber('24 hours')),
  RECOVERY_CODE_TTL: duration.default(msToNumber('1 hour')),
  RECOVERY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
  PASSWORD_CHANGE_ENDS_SESSIONS: z.stringbool().default(true),

  /** Tenant users (issue 4): lifetime of the code confirming a member's deletion. */
  DELETION_CODE_TTL: duration.default(msToNumber('10 minutes')),

  /** External login (OIDC, authorization code + PKCE); unset OIDC_ISSUER turns the feature off. */
  OIDC_ISSUER: optionalText.pipe(z.url().optional()),
  OIDC_CLIENT_ID: optionalText,
  OIDC_CLIENT_SECRET: optionalText,
  /** The short key identities of this provider are stored under (GET/DELETE /v1/me/identities/{provider}). */
  OIDC_PROVIDER_ID: z
    .string()
    .regex(/^[a-z0-9-]{1,32}$/, 'a short key like esia')
    .default('esia'),
  OIDC_PROVIDER_NAME: z.string().min(1).default('Госуслуги'),
  OIDC_SCOPES: z.string().min(1).default('openid email'),
  /** Where the provider sends the browser back; default PUBLIC_URL + /auth/oidc/callback. */
  OIDC_REDIRECT_URI: optionalText.pipe(z.url().optional()),

  /** Worker tuning (README, Performance); unset means the Temporal SDK's default. */
  WORKER_MAX_CACHED_WORKFLOWS: optionalInt(0),
  WORKER_MAX_CONCURRENT_ACTIVITIES: optionalInt(1),
  WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: optionalInt(2),
  /** A workflow bundle built ahead (bundleWorkflowCode): the worker starts faster and ~120 MiB smaller. */
  WORKER_WORKFLOW_BUNDLE: optionalText,

  /** The daily event-code verification (a Temporal Schedule the worker keeps up to date). */
  VERIFICATION_TIME: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time like 03:00')
    .default('03:00'),
  VERIFICATION_TIMEZONE: z
    .string()
    .refine(isTimeZone, 'an IANA time zone like Europe/Moscow')
    .default('Europe/Moscow'),
  VERIFICATION_SCHEDULE_ID: z.string().min(1).default('event-code-verification-daily'),

  /** A training application still without credits this long after its programme cycle ends is flagged. */
  APPLICATION_CREDIT_GRACE: duration.default(msToNumber('30 days')),
  /** The length of one "day" of payslip reminder delays (shortened in tests and demos). */
  PAYSLIP_REMINDER_DAY: duration.default(msToNumber('1 day')),
  /** Chromium that prints application documents to PDF (the worker only). */
  CHROMIUM_PATH: z.string().min(1).default('/usr/bin/chromium'),
});

export type Env = Readonly<z.infer<typeof schema>>;

export class ConfigError extends Error {}

/** Parses the environment once; every bad variable is named in one message. */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  if (parsed.data.OIDC_ISSUER && !parsed.data.OIDC_CLIENT_ID) {
    throw new ConfigError('Invalid configuration:\n  OIDC_CLIENT_ID: required when OIDC_ISSUER is set');
  }
  return Object.freeze(parsed.data);
}

/**
 * Every default of the schema, then the given values: tests and benches build their configuration
 * so, leaving out what they do not change (an undefined value keeps the default).
 */
export function envWith(
  values: Partial<Env> & Pick<Env, 'DATABASE_URL' | 'KABINET_OPERATOR_TOKEN' | 'KABINET_SECRET'>,
): Env {
  const defaults = loadEnv({
    DATABASE_URL: values.DATABASE_URL,
    KABINET_OPERATOR_TOKEN: values.KABINET_OPERATOR_TOKEN,
    KABINET_SECRET: values.KABINET_SECRET,
  });
  const given = Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined));
  return Object.freeze({ ...defaults, ...given });
}
