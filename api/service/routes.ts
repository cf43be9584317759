import { serviceDeps } from '../http/context.ts';
import { resourceApp } from '../http/resource-app.ts';
import { routesOf } from '../http/route.ts';
import { bearerSecurity, errorResponses, jsonBody, jsonResponse, OrgIdParam } from '../http/schemas.ts';
import { createOnboardingService } from './service.ts';
import { ConnectingSchema, connectingView, ConnectService, ServiceSchema, serviceView } from './views.ts';

const route = routesOf('Service');

/** Mounted at /v1/organizations/:orgId/service. */
export const serviceRoutes = resourceApp()
  .openapi(
    route({
      method: 'post',
      path: '/connect',
      operationId: 'connectService',
      summary: 'Connect the employee service: starts the trial and invites the administrator by SMS',
      security: bearerSecurity,
      idempotent: true,
      // Up to 10,000 employee ids.
      maxBodyBytes: 1024 * 1024,
      request: { params: OrgIdParam, ...jsonBody(ConnectService) },
      responses: { 202: jsonResponse('Connecting', ConnectingSchema), ...errorResponses(403, 404, 409) },
    }),
    async (c) => {
      const { orgId } = c.req.valid('param');
      const { workflowId, url } = await createOnboardingService(serviceDeps(c)).connect(
        c.var.actor,
        orgId,
        c.req.valid('json'),
      );
      return c.json(connectingView(workflowId, url), 202);
    },
  )
  .openapi(
    route({
      method: 'get',
      path: '/',
      operationId: 'getService',
      summary: 'The connected service and where its onboarding is',
      security: bearerSecurity,
      request: { params: OrgIdParam },
      responses: { 200: jsonResponse('The service', ServiceSchema), ...errorResponses(403, 404) },
    }),
    async (c) => {
      const { orgId } = c.req.valid('param');
      const { service, url } = await createOnboardingService(serviceDeps(c)).get(c.var.actor, orgId);
      return c.json(serviceView(service, url), 200);
    },
  );
