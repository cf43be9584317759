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
} from '../http/schemas.ts';
import { createEmployeeService } from './service.ts';
import {
  EmployeeListQuery,
  EmployeeSchema,
  EmployeesUpsert,
  employeeView,
  UpsertResultSchema,
} from './views.ts';

const route = routesOf('Employees');

/** Mounted at /v1/organizations/:orgId/employees. */
export const employeeRoutes = resourceApp()
  .openapi(
    route({
      method: 'put',
      path: '/',
      operationId: 'upsertEmployees',
      summary:
        'Upsert employees by externalId (up to 10,000 per call); invalid rows are reported, valid ones saved',
      security: bearerSecurity,
      // 10,000 employees with every field filled.
      maxBodyBytes: 16 * 1024 * 1024,
      request: { params: OrgIdParam, ...jsonBody(EmployeesUpsert) },
      responses: { 200: jsonResponse('Upserted', UpsertResultSchema), ...errorResponses(403, 404) },
    }),
    async (c) => {
      const { orgId } = c.req.valid('param');
      const result = await createEmployeeService(serviceDeps(c)).upsert(
        c.var.actor,
        orgId,
        c.req.valid('json').employees,
      );
      return c.json(result, 200);
    },
  )
  .openapi(
    route({
      method: 'get',
      path: '/',
      operationId: 'listEmployees',
      summary: 'List employees; missingContacts=true lists those who cannot be invited',
      security: bearerSecurity,
      request: { params: OrgIdParam, query: EmployeeListQuery },
      responses: {
        200: jsonResponse('A page of employees', pageOf(EmployeeSchema)),
        ...errorResponses(403, 404),
      },
    }),
    async (c) => {
      const { orgId } = c.req.valid('param');
      const page = await createEmployeeService(serviceDeps(c)).list(c.var.actor, orgId, c.req.valid('query'));
      return c.json({ items: page.items.map(employeeView), nextCursor: page.nextCursor }, 200);
    },
  );
