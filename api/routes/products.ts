import { createRoute, z } from '@hono/zod-openapi';
import { decodeCursor, encodeCursor } from '../http/cursor.ts';
import { requireActor, requireOperator, requireUser } from '../http/middleware/auth.ts';
import { resourceApp } from '../http/resource-app.ts';
import {
  listRegistrations,
  loadLicences,
  OrganizationSchema,
  registerProduct,
  registrationView,
} from '../products.ts';
import { bearerSecurity, errorResponses, jsonBody, jsonResponse, pageOf, PageQuery } from '../http/schemas.ts';

const MAX_LICENCES = 10_000;

const RegistrationSchema = z
  .object({
    id: z.uuid(),
    registrationNumber: z.string(),
    productName: z.string(),
    organization: z.object({
      kind: z.enum(['company', 'person']),
      name: z.string(),
      inn: z.string(),
      head: z.string(),
      activityType: z.string(),
      phone: z.string(),
      email: z.string(),
      country: z.string(),
      placeOfPurchase: z.string(),
      purchaseDate: z.string(),
      workplaces: z.number().int(),
      responsiblePerson: z.string(),
      kpp: z.string().nullable(),
      address: z.string().nullable(),
    }),
    createdAt: z.string(),
  })
  .openapi('ProductRegistration');

const app = resourceApp();
app.post('/v1/operator/licences', requireActor);
app.use('/v1/me/products', requireActor);

/** Licences (operator) and the user's product registrations (1С:ИТС). */
export const productRoutes = app
  .openapi(
    createRoute({
      method: 'post',
      path: '/v1/operator/licences',
      summary:
        'Load issued licences (operator): new ones are added, unregistered ones corrected, registered ones skipped',
      security: bearerSecurity,
      request: jsonBody(
        z.object({
          licences: z
            .array(
              z.object({
                registrationNumber: z.string().max(40),
                pin: z.string().max(64),
                productName: z.string().trim().min(1).max(300),
              }),
            )
            .min(1)
            .max(MAX_LICENCES),
        }),
      ),
      responses: {
        200: jsonResponse(
          'Loaded',
          z.object({ created: z.number().int(), updated: z.number().int(), skipped: z.number().int() }),
        ),
        ...errorResponses(400, 401, 403, 422),
      },
    }),
    async (c) => {
      requireOperator(c);
      const { licences } = c.req.valid('json');
      const counts = await loadLicences(c.var.em, c.var.deps.env.KABINET_SECRET, licences);
      c.var.log.info({ ...counts }, 'licences loaded');
      return c.json(counts, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/v1/me/products',
      summary: 'Register a product with its registration number and PIN, for an organization or for myself',
      description:
        'A wrong number or PIN counts toward the lockout like a wrong password (LOGIN_MAX_FAILURES → 429 account_locked).',
      security: bearerSecurity,
      request: jsonBody(
        z.object({
          registrationNumber: z.string().max(40),
          pin: z.string().max(64),
          organization: OrganizationSchema,
        }),
      ),
      responses: {
        201: jsonResponse('Registered', RegistrationSchema),
        ...errorResponses(400, 401, 409, 422, 429),
      },
    }),
    async (c) => {
      const actor = requireUser(c);
      const row = await registerProduct(c, actor.userId, c.req.valid('json'));
      return c.json(registrationView(row), 201);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/v1/me/products',
      summary: 'My registered products, newest first',
      security: bearerSecurity,
      request: { query: PageQuery },
      responses: {
        200: jsonResponse('A page of registrations', pageOf(RegistrationSchema)),
        ...errorResponses(401, 422),
      },
    }),
    async (c) => {
      const actor = requireUser(c);
      const { limit, cursor } = c.req.valid('query');
      const after = decodeCursor(cursor, 2);
      const rows = await listRegistrations(c.var.em, actor.userId, limit + 1, after);
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return c.json(
        {
          items: page.map(registrationView),
          nextCursor: rows.length > limit && last ? encodeCursor([last.created_text, last.id]) : null,
        },
        200,
      );
    },
  );
