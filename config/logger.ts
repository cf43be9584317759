import { pino, type Logger } from 'pino';

export type { Logger };

/** Paths that may carry secrets; pino replaces their values before anything is written. */
export const REDACTED_PATHS = [
  'password',
  'code',
  'token',
  'key',
  '*.password',
  '*.code',
  '*.token',
  '*.key',
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'headers.cookie',
];

export function createLogger(level: string = process.env.LOG_LEVEL ?? 'info', name = 'kabinet'): Logger {
  return pino({ name, level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } });
}
