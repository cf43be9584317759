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
import { createTenantUserService } from './service.ts';
import {
  DeleteTenantUserBody,
  DeletionCodeSchema,
  deletionCodeView,
  Ended,
  NewTenantUser,
  TenantUserChanges,
  TenantUserSchema,
  tenantUserView,
  UserIdParams,
} from './views.ts';

const route = routesOf('Tenant users');

/**
 * Mounted at /v1/organizations/:orgId/users: a tenant's users (scloud.ru «Администрирование» –
 * «Пользователи») with their access levels, rights, databases and sessions.
 */
export const tenantUserRoutes = resourceApp()
  .openapi(
    route({
      method: 'get',
      path: '/',
      operationId: 'listTenantUsers',
      summary: "The organization's users with their access levels, rights and databases (by login)",
      security: bearerSecurity,
      request: { params: OrgIdParam, query: PageQuery },
      responses: {
        200: jsonResponse('A page of users', pageOf(TenantUserSchema)),
        ...errorResponses(403, 404),
      },
    }),
    async (c) => {
      const { orgId } = c.req.valid('param');
      const page = await createTenantUserService(serviceDeps(c)).list(
        c.var.actor,
        orgId,
        c.req.valid('query'),
      );
      return c.json({ items: page.items.map(tenantUserView), nextCursor: page.nextCursor }, 200);
    },
  )
  .openapi(
    route({
      method: 'post',
      path: '/',
      operationId: 'createTenantUser',
      summary: 'Add a user with an access level (and, optionally, extra rights and databases)',
      security: bearerSecurity,
      request: { params: OrgIdParam, ...jsonBody(NewTenantUser) },
      responses: {
        201: jsonResponse('Created', TenantUserSchema),
        ...errorResponses(403, 404, 409),
      },
    }),
    async (c) => {
      const { orgId } = c.req.valid('param');
      const member = await createTenantUserService(serviceDeps(c)).create(
        c.var.actor,
        orgId,
        c.req.valid('json'),
      );
      return c.json(tenantUserView(member), 201);
    },
  )
  .openapi(
    route({
      method: 'get',
      path: '/{userId}',
      operationId: 'getTenantUser',
      summary: 'One user of the organization',
      security: bearerSecurity,
      request: { params: UserIdParams },
      responses: { 200: jsonResponse('The user', TenantUserSchema), ...errorResponses(403, 404) },
    }),
    async (c) => {
      const { orgId, userId } = c.req.valid('param');
      const member = await createTenantUserService(serviceDeps(c)).get(c.var.actor, orgId, userId);
      return c.json(tenantUserView(member), 200);
    },
  )
  .openapi(
    route({
      method: 'patch',
      path: '/{userId}',
      operationId: 'updateTenantUser',
      summary: "Edit a user's login, password, personal data, access level, extra rights or databases",
      description:
        'Only the fields sent change; `email`/`phone` null clears them. A new password ends the ' +
        "user's sessions (PASSWORD_CHANGE_ENDS_SESSIONS). The login, password and personal data of an " +
        'account that also belongs to another organization (or is not a tenant account) cannot be changed here.',
      security: bearerSecurity,
      request: { params: UserIdParams, ...jsonBody(TenantUserChanges) },
      responses: {
        200: jsonResponse('The user', TenantUserSchema),
        ...errorResponses(403, 404, 409),
      },
    }),
    async (c) => {
      const { orgId, userId } = c.req.valid('param');
      const member = await createTenantUserService(serviceDeps(c)).update(
        c.var.actor,
        orgId,
        userId,
        c.req.valid('json'),
      );
      return c.json(tenantUserView(member), 200);
    },
  )
  .openapi(
    route({
      method: 'post',
      path: '/{userId}/deletion-code',
      operationId: 'sendTenantUserDeletionCode',
      summary: 'Send the code that confirms deleting this user to the one who deletes (SMS, else e-mail)',
      description:
        "A logged-in user gets it on their own phone or e-mail; for the organization key or the operator it goes to the owner's.",
      security: bearerSecurity,
      request: { params: UserIdParams },
      responses: {
        202: jsonResponse('Sent', DeletionCodeSchema),
        ...errorResponses(403, 404, 409, 429),
      },
    }),
    async (c) => {
      const { orgId, userId } = c.req.valid('param');
      const sent = await createTenantUserService(serviceDeps(c)).sendDeletionCode(c.var.actor, orgId, userId);
      return c.json(deletionCodeView(sent), 202);
    },
  )
  .openapi(
    route({
      method: 'delete',
      path: '/{userId}',
      operationId: 'deleteTenantUser',
      summary: 'Delete a user with the confirmation code; their sessions end',
      security: bearerSecurity,
      request: {
        params: UserIdParams,
        body: { required: false, content: { 'application/json': { schema: DeleteTenantUserBody } } },
      },
      responses: { 204: { description: 'Deleted' }, ...errorResponses(403, 404, 409, 410) },
    }),
    async (c) => {
      const { orgId, userId } = c.req.valid('param');
      const { confirmationCode } = c.req.valid('json');
      await createTenantUserService(serviceDeps(c)).remove(c.var.actor, orgId, userId, confirmationCode);
      return c.body(null, 204);
    },
  )
  .openapi(
    route({
      method: 'delete',
      path: '/{userId}/sessions',
      operationId: 'endTenantUserSessions',
      summary: "End all sessions of one user (except the caller's own current session)",
      security: bearerSecurity,
      request: { params: UserIdParams },
      responses: { 200: jsonResponse('Ended', Ended), ...errorResponses(403, 404) },
    }),
    async (c) => {
      const { orgId, userId } = c.req.valid('param');
      const ended = await createTenantUserService(serviceDeps(c)).endSessions(c.var.actor, orgId, userId);
      return c.json({ ended }, 200);
    },
  );
