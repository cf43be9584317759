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

  /** The federal register of medical workers (ФРМР); `npm start` runs a local one (dev/register-server.ts). */
  REGISTER_URL: z.url().default('http://127.0.0.1:3026'),
  REGISTER_TOKEN: optionalText,
  /** Pauses between asks while a document is not in the register yet; after the last one it is not_found. */
  REGISTER_RETRY_DELAYS: durationList.default([1, 6, 24, 48, 72].map((hours) => hours * 3600_000)),
  /** First pause after the register fails to answer (doubles, up to 6 hours, for as long as it takes). */
  REGISTER_ERROR_RETRY_INTERVAL: duration.default(msToNumber('1 minute')),

  TRIAL_DURATION: duration.default(msToNumber('45 days')),
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
  return Object.freeze(parsed.data);
}
