import type { ApiDeps } from './context.ts';

/** The account settings of ApiDeps with config/env.ts's defaults filled in (tests may leave them out). */
export interface AccountSettings {
  loginMaxFailures: number;
  loginFailureWindowMs: number;
  loginLockDurationMs: number;
  /** Unset: api/passwords.ts's default (the cores less one, at least one). */
  loginConcurrentHashes: number | undefined;
  sessionIdleTimeoutMs: number;
  emailConfirmationTtlMs: number;
  recoveryCodeTtlMs: number;
  recoveryMaxAttempts: number;
  passwordChangeEndsSessions: boolean;
}

const MINUTE = 60_000;

export function accountSettings(env: ApiDeps['env']): AccountSettings {
  return {
    loginMaxFailures: env.LOGIN_MAX_FAILURES ?? 5,
    loginFailureWindowMs: env.LOGIN_FAILURE_WINDOW ?? 10 * MINUTE,
    loginLockDurationMs: env.LOGIN_LOCK_DURATION ?? 10 * MINUTE,
    loginConcurrentHashes: env.LOGIN_CONCURRENT_HASHES,
    sessionIdleTimeoutMs: env.SESSION_IDLE_TIMEOUT ?? 120 * MINUTE,
    emailConfirmationTtlMs: env.EMAIL_CONFIRMATION_TTL ?? 24 * 60 * MINUTE,
    recoveryCodeTtlMs: env.RECOVERY_CODE_TTL ?? 60 * MINUTE,
    recoveryMaxAttempts: env.RECOVERY_MAX_ATTEMPTS ?? 5,
    passwordChangeEndsSessions: env.PASSWORD_CHANGE_ENDS_SESSIONS ?? true,
  };
}
