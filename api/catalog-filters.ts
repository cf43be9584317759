import { z } from '@hono/zod-openapi';
import { ELEMENT_TYPES } from '../db/entities/catalog-element.ts';
import { containsPattern } from '../db/sql.ts';
import { PageQuery } from './http/schemas.ts';

const credits = z.coerce.number().int().min(0).max(100_000).optional();

export const CatalogQuery = PageQuery.extend({
  type: z.enum(ELEMENT_TYPES).optional(),
  specialty: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .openapi({ description: 'exact name, e.g. Кардиология', example: 'Кардиология' }),
  provider: z.uuid().optional().openapi({ description: 'provider id' }),
  from: z.iso.date().optional().openapi({ description: 'elements running on or after this day' }),
  to: z.iso.date().optional().openapi({ description: 'elements running on or before this day' }),
  minCredits: credits,
  maxCredits: credits,
  q: z
    .string()
    .trim()
    .max(200)
    .optional()
    .openapi({ description: 'words in the title or description, any case; empty means no filter' }),
})
  .refine((f) => !f.from || !f.to || f.to >= f.from, { path: ['to'], message: 'must not be before from' })
  .refine((f) => f.minCredits === undefined || f.maxCredits === undefined || f.maxCredits >= f.minCredits, {
    path: ['maxCredits'],
    message: 'must not be below minCredits',
  });
export type CatalogFilters = z.infer<typeof CatalogQuery>;

/**
 * The WHERE conditions of a catalog listing; all filters combine with AND. Dates select what runs
 * in [from, to]: an ИОМ or event by its own days (no dates = available any time), a programme by
 * any of its dated cycles (a programme without cycles has nothing to take in any period).
 */
export function catalogConditions(f: CatalogFilters): { sql: string; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, ...values: unknown[]) => {
    where.push(sql);
    params.push(...values);
  };
  if (f.type) add('e.type = ?', f.type);
  if (f.specialty) add('e.specialties @> array[?::text]', f.specialty);
  if (f.provider) add('e.provider_id = ?', f.provider);
  if (f.minCredits !== undefined) add('e.credits >= ?', f.minCredits);
  if (f.maxCredits !== undefined) add('e.credits <= ?', f.maxCredits);
  if (f.q) {
    const pattern = containsPattern(f.q);
    add('(e.title ilike ? or e.description ilike ?)', pattern, pattern);
  }
  if (f.from || f.to) {
    const from = f.from ?? '-infinity';
    const to = f.to ?? 'infinity';
    add(
      `(case when e.type = 'programme'
          then exists (select 1 from programme_cycles pc
                       where pc.element_id = e.id and pc.starts_on <= ?::date and pc.ends_on >= ?::date)
          else coalesce(e.starts_on, '-infinity'::date) <= ?::date and coalesce(e.ends_on, 'infinity'::date) >= ?::date
        end)`,
      to,
      from,
      to,
      from,
    );
  }
  return { sql: where.length ? where.join(' and ') : 'true', params };
}
