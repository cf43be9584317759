import { LockMode } from '@mikro-orm/core';
import { ApplicationFailure } from '@temporalio/activity';
import { randomUUID } from 'node:crypto';
import { ActivationAttempt, Employee, Invitation, Service, SmsMessage, User } from '../db/entities/index.ts';
import { OPEN_INVITATION_STATUSES } from '../db/entities/invitation.ts';
import { generateVerificationCode, hashVerificationCode, codesEqual } from '../domain/verification-code.ts';
import { SmscError } from '../integrations/smsc/client.ts';
import { renderSms } from '../templates/render.ts';
import type { ActivityDeps } from './deps.ts';
import { serviceUrl } from '../domain/service-url.ts';

export interface CodeSent {
  status: 'sent';
  expiresAt: string;
}
export interface CodeNotSent {
  status: 'failed';
  failureReason: string;
}

export type ActivationVerdict =
  | { outcome: 'activated'; userId: string; login: string }
  | { outcome: 'invalid_code'; attemptsLeft: number }
  | { outcome: 'too_many_attempts' }
  | { outcome: 'code_expired' }
  | { outcome: 'not_open'; status: string };

/** The outbox id of the SMS that carries a given code: stable across retries of the same send. */
export const codeSmsId = (invitationId: string, generation: number): string => `inv-${invitationId}-${generation}`;

export function createInvitationActivities({ orm, sms, clock, settings, logger }: ActivityDeps) {
  return {
    /**
     * Issues a fresh code and sends it by SMS, exactly once per code.
     *
     * The code exists only in memory here: its HMAC is stored, the SMS carries it, and nothing else
     * sees it. If a previous attempt crashed after handing the SMS to the provider, the provider
     * knows our message id, so we ask before sending again.
     */
    async sendInvitationCode(input: { invitationId: string; codeTtlMs: number }): Promise<CodeSent | CodeNotSent> {
      const em = orm.em.fork();
      const invitation = await em.findOneOrFail(Invitation, input.invitationId);
      if (!OPEN_INVITATION_STATUSES.includes(invitation.status)) {
        throw ApplicationFailure.create({
          type: 'InvitationClosed',
          nonRetryable: true,
          message: `invitation is ${invitation.status}`,
        });
      }
      const currentSmsId = codeSmsId(invitation.id, invitation.codeGeneration);
      const current = invitation.codeGeneration > 0 ? await em.findOne(SmsMessage, currentSmsId) : null;
      if (current && current.status !== 'sending' && invitation.expiresAt) {
        return { status: 'sent', expiresAt: invitation.expiresAt.toISOString() };
      }
      if (current?.status === 'sending' && invitation.expiresAt) {
        const known = await sms.status({ id: current.id, phone: current.phone }).catch(() => undefined);
        if (known && known.status !== -3) {
          await markSent(current.id, known.status === 1 ? 'delivered' : 'sent');
          return { status: 'sent', expiresAt: invitation.expiresAt.toISOString() };
        }
        // The provider never got it: that code is void, and a new one goes out under a new id.
        await em.nativeUpdate(SmsMessage, { id: current.id }, { status: 'failed', failureReason: 'not accepted by the provider' });
      }

      const service = await em.findOneOrFail(Service, invitation.organizationId);
      const code = generateVerificationCode();
      const generation = invitation.codeGeneration + 1;
      const smsId = codeSmsId(invitation.id, generation);
      const expiresAt = new Date(clock().getTime() + input.codeTtlMs);
      await em.transactional(async (tx) => {
        const locked = await tx.findOneOrFail(Invitation, invitation.id, { lockMode: LockMode.PESSIMISTIC_WRITE });
        locked.codeHash = hashVerificationCode(settings.secret, locked.phone, code);
        locked.codeGeneration = generation;
        locked.attemptsUsed = 0;
        locked.expiresAt = expiresAt;
        tx.create(SmsMessage, {
          id: smsId,
          organizationId: locked.organizationId,
          invitationId: locked.id,
          kind: 'invitation_code',
          phone: locked.phone,
          body: null,
          status: 'sending',
          createdAt: clock(),
        });
      });

      const text = renderSms('invitation-code', {
        serviceName: service.name,
        code,
        url: serviceUrl(settings.serviceUrlTemplate, service.slug),
      });
      try {
        const accepted = await sms.send({ id: smsId, phone: invitation.phone, text });
        await markSent(smsId, 'sent', accepted.providerId, accepted.parts);
      } catch (err) {
        if (!(err instanceof SmscError)) throw err;
        if (err.kind === 'duplicate') {
          await markSent(smsId, 'sent');
        } else if (err.kind === 'permanent') {
          await markFailed(smsId, err.reason);
          logger.warn({ invitationId: invitation.id, smscCode: err.code }, 'invitation sms rejected');
          return { status: 'failed', failureReason: err.reason };
        } else {
          // Transient or needing an operator: Temporal retries with backoff; the condition is logged.
          logger.warn({ invitationId: invitation.id, smscCode: err.code, kind: err.kind }, 'sms send failed, will retry');
          throw err;
        }
      }
      logger.info({ invitationId: invitation.id, smsId }, 'invitation code sent');
      return { status: 'sent', expiresAt: expiresAt.toISOString() };

      async function markSent(id: string, status: 'sent' | 'delivered', providerId?: string, parts?: number) {
        const now = clock();
        await orm.em.fork().transactional(async (tx) => {
          await tx.nativeUpdate(SmsMessage, { id }, { status, sentAt: now, providerId, parts });
          await tx.nativeUpdate(
            Invitation,
            { id: invitation.id, status: 'pending' },
            { status: status === 'delivered' ? 'delivered' : 'sent', sentAt: now },
          );
        });
      }
      async function markFailed(id: string, reason: string) {
        await orm.em.fork().transactional(async (tx) => {
          await tx.nativeUpdate(SmsMessage, { id }, { status: 'failed', failureReason: reason });
          await tx.nativeUpdate(Invitation, { id: invitation.id }, { status: 'failed', failureReason: reason });
        });
      }
    },

    /**
     * Decides one activation attempt. The invitation row is locked, so parallel attempts are
     * counted one by one and never get more than the allowed number of tries.
     */
    async verifyActivationAttempt(input: { invitationId: string; attemptId: string }): Promise<ActivationVerdict> {
      const verdict = await orm.em.fork().transactional(async (em): Promise<ActivationVerdict> => {
        const invitation = await em.findOneOrFail(Invitation, input.invitationId, { lockMode: LockMode.PESSIMISTIC_WRITE });
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
            invitation.status === 'expired' ? { outcome: 'code_expired' } : { outcome: 'not_open', status: invitation.status },
          );
        }
        if (!invitation.codeHash || !invitation.expiresAt || invitation.expiresAt <= now) {
          return decide({ outcome: 'code_expired' });
        }
        if (invitation.attemptsUsed >= invitation.maxAttempts) return decide({ outcome: 'too_many_attempts' });
        invitation.attemptsUsed += 1;
        if (!codesEqual(invitation.codeHash, attempt.codeHash) || !attempt.passwordHash) {
          return decide({ outcome: 'invalid_code', attemptsLeft: invitation.maxAttempts - invitation.attemptsUsed });
        }

        const login = invitation.phone;
        let user = await em.findOne(User, { login });
        if (user) {
          user.passwordHash = attempt.passwordHash;
        } else {
          user = em.create(User, { id: randomUUID(), login, passwordHash: attempt.passwordHash, createdAt: now, updatedAt: now });
        }
        await em.flush(); // the user row must exist before the employee points at it
        await em.nativeUpdate(Employee, { id: invitation.employeeId }, { userId: user.id });
        invitation.status = 'activated';
        invitation.activatedAt = now;
        invitation.userId = user.id;
        invitation.codeHash = null;
        return decide({ outcome: 'activated', userId: user.id, login });
      });
      logger.info({ invitationId: input.invitationId, outcome: verdict.outcome }, 'activation attempt decided');
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
