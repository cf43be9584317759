import { createRoute, z } from '@hono/zod-openapi';
import { randomUUID } from 'node:crypto';
import { Provider } from '../../db/entities/index.ts';
import { isValidInn } from '../../domain/inn.ts';
import { decodeCursor, encodeCursor } from '../http/cursor.ts';
import { invalidField, notFound } from '../http/errors.ts';
import { keysetId } from '../http/cursor.ts';
import { requireActor, requireOperator } from '../http/middleware/auth.ts';
import { resourceApp } from '../http/resource-app.ts';
import { bearerSecurity, errorResponses, jsonBody, jsonResponse, pageOf, PageQuery } from '../http/schemas.ts';
import { newProviderKey, sha256 } from '../../integrations/crypto/tokens.ts';

const ProviderSchema = z
  .object({ id: z.uuid(), name: z.string(), inn: z.string().nullable() })
  .openapi('Provider');
const ProviderWithKey = ProviderSchema.extend({
  key: z.string().openapi({ description: 'kpr_… — shown once; only its SHA-256 is stored' }),
}).openapi('ProviderWithKey');

const ProviderParam = z.object({
  providerId: z.uuid().openapi({ param: { name: 'providerId', in: 'path' } }),
});

const view = (p: Provider) => ({ id: p.id, name: p.name, inn: p.inn ?? null });

const createProvider = createRoute({
  method: 'post',
  path: '/v1/providers',
  summary: 'Register an educational provider (operator); its API key is shown once',
  security: bearerSecurity,
  request: jsonBody(
    z.object({
      name: z.string().trim().min(1).max(500),
      inn: z.string().trim().optional().openapi({ example: '7707083893' }),
    }),
  ),
  responses: { 201: jsonResponse('Created', ProviderWithKey), ...errorResponses(400, 401, 403, 422) },
});

const rotateKey = createRoute({
  method: 'post',
  path: '/v1/providers/{providerId}/key',
  summary: 'Issue a new provider key (operator); the old one stops working; e.g. for seeded providers',
  security: bearerSecurity,
  request: { params: ProviderParam },
  responses: { 201: jsonResponse('Issued', ProviderWithKey), ...errorResponses(401, 403, 404, 422) },
});

const listProviders = createRoute({
  method: 'get',
  path: '/v1/providers',
  summary: 'Educational providers by name (public, like the catalog)',
  request: { query: PageQuery },
  responses: {
    200: jsonResponse('A page of providers', pageOf(ProviderSchema)),
    ...errorResponses(400, 422),
  },
});

const app = resourceApp();
// Providers are listed to anyone; everything else needs a caller, checked before the body is.
app.post('/v1/providers', requireActor);
app.post('/v1/providers/*', requireActor);

export const providerRoutes = app
  .openapi(createProvider, async (c) => {
    requireOperator(c);
    const { name, inn } = c.req.valid('json');
    if (inn && !isValidInn(inn))
      throw invalidField('inn', 'INN must be 10 or 12 digits with valid checksums');
    const key = newProviderKey();
    const provider = c.var.em.create(Provider, {
      id: randomUUID(),
      name,
      inn: inn || null,
      keyHash: sha256(key),
      createdAt: new Date(),
    });
    await c.var.em.flush();
    c.var.log.info({ providerId: provider.id }, 'provider created');
    return c.json({ ...view(provider), key }, 201);
  })
  .openapi(rotateKey, async (c) => {
    requireOperator(c);
    const { providerId } = c.req.valid('param');
    const provider = await c.var.em.findOne(Provider, providerId);
    if (!provider) throw notFound('provider');
    const key = newProviderKey();
    provider.keyHash = sha256(key);
    await c.var.em.flush();
    c.var.log.info({ providerId }, 'provider key issued');
    return c.json({ ...view(provider), key }, 201);
  })
  .openapi(listProviders, async (c) => {
    const { limit, cursor } = c.req.valid('query');
    const afterId = keysetId(decodeCursor(cursor, 1));
    // The cursor is the last id; its name is looked up, so long names never make long cursors.
    const rows = await c.var.em.execute<{ id: string; name: string; inn: string | null }[]>(
      `select id, name, inn from providers
       where ?::uuid is null or (name, id) > (select name, id from providers where id = ?::uuid)
       order by name, id limit ?`,
      [afterId, afterId, limit + 1],
    );
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return c.json(
      { items: page, nextCursor: rows.length > limit && last ? encodeCursor([last.id]) : null },
      200,
    );
  });
