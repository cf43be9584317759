import { serviceDeps } from '../http/context.ts';
import { resourceApp } from '../http/resource-app.ts';
import { routesOf } from '../http/route.ts';
import { bearerSecurity, errorResponses, jsonBody, jsonResponse, pageOf } from '../http/schemas.ts';
import { actorFirst } from './actor-first.ts';
import { createCatalogService } from './catalog-service.ts';
import {
  CatalogElementInput,
  CatalogElementSchema,
  catalogElementView,
  CatalogQuery,
  ElementParam,
} from './catalog-views.ts';

const route = routesOf('Education');

/**
 * Mounted at /v1/catalog. The catalog is read by anyone; adding to it needs a caller, checked
 * before the body is.
 */
export const catalogRoutes = actorFirst(resourceApp(), '/elements', 'post')
  .openapi(
    route({
      method: 'post',
      path: '/elements',
      operationId: 'createCatalogElement',
      summary:
        'Add an ИОМ, event or ДПП ПК programme (with its cycles) to the catalog (provider key or operator)',
      security: bearerSecurity,
      request: jsonBody(CatalogElementInput),
      responses: { 201: jsonResponse('Created', CatalogElementSchema), ...errorResponses(403) },
    }),
    async (c) => {
      const element = await createCatalogService(serviceDeps(c)).createElement(
        c.var.actor,
        c.req.valid('json'),
      );
      return c.json(catalogElementView(element), 201);
    },
  )
  .openapi(
    route({
      method: 'get',
      path: '/',
      operationId: 'listCatalog',
      summary: 'The catalog (public): filters combine; ordered by start date, undated last',
      request: { query: CatalogQuery },
      responses: { 200: jsonResponse('A page of elements', pageOf(CatalogElementSchema)) },
    }),
    async (c) => {
      const page = await createCatalogService(serviceDeps(c)).list(c.req.valid('query'));
      return c.json({ items: page.items.map(catalogElementView), nextCursor: page.nextCursor }, 200);
    },
  )
  .openapi(
    route({
      method: 'get',
      path: '/{elementId}',
      operationId: 'getCatalogElement',
      summary: 'One catalog element (public); programmes with their dated cycles',
      request: { params: ElementParam },
      responses: { 200: jsonResponse('The element', CatalogElementSchema), ...errorResponses(404) },
    }),
    async (c) => {
      const element = await createCatalogService(serviceDeps(c)).get(c.req.valid('param').elementId);
      return c.json(catalogElementView(element), 200);
    },
  );
