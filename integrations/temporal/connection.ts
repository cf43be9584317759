import type { Env } from '../../config/env.ts';

/** Connection settings shared by the worker (NativeConnection) and the API (Connection). */
export function temporalConnectionOptions(env: Env) {
  return {
    address: env.TEMPORAL_ADDRESS,
    tls: env.TEMPORAL_TLS || Boolean(env.TEMPORAL_API_KEY),
    ...(env.TEMPORAL_API_KEY ? { apiKey: env.TEMPORAL_API_KEY } : {}),
  };
}
