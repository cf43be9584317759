import { z } from '@hono/zod-openapi';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ELEMENT_TYPES, type ElementType } from '../db/entities/catalog-element.ts';

export const ProgrammeCycleSchema = z
  .object({ id: z.uuid(), startsOn: z.string(), endsOn: z.string() })
  .openapi('ProgrammeCycle');

export const CatalogElementSchema = z
  .object({
    id: z.uuid(),
    type: z.enum(ELEMENT_TYPES),
    title: z.string(),
    description: z.string().nullable(),
    provider: z.object({ id: z.uuid(), name: z.string() }),
    credits: z.number().int().openapi({ description: 'ЗЕТ; 1 ЗЕТ = 1 academic hour' }),
    specialties: z.array(z.string()),
    startsOn: z.string().nullable().openapi({ description: 'null: available any time (ИОМ)' }),
    endsOn: z.string().nullable(),
    minAttendanceMinutes: z
      .number()
      .int()
      .nullable()
      .openapi({ description: 'events: attendance a code needs' }),
    cycles: z
      .array(ProgrammeCycleSchema)
      .openapi({ description: 'programmes: their dated cycles; [] otherwise' }),
  })
  .openapi('CatalogElement');
export type CatalogElementView = z.infer<typeof CatalogElementSchema>;

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
export async function loadElements(em: EntityManager, ids: readonly string[]): Promise<CatalogElementView[]> {
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
  const byId = new Map(rows.map((row) => [row.id, toView(row)]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

const toView = (row: ElementRow): CatalogElementView => ({
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
