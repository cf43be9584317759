import { serviceDeps } from '../http/context.ts';
import { requireActor } from '../http/middleware/auth.ts';
import { resourceApp } from '../http/resource-app.ts';
import { routesOf } from '../http/route.ts';
import {
  bearerSecurity,
  errorResponses,
  jsonBody,
  jsonResponse,
  PageQuery,
  pageOf,
} from '../http/schemas.ts';
import { applicationFileRoutes } from './file-routes.ts';
import { createProviderApplicationService } from './provider-service.ts';
import {
  ApplicationIdParam,
  ApplicationListQuery,
  Decision,
  providerApplicationView,
  TrainingApplicationSchema,
} from './views.ts';

const route = routesOf('Training applications');

const app = resourceApp();
// A provider's decisions need a caller, checked before the body is.
app.post('/*', requireActor);

/** Mounted at /v1/providers/me/applications: the provider's side (a provider key). */
export const providerApplicationRoutes = app
  .openapi(
    route({
      method: 'get',
      path: '/',
      operationId: 'listProviderTrainingApplications',
      summary: "Applications submitted for the calling provider's programmes (provider key)",
      security: bearerSecurity,
      request: { query: PageQuery.extend(ApplicationListQuery.shape) },
      responses: { 200: jsonResponse('A page', pageOf(TrainingApplicationSchema)), ...errorResponses(403) },
    }),
    async (c) => {
      const page = await createProviderApplicationService(serviceDeps(c)).list(
        c.var.actor,
        c.req.valid('query'),
      );
      return c.json({ items: page.items.map(providerApplicationView), nextCursor: page.nextCursor }, 200);
    },
  )
  .openapi(
    route({
      method: 'post',
      path: '/{applicationId}/decision',
      operationId: 'decideTrainingApplication',
      summary: 'Enrol the specialist or reject the submitted application (a rejection says why)',
      security: bearerSecurity,
      request: { params: ApplicationIdParam, ...jsonBody(Decision) },
      responses: {
        200: jsonResponse('Decided', TrainingApplicationSchema),
        ...errorResponses(403, 404, 409),
      },
    }),
    async (c) => {
      const application = await createProviderApplicationService(serviceDeps(c)).decide(
        c.var.actor,
        c.req.valid('param').applicationId,
        c.req.valid('json'),
      );
      return c.json(providerApplicationView(application), 200);
    },
  )
  .openapi(
    route({
      method: 'post',
      path: '/{applicationId}/complete',
      operationId: 'completeTrainingApplication',
      summary: 'Report the programme completed; the credits follow. Repeating it changes nothing',
      security: bearerSecurity,
      request: { params: ApplicationIdParam },
      responses: {
        200: jsonResponse('Completed', TrainingApplicationSchema),
        ...errorResponses(403, 404, 409),
      },
    }),
    async (c) => {
      const application = await createProviderApplicationService(serviceDeps(c)).complete(
        c.var.actor,
        c.req.valid('param').applicationId,
      );
      return c.json(providerApplicationView(application), 200);
    },
  )
  .route('/', applicationFileRoutes('provider'));
