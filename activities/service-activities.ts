import { LockMode } from '@mikro-orm/core';
import { ApplicationFailure } from '@temporalio/activity';
import { createHash, randomUUID } from 'node:crypto';
import { Employee, Invitation, Organization, Service } from '../db/entities/index.ts';
import { chooseChannel } from '../domain/message-channel.ts';
import { serviceUrl } from '../domain/service-url.ts';
import { openInvitationBatch } from '../processes/invitation-batch.ts';
import { queueMessage } from '../processes/outbox/queue.ts';
import type { ActivityDeps } from './deps.ts';

/** The batch that invites the employees chosen at connect: one per organization, so retries find it. */
function initialBatchId(organizationId: string): string {
  const hex = createHash('sha256').update(`initial-invitations:${organizationId}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export interface ProvisionedService {
  invitationId: string;
  adminEmployeeId: string;
  trialEndsAt: string;
  url: string;
}

export function createServiceActivities({ orm, clock, settings, logger, temporal }: ActivityDeps) {
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

    /**
     * The employees chosen at connect get their invitations once the admin is in: one invitation
     * batch, like a bulk POST. Safe to retry: the batch id is fixed per organization.
     */
    async inviteInitialEmployees(input: {
      organizationId: string;
      codeTtlMs: number;
      maxAttempts: number;
      taskQueue: string;
    }): Promise<{ batchId: string; total: number } | null> {
      const em = orm.em.fork();
      const service = await em.findOneOrFail(Service, input.organizationId);
      const employeeIds = service.initialEmployeeIds.filter((id) => id !== service.adminEmployeeId);
      if (employeeIds.length === 0) return null;
      const batchId = initialBatchId(input.organizationId);
      await openInvitationBatch(
        orm.em.fork(),
        { temporal, taskQueue: input.taskQueue },
        {
          batchId,
          organizationId: input.organizationId,
          employeeIds,
          codeTtlMs: input.codeTtlMs,
          maxAttempts: input.maxAttempts,
          summary: `Приглашение ${employeeIds.length} сотрудников, выбранных при подключении`,
        },
      );
      logger.info(
        { organizationId: input.organizationId, batchId, total: employeeIds.length },
        'initial invitations started',
      );
      return { batchId, total: employeeIds.length };
    },

    /**
     * Reminds the administrator by e-mail that the trial ends soon (once per lead: the outbox id is
     * fixed). Not urgent, so it honours the organization's send window.
     */
    async remindTrialEnding(input: {
      organizationId: string;
      leadMs: number;
      taskQueue: string;
    }): Promise<void> {
      const em = orm.em.fork();
      const service = await em.findOneOrFail(Service, input.organizationId);
      if (service.status !== 'active' || !service.trialEndsAt) return;
      const [admin, organization] = await Promise.all([
        em.findOneOrFail(Employee, service.adminEmployeeId),
        em.findOneOrFail(Organization, input.organizationId),
      ]);
      const route = chooseChannel('trial_ending', admin);
      if (!route) {
        logger.warn(
          { organizationId: input.organizationId },
          'trial reminder skipped: the admin has no e-mail',
        );
        return;
      }
      const endsOn = new Intl.DateTimeFormat('ru-RU', {
        day: 'numeric',
        month: 'long',
        year: 'numeric',
        timeZone: organization.timezone,
      }).format(service.trialEndsAt);
      await queueMessage(
        { em, temporal, taskQueue: input.taskQueue, secret: settings.secret },
        {
          id: `trial-${input.organizationId}-${input.leadMs}`,
          organizationId: input.organizationId,
          employeeId: admin.id,
          kind: 'trial_ending',
          channel: route.channel,
          to: route.to,
          template: 'trial-ending',
          data: {
            fullName: admin.fullName,
            serviceName: service.name,
            endsOn,
            url: serviceUrl(settings.serviceUrlTemplate, service.slug),
          },
          urgent: false,
        },
      );
      logger.info(
        { organizationId: input.organizationId, leadMs: input.leadMs },
        'trial ending reminder queued',
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
