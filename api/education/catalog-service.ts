import { randomUUID } from 'node:crypto';
import { CatalogElement, ProgrammeCycle, Provider } from '../../db/entities/index.ts';
import { loadElements, type CatalogElementRecord } from '../../db/queries/catalog-elements.ts';
import { containsPattern } from '../../db/sql.ts';
import { checkCatalogElement, type ElementToCreate } from '../../domain/catalog-element.ts';
import type { Actor, ServiceDeps } from '../http/context.ts';
import { decodeCursor, encodeCursor, keysetId } from '../http/cursor.ts';
import { ApiError, forbidden, invalidField, notFound, unauthorized } from '../http/errors.ts';
import type { Page } from './paging.ts';
import type { CatalogElementInput, CatalogQuery } from './catalog-views.ts';

/** Undated elements (ИОМ available any time) sort after dated ones. */
const SORT_KEY = `coalesce(e.starts_on, 'infinity'::date)`;

/** The rules the shape cannot say (domain/catalog-element.ts), all reported at once: 422 naming each field. */
export function checkElementInput(input: CatalogElementInput): ElementToCreate {
  const checked = checkCatalogElement(input);
  if (!checked.ok) {
    const fields = checked.problems;
    throw new ApiError(422, 'validation_failed', `${fields[0]!.field}: ${fields[0]!.message}`, { fields });
  }
  return checked.element;
}

/**
 * The WHERE conditions of a catalog listing; all filters combine with AND. Dates select what runs
 * in [from, to]: an ИОМ or event by its own days (no dates = available any time), a programme by
 * any of its dated cycles (a programme without cycles has nothing to take in any period).
 */
export function catalogConditions(f: CatalogQuery): { sql: string; params: unknown[] } {
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

/** The public catalog of ИОМ, events and ДПП ПК programmes, and what providers add to it. */
export function createCatalogService({ em, log }: ServiceDeps) {
  /** A provider key adds elements for its own provider; the operator names the provider. */
  async function providerForNewElement(actor: Actor | undefined, requested: string | undefined) {
    if (!actor) throw unauthorized();
    if (actor.kind === 'provider') {
      if (requested && requested !== actor.providerId)
        throw forbidden('a provider adds elements only for itself');
      return actor.providerId;
    }
    if (actor.kind !== 'operator') throw forbidden('a provider key or the operator token is required');
    if (!requested) throw invalidField('providerId', 'required when the operator adds an element');
    if (!(await em.findOne(Provider, requested))) {
      throw invalidField('providerId', 'no such provider', 'unknown_provider');
    }
    return requested;
  }

  return {
    async createElement(actor: Actor | undefined, input: CatalogElementInput): Promise<CatalogElementRecord> {
      const providerId = await providerForNewElement(actor, input.providerId);
      const { cycles, ...element } = checkElementInput(input);
      const id = randomUUID();
      await em.transactional(async (tx) => {
        tx.create(CatalogElement, { id, providerId, ...element, createdAt: new Date() });
        // No relation is declared between them, so the element is written first by hand.
        await tx.flush();
        for (const cycle of cycles) {
          tx.create(ProgrammeCycle, { id: randomUUID(), elementId: id, ...cycle, createdAt: new Date() });
        }
      });
      log.info({ elementId: id, providerId, type: element.type }, 'catalog element created');
      const [created] = await loadElements(em, [id]);
      return created!;
    },

    /** Anyone may read the catalog: filters combine; ordered by start date, undated last. */
    async list(query: CatalogQuery): Promise<Page<CatalogElementRecord>> {
      const afterId = keysetId(decodeCursor(query.cursor, 1));
      const where = catalogConditions(query);
      let keyset = '';
      const keysetParams: unknown[] = [];
      if (afterId) {
        const [after] = await em.execute<{ key: string }[]>(
          `select ${SORT_KEY}::text as key from catalog_elements e where e.id = ?`,
          [afterId],
        );
        if (!after)
          throw new ApiError(400, 'invalid_cursor', 'cursor is not one this API gave out', {
            field: 'cursor',
          });
        keyset = ` and (${SORT_KEY}, e.id) > (?::date, ?::uuid)`;
        keysetParams.push(after.key, afterId);
      }
      const rows = await em.execute<{ id: string }[]>(
        `select e.id from catalog_elements e where ${where.sql}${keyset}
         order by ${SORT_KEY}, e.id limit ?`,
        [...where.params, ...keysetParams, query.limit + 1],
      );
      const ids = rows.slice(0, query.limit).map((r) => r.id);
      const items = await loadElements(em, ids);
      return { items, nextCursor: rows.length > query.limit ? encodeCursor([ids.at(-1)!]) : null };
    },

    async get(elementId: string): Promise<CatalogElementRecord> {
      const [element] = await loadElements(em, [elementId]);
      if (!element) throw notFound('catalog element');
      return element;
    },
  };
}
