import { serviceDeps } from '../http/context.ts';
import { resourceApp } from '../http/resource-app.ts';
import { routesOf } from '../http/route.ts';
import {
  bearerSecurity,
  errorResponses,
  jsonBody,
  jsonResponse,
  OrgIdParam,
  pageOf,
  PageQuery,
} from '../http/schemas.ts';
import { createPayslipPublicationService } from './publication-service.ts';
import { createPayslipService } from './service.ts';
import { createTeamPayslipService } from './team-service.ts';
import {
  AcknowledgedSchema,
  acknowledgedView,
  PayslipIdParam,
  PayslipSchema,
  PayslipSummarySchema,
  payslipSummaryView,
  payslipView,
  PublicationAcceptedSchema,
  publicationAcceptedView,
  PublicationInput,
  PublicationParams,
  PublicationProgressSchema,
  publicationView,
  TeamUnreadQuery,
  TeamUnreadSchema,
  teamUnreadView,
} from './views.ts';

const route = routesOf('Payslips');

/** 10,000 payslips of a few dozen lines each, every field filled, stay under this. */
const MAX_PUBLICATION_BYTES = 16 * 1024 * 1024;

/** Mounted at /v1/organizations/:orgId/payslips/publications: the organization's HR system publishes. */
export const payslipPublicationRoutes = resourceApp()
  .openapi(
    route({
      method: 'post',
      path: '/',
      operationId: 'publishPayslips',
      summary:
        "Publish a period's payslips (up to 10,000); answers at once, each employee is then notified within the send window",
      security: bearerSecurity,
      idempotent: true,
      maxBodyBytes: MAX_PUBLICATION_BYTES,
      request: { params: OrgIdParam, ...jsonBody(PublicationInput) },
      responses: {
        202: jsonResponse(
          'Accepted: the payslips are stored and the publication process has started',
          PublicationAcceptedSchema,
        ),
        ...errorResponses(403, 404, 409),
      },
    }),
    async (c) => {
      const { orgId } = c.req.valid('param');
      const accepted = await createPayslipPublicationService(serviceDeps(c)).publish(
        c.var.actor,
        orgId,
        c.req.valid('json'),
      );
      return c.json(publicationAcceptedView(accepted), 202);
    },
  )
  .openapi(
    route({
      method: 'get',
      path: '/',
      operationId: 'listPayslipPublications',
      summary: 'Publications, newest first, each with its totals',
      security: bearerSecurity,
      request: { params: OrgIdParam, query: PageQuery },
      responses: {
        200: jsonResponse('A page of publications', pageOf(PublicationProgressSchema)),
        ...errorResponses(403, 404),
      },
    }),
    async (c) => {
      const { orgId } = c.req.valid('param');
      const page = await createPayslipPublicationService(serviceDeps(c)).list(
        c.var.actor,
        orgId,
        c.req.valid('query'),
      );
      return c.json({ items: page.items.map(publicationView), nextCursor: page.nextCursor }, 200);
    },
  )
  .openapi(
    route({
      method: 'get',
      path: '/{publicationId}',
      operationId: 'getPayslipPublication',
      summary: 'Live totals of a publication: sent, delivered, opened, acknowledged, failed, reminded',
      security: bearerSecurity,
      request: { params: PublicationParams },
      responses: { 200: jsonResponse('Totals', PublicationProgressSchema), ...errorResponses(403, 404) },
    }),
    async (c) => {
      const { orgId, publicationId } = c.req.valid('param');
      const progress = await createPayslipPublicationService(serviceDeps(c)).progress(
        c.var.actor,
        orgId,
        publicationId,
      );
      return c.json(publicationView(progress), 200);
    },
  );

/** Mounted at /v1/me/payslips: the logged-in person's own payslips. */
export const myPayslipRoutes = resourceApp()
  .openapi(
    route({
      method: 'get',
      path: '/',
      operationId: 'listMyPayslips',
      summary: 'My payslips, newest first (from every organization I work for)',
      security: bearerSecurity,
      request: { query: PageQuery },
      responses: { 200: jsonResponse('A page of payslips', pageOf(PayslipSummarySchema)) },
    }),
    async (c) => {
      const page = await createPayslipService(serviceDeps(c)).list(c.var.actor, c.req.valid('query'));
      return c.json({ items: page.items.map(payslipSummaryView), nextCursor: page.nextCursor }, 200);
    },
  )
  .openapi(
    route({
      method: 'get',
      path: '/{payslipId}',
      operationId: 'getMyPayslip',
      summary: 'One of my payslips, with its lines and totals; the first read marks it opened',
      security: bearerSecurity,
      request: { params: PayslipIdParam },
      responses: { 200: jsonResponse('The payslip', PayslipSchema), ...errorResponses(404) },
    }),
    async (c) => {
      const { payslipId } = c.req.valid('param');
      const row = await createPayslipService(serviceDeps(c)).open(c.var.actor, payslipId);
      return c.json(payslipView(row), 200);
    },
  )
  .openapi(
    route({
      method: 'post',
      path: '/{payslipId}/acknowledge',
      operationId: 'acknowledgeMyPayslip',
      summary: '"Ознакомлен": I have read my payslip (idempotent: the first time counts)',
      security: bearerSecurity,
      request: { params: PayslipIdParam },
      responses: { 200: jsonResponse('Acknowledged', AcknowledgedSchema), ...errorResponses(404) },
    }),
    async (c) => {
      const { payslipId } = c.req.valid('param');
      const marks = await createPayslipService(serviceDeps(c)).acknowledge(c.var.actor, payslipId);
      return c.json(acknowledgedView(marks.id, marks), 200);
    },
  )
  .openapi(
    route({
      method: 'get',
      path: '/{payslipId}/pdf',
      operationId: 'downloadMyPayslipPdf',
      summary: 'My payslip as a PDF document (printed from the same template as the page)',
      security: bearerSecurity,
      request: { params: PayslipIdParam },
      responses: {
        200: {
          description: 'The PDF',
          content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
        },
        ...errorResponses(404),
      },
    }),
    async (c) => {
      const { payslipId } = c.req.valid('param');
      const { pdf, filename } = await createPayslipService(serviceDeps(c)).pdf(c.var.actor, payslipId);
      c.header('Content-Type', 'application/pdf');
      c.header('Content-Disposition', `attachment; filename="${filename}"`);
      c.header('X-Content-Type-Options', 'nosniff');
      c.header('Cache-Control', 'private, no-store');
      return c.body(new Uint8Array(pdf), 200);
    },
  );

/** Mounted at /v1/me/team: what a manager sees of their direct reports. */
export const teamPayslipRoutes = resourceApp().openapi(
  route({
    method: 'get',
    path: '/unread-payslips',
    operationId: 'listTeamUnreadPayslips',
    summary:
      'My direct reports who have not acknowledged their payslip of a publication (the newest by default); only when the organization enables it',
    security: bearerSecurity,
    request: { query: TeamUnreadQuery },
    responses: { 200: jsonResponse('Unread', TeamUnreadSchema), ...errorResponses(403, 404) },
  }),
  async (c) => {
    const { publicationId } = c.req.valid('query');
    const team = await createTeamPayslipService(serviceDeps(c)).unread(c.var.actor, publicationId);
    return c.json(teamUnreadView(team), 200);
  },
);
