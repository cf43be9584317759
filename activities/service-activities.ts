import { LockMode } from '@mikro-orm/core';
import { ApplicationFailure } from '@temporalio/activity';
import { randomUUID } from 'node:crypto';
import { Employee, Invitation, Service } from '../db/entities/index.ts';
import { serviceUrl } from '../domain/service-url.ts';
import type { ActivityDeps } from './deps.ts';

export interface ProvisionedService {
  invitationId: string;
  adminEmployeeId: string;
  trialEndsAt: string;
  url: string;
}

export function createServiceActivities({ orm, clock, settings, logger }: ActivityDeps) {
  return {
    /**
     * Provisions the connected service: fixes the trial end and creates the admin's invitation.
     * Safe to retry: a second run returns what the first one created.
     */
    async provisionService(input: {
      organizationId: string;
      trialDurationMs: number;
      maxAttempts: number;
    }): Promise<ProvisionedService> {
      return orm.em.fork().transactional(async (em) => {
        const service = await em.findOne(Service, input.organizationId, {
          lockMode: LockMode.PESSIMISTIC_WRITE,
        });
        if (!service) {
          throw ApplicationFailure.create({
            type: 'ServiceNotFound',
            nonRetryable: true,
            message: 'no service row',
          });
        }
        const admin = await em.findOneOrFail(Employee, service.adminEmployeeId);
        if (!admin.phone) {
          throw ApplicationFailure.create({
            type: 'AdminWithoutPhone',
            nonRetryable: true,
            message: 'the administrator has no mobile phone',
          });
        }
        service.trialEndsAt ??= new Date(service.createdAt.getTime() + input.trialDurationMs);
        if (!service.adminInvitationId) {
          const invitation = em.create(Invitation, {
            id: randomUUID(),
            organizationId: service.organizationId,
            employeeId: admin.id,
            kind: 'admin',
            phone: admin.phone,
            status: 'pending',
            codeGeneration: 0,
            attemptsUsed: 0,
            maxAttempts: input.maxAttempts,
            createdAt: clock(),
          });
          service.adminInvitationId = invitation.id;
        }
        if (service.status === 'connecting') service.status = 'awaiting_admin';
        logger.info({ organizationId: service.organizationId }, 'service provisioned');
        return {
          invitationId: service.adminInvitationId,
          adminEmployeeId: admin.id,
          trialEndsAt: service.trialEndsAt.toISOString(),
          url: serviceUrl(settings.serviceUrlTemplate, service.slug),
        };
      });
    },

    /** The admin activated their cabinet: the service is live. */
    async activateService(input: { organizationId: string }): Promise<void> {
      const em = orm.em.fork();
      await em.nativeUpdate(
        Service,
        { organizationId: input.organizationId, status: { $in: ['connecting', 'awaiting_admin'] } },
        { status: 'active', activatedAt: clock() },
      );
    },

    /** The trial is over: the service becomes read-only. */
    async expireService(input: { organizationId: string }): Promise<void> {
      const em = orm.em.fork();
      await em.nativeUpdate(
        Service,
        { organizationId: input.organizationId, status: { $ne: 'expired' } },
        { status: 'expired', expiredAt: clock() },
      );
      logger.info({ organizationId: input.organizationId }, 'service trial ended');
    },
  };
}
