import { serviceDeps } from '../http/context.ts';
import { resourceApp } from '../http/resource-app.ts';
import { routesOf } from '../http/route.ts';
import { bearerSecurity, errorResponses, jsonBody, jsonResponse, OrgIdParam } from '../http/schemas.ts';
import { createOrganizationService } from './service.ts';
import {
  IssuedApiKeySchema,
  issuedApiKeyView,
  NewOrganization,
  OrganizationSchema,
  organizationView,
} from './views.ts';

const route = routesOf('Organizations');

/** Mounted at /v1/organizations. */
export const organizationRoutes = resourceApp()
  .openapi(
    route({
      method: 'post',
      path: '/',
      operationId: 'createOrganization',
      summary: 'Create an organization (operator)',
      security: bearerSecurity,
      idempotent: true,
      request: jsonBody(NewOrganization),
      responses: { 201: jsonResponse('Created', OrganizationSchema), ...errorResponses(403) },
    }),
    async (c) => {
      const organization = await createOrganizationService(serviceDeps(c)).create(
        c.var.actor,
        c.req.valid('json'),
      );
      return c.json(organizationView(organization), 201);
    },
  )
  .openapi(
    route({
      method: 'post',
      path: '/{orgId}/api-keys',
      operationId: 'issueApiKey',
      summary: "Issue an API key for the organization's HR system (operator); the key is shown once",
      security: bearerSecurity,
      request: { params: OrgIdParam },
      responses: { 201: jsonResponse('Created', IssuedApiKeySchema), ...errorResponses(403, 404) },
    }),
    async (c) => {
      const { orgId } = c.req.valid('param');
      const { row, key } = await createOrganizationService(serviceDeps(c)).issueApiKey(c.var.actor, orgId);
      return c.json(issuedApiKeyView(row, key), 201);
    },
  );
