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
import { createTenantOrganizationService } from './organization-service.ts';
import {
  DatabaseParams,
  DatabaseSchema,
  databaseView,
  DetailsChanges,
  DetailsSchema,
  detailsView,
  MyRightsSchema,
  myRightsView,
  NewDatabase,
  OwnerInput,
  OwnerSchema,
  ownerView,
} from './organization-views.ts';
import { TenantUserSchema, tenantUserView } from './views.ts';

const route = routesOf('Tenant users');

/** Mounted at /v1/organizations/:orgId/databases: the tenant's 1C databases (database_management). */
export const tenantDatabaseRoutes = resourceApp()
  .openapi(
    route({
      method: 'get',
      path: '/',
      operationId: 'listTenantDatabases',
      summary: "The organization's 1C databases, by name, with how many users may use each",
      security: bearerSecurity,
      request: { params: OrgIdParam, query: PageQuery },
      responses: {
        200: jsonResponse('A page of databases', pageOf(DatabaseSchema)),
        ...errorResponses(403, 404),
      },
    }),
    async (c) => {
      const { orgId } = c.req.valid('param');
      const page = await createTenantOrganizationService(serviceDeps(c)).listDatabases(
        c.var.actor,
        orgId,
        c.req.valid('query'),
      );
      return c.json({ items: page.items.map(databaseView), nextCursor: page.nextCursor }, 200);
    },
  )
  .openapi(
    route({
      method: 'post',
      path: '/',
      operationId: 'addTenantDatabase',
      summary: 'Add a 1C database to the organization',
      security: bearerSecurity,
      request: { params: OrgIdParam, ...jsonBody(NewDatabase) },
      responses: { 201: jsonResponse('Created', DatabaseSchema), ...errorResponses(403, 404, 409) },
    }),
    async (c) => {
      const { orgId } = c.req.valid('param');
      const database = await createTenantOrganizationService(serviceDeps(c)).addDatabase(
        c.var.actor,
        orgId,
        c.req.valid('json').name,
      );
      return c.json(databaseView(database), 201);
    },
  )
  .openapi(
    route({
      method: 'delete',
      path: '/{databaseId}',
      operationId: 'removeTenantDatabase',
      summary: 'Remove a 1C database (and everyone’s access to it)',
      security: bearerSecurity,
      request: { params: DatabaseParams },
      responses: { 204: { description: 'Removed' }, ...errorResponses(403, 404) },
    }),
    async (c) => {
      const { orgId, databaseId } = c.req.valid('param');
      await createTenantOrganizationService(serviceDeps(c)).removeDatabase(c.var.actor, orgId, databaseId);
      return c.body(null, 204);
    },
  );

/** Mounted at /v1/organizations/:orgId/details: the organization's details (organization_details). */
export const organizationDetailsRoutes = resourceApp()
  .openapi(
    route({
      method: 'get',
      path: '/',
      operationId: 'getOrganizationDetails',
      summary: "The organization's details (реквизиты)",
      security: bearerSecurity,
      request: { params: OrgIdParam },
      responses: { 200: jsonResponse('Details', DetailsSchema), ...errorResponses(403, 404) },
    }),
    async (c) => {
      const { orgId } = c.req.valid('param');
      const details = await createTenantOrganizationService(serviceDeps(c)).details(c.var.actor, orgId);
      return c.json(detailsView(details), 200);
    },
  )
  .openapi(
    route({
      method: 'patch',
      path: '/',
      operationId: 'updateOrganizationDetails',
      summary: "Change the organization's details; `null` clears an optional one",
      security: bearerSecurity,
      request: { params: OrgIdParam, ...jsonBody(DetailsChanges) },
      responses: { 200: jsonResponse('Details', DetailsSchema), ...errorResponses(403, 404) },
    }),
    async (c) => {
      const { orgId } = c.req.valid('param');
      const details = await createTenantOrganizationService(serviceDeps(c)).updateDetails(
        c.var.actor,
        orgId,
        c.req.valid('json'),
      );
      return c.json(detailsView(details), 200);
    },
  );

/** Mounted at /v1/organizations/:orgId/owner: the main user (main_user_info; set by the operator or the key). */
export const tenantOwnerRoutes = resourceApp()
  .openapi(
    route({
      method: 'get',
      path: '/',
      operationId: 'getTenantOwner',
      summary: 'The main user (owner) of the organization',
      security: bearerSecurity,
      request: { params: OrgIdParam },
      responses: { 200: jsonResponse('The owner', OwnerSchema), ...errorResponses(403, 404) },
    }),
    async (c) => {
      const { orgId } = c.req.valid('param');
      const owner = await createTenantOrganizationService(serviceDeps(c)).owner(c.var.actor, orgId);
      return c.json(ownerView(owner), 200);
    },
  )
  .openapi(
    route({
      method: 'put',
      path: '/',
      operationId: 'setTenantOwner',
      summary:
        'Set the main user (operator or the organization key): create it, or make an existing account the owner',
      description:
        'A new login creates a tenant account (201). A login that exists makes that account the owner only with ' +
        'its own password (200; its personal data stay as they are); a wrong password is 409 `login_taken`. ' +
        'A previous owner stays as an administrator.',
      security: bearerSecurity,
      request: { params: OrgIdParam, ...jsonBody(OwnerInput) },
      responses: {
        200: jsonResponse('An existing account is the owner', TenantUserSchema),
        201: jsonResponse('A new account was created as the owner', TenantUserSchema),
        ...errorResponses(403, 404, 409, 429),
      },
    }),
    async (c) => {
      const { orgId } = c.req.valid('param');
      const { member, created } = await createTenantOrganizationService(serviceDeps(c)).setOwner(
        c.var.actor,
        orgId,
        c.req.valid('json'),
      );
      return created ? c.json(tenantUserView(member), 201) : c.json(tenantUserView(member), 200);
    },
  );

/** Mounted at /v1/organizations/:orgId/me/rights: the caller's own access (any member; for the UI). */
export const myTenantRightsRoutes = resourceApp().openapi(
  route({
    method: 'get',
    path: '/',
    operationId: 'getMyTenantRights',
    summary: 'My access level and rights in this organization (for the UI)',
    security: bearerSecurity,
    request: { params: OrgIdParam },
    responses: { 200: jsonResponse('My rights', MyRightsSchema), ...errorResponses(403, 404) },
  }),
  async (c) => {
    const { orgId } = c.req.valid('param');
    const access = await createTenantOrganizationService(serviceDeps(c)).myRights(c.var.actor, orgId);
    return c.json(myRightsView(access), 200);
  },
);
