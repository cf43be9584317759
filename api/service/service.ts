import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { Employee, Service } from '../../db/entities/index.ts';
import { serviceAdminProblem, type ServiceAdminProblem } from '../../domain/service-admin.ts';
import { serviceUrl } from '../../domain/service-url.ts';
import { validateSlug } from '../../domain/slug.ts';
import { startServiceOnboarding } from '../../processes/service-onboarding.ts';
import { onboardingWorkflowId } from '../../workflows/ids.ts';
import { requireOrganizationAdmin } from '../http/access.ts';
import { processClient, type Actor, type ServiceDeps } from '../http/context.ts';
import { ApiError, conflict, invalidField } from '../http/errors.ts';
import { startTemporalOr503 } from '../http/temporal.ts';
import type { ConnectService } from './views.ts';

const alreadyConnected = () => conflict('already_connected', 'the service is already connected');
const slugTaken = () => invalidField('slug', 'Этот адрес уже занят.', 'slug_taken');

const ADMIN_PROBLEMS: Record<ServiceAdminProblem, [code: string, message: string]> = {
  not_employed: ['admin_not_employed', 'the administrator is not employed'],
  missing_email: ['admin_missing_email', 'the administrator has no e-mail'],
  missing_phone: ['admin_missing_phone', 'the administrator has no mobile phone'],
};

/** The organization's employee service: connecting it (the onboarding process) and where it stands. */
export function createOnboardingService(deps: ServiceDeps) {
  const { em, env, log } = deps;
  return {
    /**
     * Checks the request, writes the service as "connecting" and starts its onboarding process (trial,
     * the administrator's invitation). 409 when already connected; 422 for the slug or the administrator.
     */
    async connect(
      actor: Actor | undefined,
      organizationId: string,
      input: ConnectService,
    ): Promise<{ workflowId: string; url: string }> {
      await requireOrganizationAdmin(em, actor, organizationId);
      const slug = validateSlug(input.slug);
      if (!slug.ok) throw invalidField('slug', slug.reason, 'invalid_slug');
      if (await em.findOne(Service, organizationId)) throw alreadyConnected();
      if (await em.findOne(Service, { slug: slug.slug })) throw slugTaken();

      const admin = await em.findOne(Employee, { id: input.adminEmployeeId, organizationId });
      if (!admin) throw invalidField('adminEmployeeId', 'no such employee in this organization');
      const problem = serviceAdminProblem(admin);
      if (problem) {
        const [code, message] = ADMIN_PROBLEMS[problem];
        throw invalidField('adminEmployeeId', message, code);
      }
      const initialEmployeeIds = [...new Set(input.employeeIds ?? [])];
      if (initialEmployeeIds.length) {
        const known = await em.count(Employee, { organizationId, id: { $in: initialEmployeeIds } });
        if (known !== initialEmployeeIds.length) {
          throw invalidField('employeeIds', 'some ids are not employees of this organization');
        }
      }

      const workflowId = onboardingWorkflowId(organizationId);
      try {
        em.create(Service, {
          organizationId,
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
        if (await em.fork().findOne(Service, organizationId)) throw alreadyConnected();
        throw slugTaken();
      }

      // Without its process the row would be stuck in "connecting": undo it so the client can retry.
      await startTemporalOr503(
        log,
        () =>
          startServiceOnboarding(
            processClient(deps),
            {
              organizationId,
              trialDurationMs: env.TRIAL_DURATION,
              trialReminderLeadsMs: env.TRIAL_REMINDERS,
              codeTtlMs: env.INVITATION_CODE_TTL,
              maxAttempts: env.ACTIVATION_MAX_ATTEMPTS,
            },
            input.serviceName,
          ),
        () => em.fork().nativeDelete(Service, { organizationId, status: 'connecting' }),
      );
      log.info({ organizationId, workflowId }, 'service connecting');
      return { workflowId, url: serviceUrl(env.SERVICE_URL_TEMPLATE, slug.slug) };
    },

    /** The connected service and its address; 404 `service_not_connected` before the first connect. */
    async get(actor: Actor | undefined, organizationId: string): Promise<{ service: Service; url: string }> {
      await requireOrganizationAdmin(em, actor, organizationId);
      const service = await em.findOne(Service, organizationId);
      if (!service) throw new ApiError(404, 'service_not_connected', 'the service is not connected');
      return { service, url: serviceUrl(env.SERVICE_URL_TEMPLATE, service.slug) };
    },
  };
}
