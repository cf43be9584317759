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
  > &
    // Optional: without them a register check uses the workflow's production pauses.
    Partial<Pick<Env, 'REGISTER_RETRY_DELAYS' | 'REGISTER_ERROR_RETRY_INTERVAL'>> &
    // Optional: without it a training application gets the default grace (30 days).
    Partial<Pick<Env, 'APPLICATION_CREDIT_GRACE'>>;
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
