// Catalog elements with their provider and programme cycles: read by the catalog, the plan and the seed's check.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ElementType } from '../entities/catalog-element.ts';

export interface CatalogElementRecord {
  id: string;
  type: ElementType;
  title: string;
  description: string | null;
  provider: { id: string; name: string };
  credits: number;
  specialties: string[];
  /** YYYY-MM-DD; null: available any time (ИОМ). */
  startsOn: string | null;
  endsOn: string | null;
  minAttendanceMinutes: number | null;
  /** Programmes: their dated cycles, earliest first; [] otherwise. */
  cycles: { id: string; startsOn: string; endsOn: string }[];
}

interface ElementRow {
  id: string;
  type: ElementType;
  title: string;
  description: string | null;
  provider_id: string;
  provider_name: string;
  credits: number;
  specialties: string[];
  starts_on: string | null;
  ends_on: string | null;
  min_attendance_minutes: number | null;
  cycles: { id: string; startsOn: string; endsOn: string }[];
}

/** The elements with these ids, with provider and programme cycles, in the order of `ids`. */
export async function loadElements(
  em: EntityManager,
  ids: readonly string[],
): Promise<CatalogElementRecord[]> {
  if (ids.length === 0) return [];
  const rows = await em.execute<ElementRow[]>(
    `select e.id, e.type, e.title, e.description, e.provider_id, p.name as provider_name, e.credits,
            e.specialties, e.starts_on::text as starts_on, e.ends_on::text as ends_on, e.min_attendance_minutes,
            coalesce((select json_agg(json_build_object('id', pc.id, 'startsOn', pc.starts_on, 'endsOn', pc.ends_on)
                                      order by pc.starts_on, pc.id)
                      from programme_cycles pc where pc.element_id = e.id), '[]'::json) as cycles
     from catalog_elements e join providers p on p.id = e.provider_id
     where e.id = any(?::uuid[])`,
    [`{${ids.join(',')}}`],
  );
  const byId = new Map(rows.map((row) => [row.id, toRecord(row)]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

const toRecord = (row: ElementRow): CatalogElementRecord => ({
  id: row.id,
  type: row.type,
  title: row.title,
  description: row.description,
  provider: { id: row.provider_id, name: row.provider_name },
  credits: row.credits,
  specialties: row.specialties,
  startsOn: row.starts_on,
  endsOn: row.ends_on,
  minAttendanceMinutes: row.min_attendance_minutes,
  cycles: row.cycles,
});
