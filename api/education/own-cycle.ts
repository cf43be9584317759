import type { EntityManager } from '@mikro-orm/postgresql';
import type { Specialist } from '../../db/entities/index.ts';
import { requireSpecialist } from '../http/access.ts';
import type { Actor } from '../http/context.ts';
import { notFound } from '../http/errors.ts';

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
export async function requireOwnCycle(
  em: EntityManager,
  actor: Actor | undefined,
  cycleId: string,
): Promise<{ specialist: Specialist; cycle: OwnCycle }> {
  const specialist = await requireSpecialist(em, actor);
  const [cycle] = await em.execute<OwnCycle[]>(
    `select id, specialty, starts_on::text as "startsOn", ends_on::text as "endsOn"
     from cycles where id = ? and specialist_id = ?`,
    [cycleId, specialist.id],
  );
  if (!cycle) throw notFound('cycle');
  return { specialist, cycle };
}
