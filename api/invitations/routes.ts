import { requestOrigin, serviceDeps } from '../http/context.ts';
import { resourceApp } from '../http/resource-app.ts';
import { routesOf } from '../http/route.ts';
import {
  bearerSecurity,
  errorResponses,
  jsonBody,
  jsonResponse,
  OrgIdParam,
  pageOf,
} from '../http/schemas.ts';
import { createActivationService } from './activation-service.ts';
import { createInvitationService } from './service.ts';
import {
  ActivatedSchema,
  Activation,
  BatchAcceptedSchema,
  BatchParams,
  BatchProgressSchema,
  batchProgressView,
  InvitationListQuery,
  InvitationParams,
  InvitationSchema,
  invitationView,
  InviteEmployees,
  ResendingSchema,
  resendingView,
} from './views.ts';

const route = routesOf('Invitations');

/** Mounted at /v1/organizations/:orgId/invitations. */
export const invitationRoutes = resourceApp()
  .openapi(
    route({
      method: 'post',
      path: '/',
      operationId: 'inviteEmployees',
      summary: 'Invite employees by SMS (one or thousands); answers at once with a batch to poll',
      security: bearerSecurity,
      idempotent: true,
      // Up to 10,000 employee ids.
      maxBodyBytes: 1024 * 1024,
      request: { params: OrgIdParam, ...jsonBody(InviteEmployees) },
      responses: { 202: jsonResponse('Accepted', BatchAcceptedSchema), ...errorResponses(403, 404, 409) },
    }),
    async (c) => {
      const { orgId } = c.req.valid('param');
      const accepted = await createInvitationService(serviceDeps(c)).invite(
        c.var.actor,
        orgId,
        c.req.valid('json').employeeIds,
      );
      return c.json(accepted, 202);
    },
  )
  .openapi(
    route({
      method: 'get',
      path: '/batches/{batchId}',
      operationId: 'getInvitationBatch',
      summary: 'Live progress of a bulk invitation, with the employees that could not be invited and why',
      security: bearerSecurity,
      request: { params: BatchParams },
      responses: { 200: jsonResponse('Progress', BatchProgressSchema), ...errorResponses(403, 404) },
    }),
    async (c) => {
      const { orgId, batchId } = c.req.valid('param');
      const progress = await createInvitationService(serviceDeps(c)).batch(c.var.actor, orgId, batchId);
      return c.json(batchProgressView(progress), 200);
    },
  )
  .openapi(
    route({
      method: 'get',
      path: '/',
      operationId: 'listInvitations',
      summary: 'Invitations, newest first, optionally by status',
      security: bearerSecurity,
      request: { params: OrgIdParam, query: InvitationListQuery },
      responses: {
        200: jsonResponse('A page of invitations', pageOf(InvitationSchema)),
        ...errorResponses(403, 404),
      },
    }),
    async (c) => {
      const { orgId } = c.req.valid('param');
      const page = await createInvitationService(serviceDeps(c)).list(
        c.var.actor,
        orgId,
        c.req.valid('query'),
      );
      return c.json({ items: page.items.map(invitationView), nextCursor: page.nextCursor }, 200);
    },
  )
  .openapi(
    route({
      method: 'post',
      path: '/{invitationId}/resend',
      operationId: 'resendInvitation',
      summary: 'Send a new code (the old one is void); at most once per cooldown',
      security: bearerSecurity,
      request: { params: InvitationParams },
      responses: {
        202: jsonResponse('A new code is on its way', ResendingSchema),
        ...errorResponses(403, 404, 409, 429),
      },
    }),
    async (c) => {
      const { orgId, invitationId } = c.req.valid('param');
      await createInvitationService(serviceDeps(c)).resend(c.var.actor, orgId, invitationId);
      return c.json(resendingView(invitationId), 202);
    },
  )
  .openapi(
    route({
      method: 'post',
      path: '/{invitationId}/revoke',
      operationId: 'revokeInvitation',
      summary: 'Revoke an invitation: its code is void and its process ends',
      security: bearerSecurity,
      request: { params: InvitationParams },
      responses: { 200: jsonResponse('Revoked', InvitationSchema), ...errorResponses(403, 404, 409) },
    }),
    async (c) => {
      const { orgId, invitationId } = c.req.valid('param');
      const revoked = await createInvitationService(serviceDeps(c)).revoke(c.var.actor, orgId, invitationId);
      return c.json(invitationView(revoked), 200);
    },
  );

/** Mounted at /v1/activation: anonymous, the invitation's code is the credential. */
export const activationRoutes = resourceApp().openapi(
  route({
    method: 'post',
    path: '/',
    operationId: 'activateCabinet',
    summary: 'Activate a cabinet with the SMS code and set the password (the invitation workflow decides)',
    request: jsonBody(Activation),
    responses: { 200: jsonResponse('Activated', ActivatedSchema), ...errorResponses(409, 410, 429) },
  }),
  async (c) => {
    const account = await createActivationService(serviceDeps(c)).activate(
      c.req.valid('json'),
      requestOrigin(c),
    );
    return c.json(account, 200);
  },
);
