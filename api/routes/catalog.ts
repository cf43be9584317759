import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { randomUUID } from 'node:crypto';
import { CatalogElement, ProgrammeCycle, Provider } from '../../db/entities/index.ts';
import { CatalogElementInput, checkElementInput } from '../catalog-element-input.ts';
import { CatalogElementSchema, loadElements } from '../catalog-element-view.ts';
import { catalogConditions, CatalogQuery } from '../catalog-filters.ts';
import type { AppEnv } from '../http/context.ts';
import { decodeCursor, encodeCursor } from '../http/cursor.ts';
import { ApiError, forbidden, invalidField, notFound, unauthorized } from '../http/errors.ts';
import { keysetId } from '../http/cursor.ts';
import { requireActor } from '../http/middleware/auth.ts';
import { resourceApp } from '../http/resource-app.ts';
import { bearerSecurity, errorResponses, jsonBody, jsonResponse, pageOf } from '../http/schemas.ts';

const ElementParam = z.object({
  elementId: z.uuid().openapi({ param: { name: 'elementId', in: 'path' } }),
});

/** Undated elements (ИОМ available any time) sort after dated ones. */
const SORT_KEY = `coalesce(e.starts_on, 'infinity'::date)`;

const createElement = createRoute({
  method: 'post',
  path: '/v1/catalog/elements',
  summary:
    'Add an ИОМ, event or ДПП ПК programme (with its cycles) to the catalog (provider key or operator)',
  security: bearerSecurity,
  request: jsonBody(CatalogElementInput),
  responses: { 201: jsonResponse('Created', CatalogElementSchema), ...errorResponses(400, 401, 403, 422) },
});

const listCatalog = createRoute({
  method: 'get',
  path: '/v1/catalog',
  summary: 'The catalog (public): filters combine; ordered by start date, undated last',
  request: { query: CatalogQuery },
  responses: {
    200: jsonResponse('A page of elements', pageOf(CatalogElementSchema)),
    ...errorResponses(400, 422),
  },
});

const getElement = createRoute({
  method: 'get',
  path: '/v1/catalog/{elementId}',
  summary: 'One catalog element (public); programmes with their dated cycles',
  request: { params: ElementParam },
  responses: { 200: jsonResponse('The element', CatalogElementSchema), ...errorResponses(404, 422) },
});

/** A provider key adds elements for its own provider; the operator names the provider. */
async function providerForNewElement(c: Context<AppEnv>, requested: string | undefined): Promise<string> {
  const actor = c.var.actor;
  if (!actor) throw unauthorized();
  if (actor.kind === 'provider') {
    if (requested && requested !== actor.providerId)
      throw forbidden('a provider adds elements only for itself');
    return actor.providerId;
  }
  if (actor.kind !== 'operator') throw forbidden('a provider key or the operator token is required');
  if (!requested) throw invalidField('providerId', 'required when the operator adds an element');
  if (!(await c.var.em.findOne(Provider, requested))) {
    throw invalidField('providerId', 'no such provider', 'unknown_provider');
  }
  return requested;
}

const app = resourceApp();
// The catalog is read by anyone; adding to it needs a caller, checked before the body is.
app.post('/v1/catalog/elements', requireActor);

export const catalogRoutes = app
  .openapi(createElement, async (c) => {
    const input = c.req.valid('json');
    const providerId = await providerForNewElement(c, input.providerId);
    const { cycles, ...element } = checkElementInput(input);
    const id = randomUUID();
    await c.var.em.transactional(async (tx) => {
      tx.create(CatalogElement, { id, providerId, ...element, createdAt: new Date() });
      // No relation is declared between them, so the element is written first by hand.
      await tx.flush();
      for (const cycle of cycles) {
        tx.create(ProgrammeCycle, { id: randomUUID(), elementId: id, ...cycle, createdAt: new Date() });
      }
    });
    c.var.log.info({ elementId: id, providerId, type: element.type }, 'catalog element created');
    const [view] = await loadElements(c.var.em, [id]);
    return c.json(view!, 201);
  })
  .openapi(listCatalog, async (c) => {
    const query = c.req.valid('query');
    const afterId = keysetId(decodeCursor(query.cursor, 1));
    const where = catalogConditions(query);
    let keyset = '';
    const keysetParams: unknown[] = [];
    if (afterId) {
      const [after] = await c.var.em.execute<{ key: string }[]>(
        `select ${SORT_KEY}::text as key from catalog_elements e where e.id = ?`,
        [afterId],
      );
      if (!after)
        throw new ApiError(400, 'invalid_cursor', 'cursor is not one this API gave out', { field: 'cursor' });
      keyset = ` and (${SORT_KEY}, e.id) > (?::date, ?::uuid)`;
      keysetParams.push(after.key, afterId);
    }
    const rows = await c.var.em.execute<{ id: string }[]>(
      `select e.id from catalog_elements e where ${where.sql}${keyset}
       order by ${SORT_KEY}, e.id limit ?`,
      [...where.params, ...keysetParams, query.limit + 1],
    );
    const ids = rows.slice(0, query.limit).map((r) => r.id);
    const items = await loadElements(c.var.em, ids);
    const nextCursor = rows.length > query.limit ? encodeCursor([ids.at(-1)!]) : null;
    return c.json({ items, nextCursor }, 200);
  })
  .openapi(getElement, async (c) => {
    const [element] = await loadElements(c.var.em, [c.req.valid('param').elementId]);
    if (!element) throw notFound('catalog element');
    return c.json(element, 200);
  });
