import { serviceDeps } from '../http/context.ts';
import { resourceApp } from '../http/resource-app.ts';
import { routesOf } from '../http/route.ts';
import {
  bearerSecurity,
  errorResponses,
  jsonBody,
  jsonResponse,
  pageOf,
  PageQuery,
} from '../http/schemas.ts';
import { actorFirst } from './actor-first.ts';
import { createDocumentService } from './document-service.ts';
import { createSpecialistService } from './specialist-service.ts';
import {
  AddedDocumentSchema,
  addedDocumentView,
  CycleSchema,
  cycleView,
  DocumentSchema,
  documentView,
  NewDocument,
  NewSpecialist,
  SpecialistSchema,
  specialistView,
} from './specialist-views.ts';

const route = routesOf('Education');

/** Mounted at /v1/me/specialist. Anonymous callers get 401 before their body is validated. */
export const specialistRoutes = actorFirst(resourceApp())
  .openapi(
    route({
      method: 'post',
      path: '/',
      operationId: 'createSpecialistProfile',
      summary: 'Become a specialist of the continuing-education portal (one profile per user)',
      security: bearerSecurity,
      request: jsonBody(NewSpecialist),
      responses: { 201: jsonResponse('Created', SpecialistSchema), ...errorResponses(409) },
    }),
    async (c) => {
      const specialist = await createSpecialistService(serviceDeps(c)).createProfile(
        c.var.actor,
        c.req.valid('json'),
      );
      return c.json(specialistView(specialist), 201);
    },
  )
  .openapi(
    route({
      method: 'get',
      path: '/',
      operationId: 'getSpecialistProfile',
      summary: 'My specialist profile',
      security: bearerSecurity,
      responses: { 200: jsonResponse('The profile', SpecialistSchema), ...errorResponses(404) },
    }),
    async (c) => {
      const specialist = await createSpecialistService(serviceDeps(c)).getProfile(c.var.actor);
      return c.json(specialistView(specialist), 200);
    },
  );

/** Mounted at /v1/me/documents. Anonymous callers get 401 before their body is validated. */
export const documentRoutes = actorFirst(resourceApp())
  .openapi(
    route({
      method: 'post',
      path: '/',
      operationId: 'addSpecialistDocument',
      summary: 'Add a certificate or accreditation: it opens a five-year cycle, and its ФРМР check starts',
      security: bearerSecurity,
      idempotent: true,
      request: jsonBody(NewDocument),
      responses: {
        201: jsonResponse(
          'Added; registerStatus is unconfirmed until the register answers',
          AddedDocumentSchema,
        ),
        ...errorResponses(403, 409),
      },
    }),
    async (c) => {
      const added = await createDocumentService(serviceDeps(c)).add(c.var.actor, c.req.valid('json'));
      return c.json(addedDocumentView(added), 201);
    },
  )
  .openapi(
    route({
      method: 'get',
      path: '/',
      operationId: 'listSpecialistDocuments',
      summary: 'My documents, newest first, with their ФРМР status and the reason when not confirmed',
      security: bearerSecurity,
      request: { query: PageQuery },
      responses: {
        200: jsonResponse('A page of documents', pageOf(DocumentSchema)),
        ...errorResponses(403),
      },
    }),
    async (c) => {
      const page = await createDocumentService(serviceDeps(c)).list(c.var.actor, c.req.valid('query'));
      return c.json({ items: page.items.map(documentView), nextCursor: page.nextCursor }, 200);
    },
  );

/** Mounted at /v1/me/cycles (each cycle's plan, progress and event codes have their own sub-apps). */
export const cycleRoutes = actorFirst(resourceApp(), '/').openapi(
  route({
    method: 'get',
    path: '/',
    operationId: 'listCycles',
    summary:
      'My five-year cycles, one per document (specialty), newest first, with the document’s ФРМР status',
    security: bearerSecurity,
    request: { query: PageQuery },
    responses: {
      200: jsonResponse('A page of cycles', pageOf(CycleSchema)),
      ...errorResponses(403),
    },
  }),
  async (c) => {
    const page = await createSpecialistService(serviceDeps(c)).listCycles(c.var.actor, c.req.valid('query'));
    return c.json({ items: page.items.map(cycleView), nextCursor: page.nextCursor }, 200);
  },
);
