import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from './http/context.ts';
import { notFound } from './http/errors.ts';
import { requireSpecialist } from './http/middleware/auth.ts';

export const CycleIdParam = z.object({
  cycleId: z.uuid().openapi({ param: { name: 'cycleId', in: 'path' } }),
});

export interface OwnCycle {
  id: string;
  specialty: string;
  startsOn: string;
  endsOn: string;
}

/**
 * One of the logged-in specialist's own cycles. Someone else's cycle answers 404, the same as one
 * that does not exist, so cycle ids of other people cannot be probed.
 */
export async function requireOwnCycle(c: Context<AppEnv>, cycleId: string): Promise<OwnCycle> {
  const specialist = await requireSpecialist(c);
  const [cycle] = await c.var.em.execute<OwnCycle[]>(
    `select id, specialty, starts_on::text as "startsOn", ends_on::text as "endsOn"
     from cycles where id = ? and specialist_id = ?`,
    [cycleId, specialist.id],
  );
  if (!cycle) throw notFound('cycle');
  return cycle;
}
