import { createRoute, z } from '@hono/zod-openapi';
import { randomUUID } from 'node:crypto';
import { ApiKey, Organization } from '../../db/entities/index.ts';
import { isValidInn } from '../../domain/inn.ts';
import { requireOperator, requireOrganizationAdmin } from '../middleware/auth.ts';
import { resourceApp } from '../openapi-app.ts';
import { bearerSecurity, errorResponses, jsonBody, jsonResponse, OrgIdParam } from '../schemas.ts';
import { newApiKey, sha256 } from '../secrets.ts';
import { invalidField } from '../errors.ts';

const isTimeZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat('ru-RU', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

const OrganizationSchema = z
  .object({ id: z.uuid(), name: z.string(), inn: z.string(), timezone: z.string(), createdAt: z.string() })
  .openapi('Organization');

const createOrganization = createRoute({
  method: 'post',
  path: '/v1/organizations',
  summary: 'Create an organization (operator)',
  security: bearerSecurity,
  request: jsonBody(
    z.object({
      name: z.string().trim().min(1).max(300),
      inn: z.string().trim().openapi({ example: '7707083893' }),
      timezone: z.string().default('Europe/Moscow').refine(isTimeZone, 'unknown IANA time zone'),
    }),
  ),
  responses: { 201: jsonResponse('Created', OrganizationSchema), ...errorResponses(401, 403, 422) },
});

const createApiKey = createRoute({
  method: 'post',
  path: '/v1/organizations/{orgId}/api-keys',
  summary: "Issue an API key for the organization's HR system (operator); the key is shown once",
  security: bearerSecurity,
  request: { params: OrgIdParam },
  responses: {
    201: jsonResponse(
      'Created',
      z.object({ id: z.uuid(), key: z.string(), prefix: z.string(), createdAt: z.string() }).openapi('ApiKey'),
    ),
    ...errorResponses(401, 403, 404),
  },
});

export const organizationRoutes = resourceApp()
  .openapi(createOrganization, async (c) => {
    requireOperator(c);
    const input = c.req.valid('json');
    if (!isValidInn(input.inn)) throw invalidField('inn', 'INN must be 10 or 12 digits with valid checksums');
    const organization = c.var.em.create(Organization, {
      id: randomUUID(),
      name: input.name,
      inn: input.inn,
      timezone: input.timezone,
      createdAt: new Date(),
    });
    await c.var.em.flush();
    c.var.log.info({ organizationId: organization.id }, 'organization created');
    return c.json({ ...organization, createdAt: organization.createdAt.toISOString() }, 201);
  })
  .openapi(createApiKey, async (c) => {
    requireOperator(c);
    const { orgId } = c.req.valid('param');
    await requireOrganizationAdmin(c, orgId);
    const key = newApiKey();
    const row = c.var.em.create(ApiKey, {
      id: randomUUID(),
      organizationId: orgId,
      keyHash: sha256(key),
      keyPrefix: key.slice(0, 8),
      createdAt: new Date(),
    });
    await c.var.em.flush();
    c.var.log.info({ organizationId: orgId, apiKeyId: row.id }, 'api key issued');
    return c.json({ id: row.id, key, prefix: row.keyPrefix, createdAt: row.createdAt.toISOString() }, 201);
  });
