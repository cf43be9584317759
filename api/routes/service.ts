import { createRoute, z } from '@hono/zod-openapi';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { serviceUrl } from '../../domain/service-url.ts';
import { Employee, Service } from '../../db/entities/index.ts';
import { SERVICE_STATUSES } from '../../db/entities/service.ts';
import { validateSlug } from '../../domain/slug.ts';
import { onboardingWorkflowId } from '../../workflows/ids.ts';
import { startServiceOnboarding } from '../../processes/service-onboarding.ts';
import { ApiError, conflict, invalidField } from '../http/errors.ts';
import { requireOrganizationAdmin } from '../http/middleware/auth.ts';
import { resourceApp } from '../http/resource-app.ts';
import { startTemporalOr503 } from '../http/temporal.ts';
import { bearerSecurity, errorResponses, jsonBody, jsonResponse, OrgIdParam } from '../http/schemas.ts';

const ServiceSchema = z
  .object({
    status: z.enum(SERVICE_STATUSES),
    serviceName: z.string(),
    slug: z.string(),
    url: z.string(),
    trialEndsAt: z.string().nullable(),
    admin: z.object({ employeeId: z.uuid(), invitationId: z.uuid().nullable() }),
    workflowId: z.string(),
  })
  .openapi('Service');

const connectRoute = createRoute({
  method: 'post',
  path: '/v1/organizations/{orgId}/service/connect',
  summary: 'Connect the employee service: starts the trial and invites the administrator by SMS',
  security: bearerSecurity,
  request: {
    params: OrgIdParam,
    ...jsonBody(
      z.object({
        serviceName: z.string().trim().min(1).max(200),
        slug: z.string().max(100).openapi({ example: 'romashka' }),
        adminEmployeeId: z.uuid(),
        employeeIds: z.array(z.uuid()).max(10_000).optional(),
      }),
    ),
  },
  responses: {
    202: jsonResponse(
      'Connecting',
      z.object({ status: z.literal('connecting'), workflowId: z.string(), url: z.string() }),
    ),
    ...errorResponses(400, 401, 403, 404, 409, 422),
  },
});

const getRoute = createRoute({
  method: 'get',
  path: '/v1/organizations/{orgId}/service',
  summary: 'The connected service and where its onboarding is',
  security: bearerSecurity,
  request: { params: OrgIdParam },
  responses: { 200: jsonResponse('The service', ServiceSchema), ...errorResponses(401, 403, 404) },
});

export const serviceRoutes = resourceApp()
  .openapi(connectRoute, async (c) => {
    const { orgId } = c.req.valid('param');
    await requireOrganizationAdmin(c, orgId);
    const input = c.req.valid('json');
    const { em, deps } = c.var;

    const slug = validateSlug(input.slug);
    if (!slug.ok) throw invalidField('slug', slug.reason, 'invalid_slug');
    if (await em.findOne(Service, orgId))
      throw conflict('already_connected', 'the service is already connected');
    if (await em.findOne(Service, { slug: slug.slug }))
      throw invalidField('slug', 'Этот адрес уже занят.', 'slug_taken');

    const admin = await em.findOne(Employee, { id: input.adminEmployeeId, organizationId: orgId });
    if (!admin) throw invalidField('adminEmployeeId', 'no such employee in this organization');
    if (!admin.employed)
      throw invalidField('adminEmployeeId', 'the administrator is not employed', 'admin_not_employed');
    if (!admin.email)
      throw invalidField('adminEmployeeId', 'the administrator has no e-mail', 'admin_missing_email');
    if (!admin.phone)
      throw invalidField('adminEmployeeId', 'the administrator has no mobile phone', 'admin_missing_phone');
    const initialEmployeeIds = [...new Set(input.employeeIds ?? [])];
    if (initialEmployeeIds.length) {
      const known = await em.count(Employee, { organizationId: orgId, id: { $in: initialEmployeeIds } });
      if (known !== initialEmployeeIds.length) {
        throw invalidField('employeeIds', 'some ids are not employees of this organization');
      }
    }

    const workflowId = onboardingWorkflowId(orgId);
    try {
      em.create(Service, {
        organizationId: orgId,
        name: input.serviceName,
        slug: slug.slug,
        status: 'connecting',
        adminEmployeeId: admin.id,
        workflowId,
        initialEmployeeIds,
        createdAt: new Date(),
      });
      await em.flush();
    } catch (err) {
      if (!(err instanceof UniqueConstraintViolationException)) throw err;
      // Lost a race with a concurrent connect: tell which constraint it was.
      if (await em.fork().findOne(Service, orgId))
        throw conflict('already_connected', 'the service is already connected');
      throw invalidField('slug', 'Этот адрес уже занят.', 'slug_taken');
    }

    // Without its process the row would be stuck in "connecting": undo it so the client can retry.
    await startTemporalOr503(c.var.log,
      () =>
        startServiceOnboarding(
          { temporal: deps.temporal, taskQueue: deps.env.TEMPORAL_TASK_QUEUE },
          {
            organizationId: orgId,
            trialDurationMs: deps.env.TRIAL_DURATION,
            trialReminderLeadsMs: deps.env.TRIAL_REMINDERS,
            codeTtlMs: deps.env.INVITATION_CODE_TTL,
            maxAttempts: deps.env.ACTIVATION_MAX_ATTEMPTS,
          },
          input.serviceName,
        ),
      () => em.fork().nativeDelete(Service, { organizationId: orgId, status: 'connecting' }),
    );
    c.var.log.info({ organizationId: orgId, workflowId }, 'service connecting');
    return c.json(
      {
        status: 'connecting' as const,
        workflowId,
        url: serviceUrl(deps.env.SERVICE_URL_TEMPLATE, slug.slug),
      },
      202,
    );
  })
  .openapi(getRoute, async (c) => {
    const { orgId } = c.req.valid('param');
    await requireOrganizationAdmin(c, orgId);
    const service = await c.var.em.findOne(Service, orgId);
    if (!service) throw new ApiError(404, 'service_not_connected', 'the service is not connected');
    return c.json(
      {
        status: service.status,
        serviceName: service.name,
        slug: service.slug,
        url: serviceUrl(c.var.deps.env.SERVICE_URL_TEMPLATE, service.slug),
        trialEndsAt: service.trialEndsAt?.toISOString() ?? null,
        admin: { employeeId: service.adminEmployeeId, invitationId: service.adminInvitationId ?? null },
        workflowId: service.workflowId,
      },
      200,
    );
  });
