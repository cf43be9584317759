import type { EntityManager } from '@mikro-orm/postgresql';
import { minutesForCredits } from '../../domain/credits.ts';
import { openOrm } from '../orm.ts';
import { SEED_PROVIDERS, seedElements } from './catalog-data.ts';

export interface SeedCounts {
  providers: number;
  elements: number;
  cycles: number;
}

/**
 * Writes the local catalog; idempotent: fixed ids and ON CONFLICT DO NOTHING, so a second run adds
 * nothing and changes nothing (an element edited by hand stays as it is). Seeded providers have no
 * key: the operator issues one with POST /v1/providers/{id}/key.
 */
export async function seedCatalog(
  em: EntityManager,
  year = new Date().getUTCFullYear(),
): Promise<SeedCounts> {
  const counts: SeedCounts = { providers: 0, elements: 0, cycles: 0 };
  await em.transactional(async (tx) => {
    for (const provider of SEED_PROVIDERS) {
      const rows = await tx.execute(
        'insert into providers (id, name) values (?, ?) on conflict (id) do nothing returning id',
        [provider.id, provider.name],
      );
      counts.providers += rows.length;
    }
    for (const element of seedElements(year)) {
      const rows = await tx.execute(
        `insert into catalog_elements
           (id, type, title, description, provider_id, credits, specialties, starts_on, ends_on, min_attendance_minutes)
         values (?, ?, ?, ?, ?, ?, array(select json_array_elements_text(?::json)), ?::date, ?::date, ?)
         on conflict (id) do nothing returning id`,
        [
          element.id,
          element.type,
          element.title,
          element.description,
          element.providerId,
          element.credits,
          JSON.stringify(element.specialties),
          element.startsOn,
          element.endsOn,
          element.type === 'event' ? minutesForCredits(element.credits) : null,
        ],
      );
      counts.elements += rows.length;
      for (const cycle of element.cycles) {
        const cycleRows = await tx.execute(
          `insert into programme_cycles (id, element_id, starts_on, ends_on) values (?, ?, ?::date, ?::date)
           on conflict (id) do nothing returning id`,
          [cycle.id, element.id, cycle.startsOn, cycle.endsOn],
        );
        counts.cycles += cycleRows.length;
      }
    }
  });
  return counts;
}

/** Seeds the database at `databaseUrl` (migrated already); for `npm run seed` and the local stack. */
export async function seedCatalogAt(databaseUrl: string): Promise<SeedCounts> {
  const orm = await openOrm(databaseUrl);
  try {
    return await seedCatalog(orm.em.fork());
  } finally {
    await orm.close();
  }
}

export const describeSeed = (counts: SeedCounts): string =>
  counts.providers + counts.elements + counts.cycles === 0
    ? 'catalog seed: already there'
    : `catalog seed: added ${counts.providers} providers, ${counts.elements} elements, ${counts.cycles} programme cycles`;
