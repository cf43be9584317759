import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Client } from '@temporalio/client';
import type { Context } from 'hono';
import type { Env } from '../../config/env.ts';
import type { Logger } from '../../config/logger.ts';
import type { QueueDeps } from '../../processes/outbox/queue.ts';
import type { ProcessClient } from '../../processes/process-client.ts';
import { clientIp } from './client-ip.ts';

/** Who is calling: the platform operator, an organization's HR system, a person, or a provider. */
export type Actor =
  | { kind: 'operator' }
  | { kind: 'organization'; organizationId: string; apiKeyId: string }
  | { kind: 'user'; userId: string; sessionId: string }
  | { kind: 'provider'; providerId: string };

/** What the API process is built from; tests and benches build their own. */
export interface ApiDeps {
  orm: MikroORM;
  temporal: Client;
  logger: Logger;
  env: Env;
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

export type AppContext = Context<AppEnv>;

/**
 * What a service works with: the request's EntityManager, the Temporal client, the configuration and
 * a logger. A script or a test builds one without HTTP (`{ em: orm.em.fork(), temporal, env, log }`).
 */
export interface ServiceDeps {
  em: EntityManager;
  temporal: Client;
  env: Env;
  log: Logger;
}

export const serviceDeps = (c: AppContext): ServiceDeps => ({
  em: c.var.em,
  temporal: c.var.deps.temporal,
  env: c.var.deps.env,
  log: c.var.log,
});

/** Starting processes: the Temporal client and this deployment's task queue. */
export const processClient = (deps: Pick<ServiceDeps, 'temporal' | 'env'>): ProcessClient => ({
  temporal: deps.temporal,
  taskQueue: deps.env.TEMPORAL_TASK_QUEUE,
});

/** Where a request came from, for the connection history, audit rows and per-IP limits. */
export interface RequestOrigin {
  ip: string;
  userAgent: string | null;
  requestId: string;
}

export const requestOrigin = (c: AppContext): RequestOrigin => ({
  ip: clientIp(c),
  userAgent: c.req.header('user-agent')?.slice(0, 500) ?? null,
  requestId: c.var.requestId,
});

/** Queuing SMS and e-mail through the one outbox (processes/outbox/queue.ts) from a service. */
export const outboxDeps = (deps: ServiceDeps): QueueDeps => ({
  em: deps.em,
  ...processClient(deps),
  secret: deps.env.KABINET_SECRET,
});
