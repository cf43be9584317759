import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Client } from '@temporalio/client';
import type { Env } from '../config/env.ts';
import type { Logger } from '../config/logger.ts';

export type Actor =
  | { kind: 'operator' }
  | { kind: 'organization'; organizationId: string; apiKeyId: string }
  | { kind: 'user'; userId: string; sessionId: string }
  | { kind: 'provider'; providerId: string };

export interface ApiDeps {
  orm: MikroORM;
  temporal: Client;
  logger: Logger;
  env: Pick<
    Env,
    | 'KABINET_OPERATOR_TOKEN'
    | 'KABINET_SECRET'
    | 'TEMPORAL_TASK_QUEUE'
    | 'TEMPORAL_UI_URL'
    | 'TEMPORAL_NAMESPACE'
    | 'SERVICE_URL_TEMPLATE'
    | 'TRIAL_DURATION'
    | 'INVITATION_CODE_TTL'
    | 'ACTIVATION_MAX_ATTEMPTS'
    | 'SESSION_TTL'
    | 'PUBLIC_URL'
    | 'ACTIVATION_RATE_LIMIT'
    | 'ACTIVATION_RATE_WINDOW'
    | 'RESEND_COOLDOWN'
    | 'TRUST_PROXY'
    | 'SMTP_URL'
    | 'MAIL_FROM'
  > &
    // Optional: without them a register check uses the workflow's production pauses.
    Partial<Pick<Env, 'REGISTER_RETRY_DELAYS' | 'REGISTER_ERROR_RETRY_INTERVAL'>> &
    // Optional: without it the trial reminders of config/env.ts apply (7 days and 1 day ahead).
    Partial<Pick<Env, 'TRIAL_REMINDERS'>> &
    // Optional: without it a training application gets the default grace (30 days).
    Partial<Pick<Env, 'APPLICATION_CREDIT_GRACE'>> &
    // Optional: without a key payloads are not encrypted and the codec endpoint answers 404.
    Partial<
      Pick<Env, 'PAYLOAD_ENCRYPTION_KEY' | 'PAYLOAD_ENCRYPTION_KEY_ID' | 'PAYLOAD_ENCRYPTION_PREVIOUS_KEYS'>
    > &
    // Optional: without them payslip reminders count real days, and a payslip's PDF is printed by /usr/bin/chromium.
    Partial<Pick<Env, 'PAYSLIP_REMINDER_DAY' | 'CHROMIUM_PATH'>> &
    // Optional (accounts): without them the defaults of config/env.ts apply (api/account-settings.ts).
    Partial<
      Pick<
        Env,
        | 'LOGIN_MAX_FAILURES'
        | 'LOGIN_FAILURE_WINDOW'
        | 'LOGIN_LOCK_DURATION'
        | 'LOGIN_CONCURRENT_HASHES'
        | 'SESSION_IDLE_TIMEOUT'
        | 'EMAIL_CONFIRMATION_TTL'
        | 'RECOVERY_CODE_TTL'
        | 'RECOVERY_MAX_ATTEMPTS'
        | 'PASSWORD_CHANGE_ENDS_SESSIONS'
      >
    > &
    // Optional (tenant users): without it a deletion code lives 10 minutes.
    Partial<Pick<Env, 'DELETION_CODE_TTL'>> &
    // Optional (external login): without OIDC_ISSUER the feature is off.
    Partial<
      Pick<
        Env,
        | 'OIDC_ISSUER'
        | 'OIDC_CLIENT_ID'
        | 'OIDC_CLIENT_SECRET'
        | 'OIDC_PROVIDER_ID'
        | 'OIDC_PROVIDER_NAME'
        | 'OIDC_SCOPES'
        | 'OIDC_REDIRECT_URI'
      >
    >;
}

/** Typed per-request variables: every handler sees the same names. */
export interface AppEnv {
  Variables: {
    requestId: string;
    log: Logger;
    em: EntityManager;
    /** Undefined for anonymous requests (health, activation, login). */
    actor?: Actor;
    deps: ApiDeps;
  };
}
