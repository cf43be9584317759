import { serviceDeps } from '../http/context.ts';
import { requireActor } from '../http/middleware/auth.ts';
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
import { createProductService } from './service.ts';
import {
  LicencesInput,
  LicencesLoadedSchema,
  RegistrationInput,
  RegistrationSchema,
  registrationView,
} from './views.ts';

const route = routesOf('Products');

/** 10,000 licences with every field at its longest (a 300-character Cyrillic name) stay under this. */
const MAX_LICENCES_BYTES = 8 * 1024 * 1024;

/** Mounted at /v1/operator/licences: the operator loads the licences issued (number + PIN). */
export const licenceRoutes = resourceApp().openapi(
  route({
    method: 'post',
    path: '/',
    operationId: 'loadLicences',
    summary:
      'Load issued licences (operator): new ones are added, unregistered ones corrected, registered ones skipped',
    security: bearerSecurity,
    maxBodyBytes: MAX_LICENCES_BYTES,
    // Anonymous callers get 401 before anything about the body is said.
    middleware: [requireActor],
    request: jsonBody(LicencesInput),
    responses: { 200: jsonResponse('Loaded', LicencesLoadedSchema), ...errorResponses(403) },
  }),
  async (c) => {
    const counts = await createProductService(serviceDeps(c)).loadLicences(
      c.var.actor,
      c.req.valid('json').licences,
    );
    return c.json(counts, 200);
  },
);

/** Mounted at /v1/me/products: the logged-in user's 1С:ИТС product registrations. */
export const myProductRoutes = resourceApp()
  .openapi(
    route({
      method: 'post',
      path: '/',
      operationId: 'registerProduct',
      summary: 'Register a product with its registration number and PIN, for an organization or for myself',
      description:
        'A wrong number or PIN counts toward the lockout like a wrong password (LOGIN_MAX_FAILURES → 429 account_locked).',
      security: bearerSecurity,
      middleware: [requireActor],
      request: jsonBody(RegistrationInput),
      responses: {
        201: jsonResponse('Registered', RegistrationSchema),
        ...errorResponses(409, 429),
      },
    }),
    async (c) => {
      const row = await createProductService(serviceDeps(c)).register(c.var.actor, c.req.valid('json'));
      return c.json(registrationView(row), 201);
    },
  )
  .openapi(
    route({
      method: 'get',
      path: '/',
      operationId: 'listMyProducts',
      summary: 'My registered products, newest first',
      security: bearerSecurity,
      middleware: [requireActor],
      request: { query: PageQuery },
      responses: { 200: jsonResponse('A page of registrations', pageOf(RegistrationSchema)) },
    }),
    async (c) => {
      const page = await createProductService(serviceDeps(c)).list(c.var.actor, c.req.valid('query'));
      return c.json({ items: page.items.map(registrationView), nextCursor: page.nextCursor }, 200);
    },
  );
