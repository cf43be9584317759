import type { EntityManager } from '@mikro-orm/postgresql';
import { ApiError } from '../http/errors.ts';

/**
 * A fixed-window counter in PostgreSQL, so every API instance shares it. One statement both
 * counts and reads, so parallel requests cannot slip past the limit.
 */
export async function hitRateLimit(
  em: EntityManager,
  bucket: string,
  limit: number,
  windowMs: number,
  message = 'Слишком много попыток. Повторите позже.',
): Promise<void> {
  const now = Date.now();
  const windowStart = new Date(now - (now % windowMs));
  const [row] = await em.execute<{ hits: number }[]>(
    `insert into rate_limit_hits (bucket, window_start, hits) values (?, ?, 1)
     on conflict (bucket, window_start) do update set hits = rate_limit_hits.hits + 1
     returning hits`,
    [bucket, windowStart],
  );
  if ((row?.hits ?? 0) > limit) {
    const retryAfter = Math.ceil((windowStart.getTime() + windowMs - now) / 1000);
    throw new ApiError(
      429,
      'too_many_requests',
      message,
      { retryAfterSeconds: retryAfter },
      {
        'Retry-After': String(retryAfter),
      },
    );
  }
}
