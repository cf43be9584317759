import { createMiddleware } from 'hono/factory';
import type { Actor, AppEnv } from '../context.ts';
import { ApiError } from '../errors.ts';
import { sha256 } from '../../../integrations/crypto/tokens.ts';

function actorScope(actor: Actor | undefined): string {
  switch (actor?.kind) {
    case undefined:
      return 'anonymous';
    case 'operator':
      return 'operator';
    case 'organization':
      return `key:${actor.apiKeyId}`;
    case 'user':
      return `user:${actor.userId}`;
    case 'provider':
      return `provider:${actor.providerId}`;
  }
}

/**
 * `Idempotency-Key` on POSTs that start processes: the first request's answer is stored and a retry
 * with the same key gets it again. The same key with a different request is refused (422); a retry
 * while the first is still running gets 409 with Retry-After. Failures (5xx) are not remembered.
 */
export const idempotent = createMiddleware<AppEnv>(async (c, next) => {
  const key = c.req.header('idempotency-key');
  if (c.req.method !== 'POST' || key === undefined) return next();
  if (!/^[\x21-\x7e]{1,255}$/.test(key)) {
    throw new ApiError(
      400,
      'invalid_idempotency_key',
      'Idempotency-Key must be 1–255 visible ASCII characters',
      {
        field: 'Idempotency-Key',
      },
    );
  }
  const scope = `${actorScope(c.var.actor)} ${c.req.path}`;
  const fingerprint = sha256(`${c.req.method} ${c.req.path}\n${await c.req.text()}`);
  const em = c.var.em.fork();
  const claimed = await em.execute<{ key: string }[]>(
    `insert into idempotent_requests (scope, key, fingerprint) values (?, ?, ?)
     on conflict do nothing returning key`,
    [scope, key, fingerprint],
  );
  if (claimed.length === 0) {
    const [previous] = await em.execute<{ fingerprint: string; status: number | null; response: unknown }[]>(
      'select fingerprint, status, response from idempotent_requests where scope = ? and key = ?',
      [scope, key],
    );
    if (previous && previous.fingerprint !== fingerprint) {
      throw new ApiError(
        422,
        'idempotency_key_reused',
        'this Idempotency-Key was used for a different request',
      );
    }
    if (!previous || previous.status === null) {
      throw new ApiError(
        409,
        'request_in_progress',
        'a request with this Idempotency-Key is still running',
        undefined,
        {
          'Retry-After': '1',
        },
      );
    }
    c.header('Idempotent-Replayed', 'true');
    return c.json(previous.response as object, previous.status as 200);
  }

  await next();
  if (c.res.status >= 500) {
    await em.execute('delete from idempotent_requests where scope = ? and key = ?', [scope, key]);
    return;
  }
  const response: unknown = await c.res
    .clone()
    .json()
    .catch(() => null);
  await em.execute('update idempotent_requests set status = ?, response = ? where scope = ? and key = ?', [
    c.res.status,
    JSON.stringify(response),
    scope,
    key,
  ]);
});
