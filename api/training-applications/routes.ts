import { serviceDeps } from '../http/context.ts';
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
import { MAX_SCAN_BYTES } from '../../domain/scan-file.ts';
import { applicationFileRoutes } from './file-routes.ts';
import { createTrainingApplicationService } from './service.ts';
import {
  ApplicationIdParam,
  ApplicationListQuery,
  myApplicationView,
  NewApplication,
  SignatureConfirmation,
  SignatureUpload,
  TrainingApplicationSchema,
} from './views.ts';

const route = routesOf('Training applications');

/** The scan's limit and room for the multipart framing: a scan just over it gets the 413 naming `scan`. */
const MAX_SIGN_BODY_BYTES = MAX_SCAN_BYTES + 1024 * 1024;

const actionRoute = (action: 'form' | 'submit' | 'cancel', operationId: string, summary: string) =>
  route({
    method: 'post',
    path: `/{applicationId}/${action}`,
    operationId,
    summary,
    security: bearerSecurity,
    request: { params: ApplicationIdParam },
    responses: {
      200: jsonResponse('The application after the action', TrainingApplicationSchema),
      ...errorResponses(403, 404, 409),
    },
  });

/** Mounted at /v1/me/applications: the specialist's side. */
export const myApplicationRoutes = resourceApp()
  .openapi(
    route({
      method: 'post',
      path: '/',
      operationId: 'createTrainingApplication',
      summary: 'Start a training application (заявка на обучение по ДПП ПК) for a programme cycle: a draft',
      security: bearerSecurity,
      idempotent: true,
      request: jsonBody(NewApplication),
      responses: {
        201: jsonResponse('The draft; its process has started', TrainingApplicationSchema),
        ...errorResponses(403, 409),
      },
    }),
    async (c) => {
      const application = await createTrainingApplicationService(serviceDeps(c)).create(
        c.var.actor,
        c.req.valid('json'),
      );
      return c.json(myApplicationView(application), 201);
    },
  )
  .openapi(
    route({
      method: 'get',
      path: '/',
      operationId: 'listMyTrainingApplications',
      summary: 'My training applications, newest first',
      security: bearerSecurity,
      request: { query: PageQuery.extend(ApplicationListQuery.shape) },
      responses: { 200: jsonResponse('A page', pageOf(TrainingApplicationSchema)), ...errorResponses(403) },
    }),
    async (c) => {
      const page = await createTrainingApplicationService(serviceDeps(c)).list(
        c.var.actor,
        c.req.valid('query'),
      );
      return c.json({ items: page.items.map(myApplicationView), nextCursor: page.nextCursor }, 200);
    },
  )
  .openapi(
    route({
      method: 'get',
      path: '/{applicationId}',
      operationId: 'getMyTrainingApplication',
      summary: 'One of my training applications',
      security: bearerSecurity,
      request: { params: ApplicationIdParam },
      responses: {
        200: jsonResponse('The application', TrainingApplicationSchema),
        ...errorResponses(403, 404),
      },
    }),
    async (c) => {
      const application = await createTrainingApplicationService(serviceDeps(c)).get(
        c.var.actor,
        c.req.valid('param').applicationId,
      );
      return c.json(myApplicationView(application), 200);
    },
  )
  .openapi(
    actionRoute(
      'form',
      'formTrainingApplication',
      '«Сформировать»: render the application document (HTML and PDF) to print and sign',
    ),
    async (c) => {
      const application = await createTrainingApplicationService(serviceDeps(c)).form(
        c.var.actor,
        c.req.valid('param').applicationId,
      );
      return c.json(myApplicationView(application), 200);
    },
  )
  .openapi(
    route({
      method: 'post',
      path: '/{applicationId}/sign',
      operationId: 'signTrainingApplication',
      summary:
        'Sign the formed application: upload the signed scan (PDF, JPEG or PNG, ≤ 10 MB) or confirm electronically',
      security: bearerSecurity,
      maxBodyBytes: MAX_SIGN_BODY_BYTES,
      request: {
        params: ApplicationIdParam,
        body: {
          required: false,
          content: {
            'multipart/form-data': { schema: SignatureUpload },
            'application/json': { schema: SignatureConfirmation },
          },
        },
      },
      responses: {
        200: jsonResponse('Signed', TrainingApplicationSchema),
        ...errorResponses(403, 404, 409),
      },
    }),
    async (c) => {
      // Only the part matching the Content-Type was parsed; the other one is {}.
      const body = { ...c.req.valid('form'), ...c.req.valid('json') };
      const application = await createTrainingApplicationService(serviceDeps(c)).sign(
        c.var.actor,
        c.req.valid('param').applicationId,
        body,
      );
      return c.json(myApplicationView(application), 200);
    },
  )
  .openapi(
    actionRoute('submit', 'submitTrainingApplication', 'Submit the signed application to the provider'),
    async (c) => {
      const application = await createTrainingApplicationService(serviceDeps(c)).submit(
        c.var.actor,
        c.req.valid('param').applicationId,
      );
      return c.json(myApplicationView(application), 200);
    },
  )
  .openapi(
    actionRoute(
      'cancel',
      'cancelTrainingApplication',
      'Withdraw the application; possible until the provider enrols',
    ),
    async (c) => {
      const application = await createTrainingApplicationService(serviceDeps(c)).cancel(
        c.var.actor,
        c.req.valid('param').applicationId,
      );
      return c.json(myApplicationView(application), 200);
    },
  )
  .route('/', applicationFileRoutes('specialist'));
