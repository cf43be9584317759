import { LockMode } from '@mikro-orm/core';
import { ApplicationFailure } from '@temporalio/activity';
import { randomUUID } from 'node:crypto';
import {
  ActivationAttempt,
  Employee,
  Invitation,
  Service,
  OutboxMessage,
  User,
} from '../db/entities/index.ts';
import { OPEN_INVITATION_STATUSES, type InvitationStatus } from '../db/entities/invitation.ts';
import type { EntityManager } from '@mikro-orm/postgresql';
import { generateVerificationCode, hashVerificationCode, codesEqual } from '../integrations/crypto/one-time-code.ts';
import { SmscError } from '../integrations/smsc/client.ts';
import { renderSms } from '../templates/render.ts';
import { PROVIDER_NEEDS_OPERATOR } from '../domain/process-failures.ts';
import type { ActivationVerdict, CodeNotSent, CodeSent, DeliveryCheck } from '../workflows/invitation.ts';
import { providerHasSms, sendSmsOnce, type SmsSendOutcome } from './outbox/sms.ts';
import type { ActivityDeps } from './deps.ts';
import { serviceUrl } from '../domain/service-url.ts';


/** A code may be (re)issued while the invitation is open, and after a failed SMS (resend). */
const SENDABLE_STATUSES: readonly InvitationStatus[] = [...OPEN_INVITATION_STATUSES, 'failed'];

/** The SMS did not go through: the message and the invitation say why. */
async function recordFailure(
  em: EntityManager,
  invitationId: string,
  smsId: string,
  reason: string,
): Promise<void> {
  await em.transactional(async (tx) => {
    await tx.nativeUpdate(OutboxMessage, { id: smsId }, { status: 'failed', failureReason: reason });
    await tx.nativeUpdate(
      Invitation,
      { id: invitationId, status: { $in: ['pending', 'sent', 'delivered'] } },
      { status: 'failed', failureReason: reason },
    );
  });
}

/** The outbox id of the SMS that carries a given code: stable across retries of the same send. */
export const codeSmsId = (invitationId: string, generation: number): string =>
  `inv-${invitationId}-${generation}`;

export function createInvitationActivities({ orm, sms, clock, settings, logger }: ActivityDeps) {
  return {
    /**
     * Makes sure the person has a code numbered `minGeneration` or later, sent by SMS exactly once.
     *
     * The code exists only in memory here: its HMAC is stored, the SMS carries it, and nothing else
     * sees it. A retry after a crash finds the code already issued; if its SMS may have reached the
     * provider, the provider is asked by our message id before anything is sent again.
     */
    async sendInvitationCode(input: {
      invitationId: string;
      codeTtlMs: number;
      minGeneration: number;
    }): Promise<CodeSent | CodeNotSent> {
      const em = orm.em.fork();
      const invitation = await em.findOneOrFail(Invitation, input.invitationId);
      if (!SENDABLE_STATUSES.includes(invitation.status)) {
        throw ApplicationFailure.create({
          type: 'InvitationClosed',
          nonRetryable: true,
          message: `invitation is ${invitation.status}`,
        });
      }
      if (invitation.codeGeneration >= input.minGeneration && invitation.expiresAt) {
        const issued = await em.findOne(OutboxMessage, codeSmsId(invitation.id, invitation.codeGeneration));
        const expiresAt = invitation.expiresAt.toISOString();
        if (issued?.status === 'sent' || issued?.status === 'delivered')
          return { status: 'sent', smsId: issued.id, expiresAt };
        // The provider refused this code for good: the invitation says failed, and so do we.
        // (Refused for a reason an operator must fix, it stays open: a fresh code is issued below.)
        if (issued?.status === 'failed' && invitation.status === 'failed') {
          return { status: 'failed', failureReason: issued.failureReason ?? 'failed' };
        }
        if (issued && issued.status === 'sending') {
          // If the provider cannot say (an error), this throws and Temporal asks again later:
          // not knowing is not "never got it", and a second code would be a second SMS.
          if (await providerHasSms(sms, { id: issued.id, phone: issued.phone ?? invitation.phone })) {
            await recordAccepted(issued.id);
            return { status: 'sent', smsId: issued.id, expiresAt };
          }
          // The provider never got it: that code is void, and a new one goes out under a new id.
          await em.nativeUpdate(
            OutboxMessage,
            { id: issued.id },
            { status: 'failed', failureReason: 'not accepted by the provider' },
          );
        }
      }

      const service = await em.findOneOrFail(Service, invitation.organizationId);
      const code = generateVerificationCode();
      const expiresAt = new Date(clock().getTime() + input.codeTtlMs);
      // One statement issues the code and queues its SMS, if nobody changed the invitation since it was
      // read above (a resend, a revoke, a new phone): then the read is repeated and the send retried.
      const generation = invitation.codeGeneration + 1;
      const smsId = codeSmsId(invitation.id, generation);
      const now = clock();
      const issued = await em.execute<{ id: string }[]>(
        `with issued as (
           update invitations
           set code_generation = ?, code_hash = ?, attempts_used = 0, expires_at = ?, code_requested_at = ?,
               failure_reason = null, status = case when status = 'failed' then 'pending' else status end
           where id = ? and code_generation = ? and phone = ? and status = any(?::text[])
           returning organization_id)
         insert into outbox_messages (id, organization_id, invitation_id, employee_id, kind, channel, phone, body, urgent, status, created_at)
         select ?, organization_id, ?, ?, 'invitation_code', 'sms', ?, null, true, 'sending', ? from issued
         returning id`,
        [
          generation,
          hashVerificationCode(settings.secret, invitation.phone, code),
          expiresAt,
          now,
          invitation.id,
          invitation.codeGeneration,
          invitation.phone,
          `{${SENDABLE_STATUSES.join(',')}}`,
          smsId,
          invitation.id,
          invitation.employeeId,
          invitation.phone,
          now,
        ],
      );
      if (issued.length === 0) {
        const current = await orm.em.fork().findOneOrFail(Invitation, invitation.id);
        if (!SENDABLE_STATUSES.includes(current.status)) {
          throw ApplicationFailure.create({
            type: 'InvitationClosed',
            nonRetryable: true,
            message: `invitation is ${current.status}`,
          });
        }
        throw new Error('the invitation changed while its code was issued; trying again');
      }

      const text = renderSms('invitation-code', {
        serviceName: service.name,
        code,
        url: serviceUrl(settings.serviceUrlTemplate, service.slug),
      });
      let outcome: SmsSendOutcome;
      try {
        outcome = await sendSmsOnce(sms, { id: smsId, phone: invitation.phone, text });
      } catch (err) {
        // Transient (HTTP 5xx, timeouts): Temporal retries with backoff, each failure logged.
        if (err instanceof SmscError) {
          logger.warn({ invitationId: invitation.id, smscCode: err.code }, 'sms send failed, will retry');
        }
        throw err;
      }
      if (outcome.kind === 'accepted') {
        await recordAccepted(smsId, outcome.providerId, outcome.parts);
      } else if (outcome.kind === 'rejected') {
        await recordFailure(em, invitation.id, smsId, outcome.reason);
        logger.warn({ invitationId: invitation.id, smscCode: outcome.code }, 'invitation sms rejected');
        return { status: 'failed', failureReason: outcome.reason };
      } else {
        // No money, bad credentials, a blocked IP: retrying soon is pointless. The provider refused
        // the message, so it is void; the workflow waits visibly and tries again later.
        const reason = outcome.reason;
        await orm.em.fork().transactional(async (tx) => {
          await tx.nativeUpdate(OutboxMessage, { id: smsId }, { status: 'failed', failureReason: reason });
          await tx.nativeUpdate(Invitation, { id: invitation.id }, { failureReason: reason });
        });
        logger.error(
          { invitationId: invitation.id, smscCode: outcome.code },
          'sms provider needs an operator',
        );
        throw ApplicationFailure.create({
          type: PROVIDER_NEEDS_OPERATOR,
          nonRetryable: true,
          message: reason,
        });
      }
      logger.info({ invitationId: invitation.id, smsId }, 'invitation code sent');
      return { status: 'sent', smsId, expiresAt: expiresAt.toISOString() };

      async function recordAccepted(id: string, providerId?: string, parts?: number) {
        const now = clock();
        // Both rows in one statement: atomic, and one round trip instead of four on the hot path.
        await orm.em.fork().execute(
          `with sms as (
             update outbox_messages
             set status = 'sent', sent_at = ?, provider_id = coalesce(?, provider_id), parts = coalesce(?, parts)
             where id = ? and status = 'sending')
           update invitations set status = 'sent', sent_at = ? where id = ? and status = 'pending'`,
          [now, providerId ?? null, parts ?? null, id, now, invitation.id],
        );
      }
    },

    /**
     * Asks the provider once how the code's SMS is doing; a final answer is recorded on the
     * message and the invitation. The workflow calls it again with growing pauses until final.
     */
    async checkDelivery(input: { invitationId: string; smsId: string }): Promise<DeliveryCheck> {
      const em = orm.em.fork();
      const message = await em.findOneOrFail(OutboxMessage, input.smsId);
      if (message.status === 'delivered') return { final: true, delivered: true };
      if (message.status === 'failed')
        return { final: true, delivered: false, failureReason: message.failureReason ?? 'failed' };
      const status = await sms.status({ id: message.id, phone: message.phone ?? '' });
      if (!status.final) return { final: false, delivered: false };
      if (status.delivered) {
        const now = clock();
        // Both rows in one statement: atomic, and one round trip instead of four on the hot path.
        await em.execute(
          `with sms as (update outbox_messages set status = 'delivered', delivered_at = ? where id = ?)
           update invitations set status = 'delivered', delivered_at = ? where id = ? and status = 'sent'`,
          [now, message.id, now, input.invitationId],
        );
        return { final: true, delivered: true };
      }
      const reason = `${status.description} (SMSC status ${status.status})`;
      await recordFailure(em, input.invitationId, message.id, reason);
      logger.warn(
        { invitationId: input.invitationId, smscStatus: status.status },
        'invitation sms not delivered',
      );
      return { final: true, delivered: false, failureReason: reason };
    },

    /**
     * Decides one activation attempt. The invitation row is locked, so parallel attempts are
     * counted one by one and never get more than the allowed number of tries.
     */
    async verifyActivationAttempt(input: {
      invitationId: string;
      attemptId: string;
    }): Promise<ActivationVerdict> {
      const verdict = await orm.em.fork().transactional(async (em): Promise<ActivationVerdict> => {
        const invitation = await em.findOneOrFail(Invitation, input.invitationId, {
          lockMode: LockMode.PESSIMISTIC_WRITE,
        });
        const attempt = await em.findOneOrFail(ActivationAttempt, input.attemptId);
        const now = clock();
        if (attempt.outcome) return JSON.parse(attempt.outcome) as ActivationVerdict; // a retried activity
        const decide = (v: ActivationVerdict): ActivationVerdict => {
          attempt.outcome = JSON.stringify(v);
          attempt.passwordHash = null;
          return v;
        };

        if (!OPEN_INVITATION_STATUSES.includes(invitation.status)) {
          return decide(
            invitation.status === 'expired'
              ? { outcome: 'code_expired' }
              : { outcome: 'not_open', status: invitation.status },
          );
        }
        if (!invitation.codeHash || !invitation.expiresAt || invitation.expiresAt <= now) {
          return decide({ outcome: 'code_expired' });
        }
        if (invitation.attemptsUsed >= invitation.maxAttempts)
          return decide({ outcome: 'too_many_attempts' });
        invitation.attemptsUsed += 1;
        if (!codesEqual(invitation.codeHash, attempt.codeHash) || !attempt.passwordHash) {
          return decide({
            outcome: 'invalid_code',
            attemptsLeft: invitation.maxAttempts - invitation.attemptsUsed,
          });
        }

        const login = invitation.phone;
        let user = await em.findOne(User, { login });
        if (user) {
          user.passwordHash = attempt.passwordHash;
        } else {
          user = em.create(User, {
            id: randomUUID(),
            login,
            passwordHash: attempt.passwordHash,
            createdAt: now,
            updatedAt: now,
          });
        }
        await em.flush(); // the user row must exist before the employee points at it
        await em.nativeUpdate(Employee, { id: invitation.employeeId }, { userId: user.id });
        invitation.status = 'activated';
        invitation.activatedAt = now;
        invitation.userId = user.id;
        invitation.codeHash = null;
        // The service administrator's cabinet is what activates the service, whichever invitation
        // brought them in (the first one may have expired and the admin been invited again).
        await em.nativeUpdate(
          Service,
          {
            organizationId: invitation.organizationId,
            adminEmployeeId: invitation.employeeId,
            status: 'awaiting_admin',
          },
          { status: 'active', activatedAt: now },
        );
        return decide({ outcome: 'activated', userId: user.id, login });
      });
      logger.info(
        { invitationId: input.invitationId, outcome: verdict.outcome },
        'activation attempt decided',
      );
      return verdict;
    },

    /** The code's lifetime ran out without activation. */
    async expireInvitation(input: { invitationId: string }): Promise<void> {
      await orm.em
        .fork()
        .nativeUpdate(
          Invitation,
          { id: input.invitationId, status: { $in: [...OPEN_INVITATION_STATUSES] } },
          { status: 'expired', codeHash: null },
        );
    },
  };
}
