import { WorkflowNotFoundError } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { Invitation, Service } from '../../db/entities/index.ts';
import {
  claimResendCooldown,
  isResendable,
  RESENDABLE_INVITATION_STATUSES,
} from '../../db/queries/invitations.ts';
import { openInvitationBatch } from '../../processes/invitation-batch.ts';
import { resendInvitation } from '../../processes/invitation.ts';
import { invitationWorkflowId } from '../../workflows/ids.ts';
import { revokeSignal } from '../../workflows/invitation.ts';
import { requireOrganizationAdmin } from '../http/access.ts';
import { processClient, type Actor, type ServiceDeps } from '../http/context.ts';
import { encodeCursor, keysetSeq } from '../http/cursor.ts';
import { ApiError, conflict, notFound } from '../http/errors.ts';
import { startTemporalOr503 } from '../http/temporal.ts';
import { batchProgress, type BatchProgress } from './batch-progress.ts';
import type { InvitationListQuery } from './views.ts';

const closed = (status: string) =>
  conflict('invitation_closed', `the invitation is ${status}; invite the employee again to send a new one`);

/** Inviting an organization's employees by SMS, one or thousands, and what became of each invitation. */
export function createInvitationService(deps: ServiceDeps) {
  const { em, env, log } = deps;
  return {
    /** Opens a batch and starts its process; the employees are checked one by one by the process. */
    async invite(
      actor: Actor | undefined,
      organizationId: string,
      employeeIds: string[],
    ): Promise<{ batchId: string; total: number; workflowId: string }> {
      await requireOrganizationAdmin(em, actor, organizationId);
      const service = await em.findOne(Service, organizationId);
      if (!service || service.status === 'expired' || service.status === 'connecting') {
        throw conflict(
          'service_not_active',
          'connect the service (and keep it active) before inviting employees',
        );
      }
      const batchId = randomUUID();
      let workflowId = '';
      // openInvitationBatch takes its rows back itself when the process cannot be started.
      await startTemporalOr503(log, async () => {
        ({ workflowId } = await openInvitationBatch(em, processClient(deps), {
          batchId,
          organizationId,
          employeeIds,
          codeTtlMs: env.INVITATION_CODE_TTL,
          maxAttempts: env.ACTIVATION_MAX_ATTEMPTS,
          summary: `Приглашение ${employeeIds.length} сотрудников`,
        }));
      });
      log.info({ organizationId, batchId, total: employeeIds.length }, 'invitation batch accepted');
      return { batchId, total: employeeIds.length, workflowId };
    },

    async batch(actor: Actor | undefined, organizationId: string, batchId: string): Promise<BatchProgress> {
      await requireOrganizationAdmin(em, actor, organizationId);
      const progress = await batchProgress(em, organizationId, batchId);
      if (!progress) throw notFound('batch');
      return progress;
    },

    /** Newest first, optionally by status. */
    async list(
      actor: Actor | undefined,
      organizationId: string,
      { limit, cursor, status }: InvitationListQuery,
    ): Promise<{ items: Invitation[]; nextCursor: string | null }> {
      await requireOrganizationAdmin(em, actor, organizationId);
      const afterSeq = keysetSeq(cursor);
      // Keyset on the identity column `seq`: rows created by one bulk insert share created_at.
      const keys = await em.execute<{ id: string; seq: string }[]>(
        `select id, seq from invitations
         where organization_id = ? and (?::text is null or status = ?) and (?::bigint is null or seq < ?)
         order by seq desc limit ?`,
        [organizationId, status ?? null, status ?? null, afterSeq, afterSeq, limit + 1],
      );
      const pageKeys = keys.slice(0, limit);
      const rows = await em.find(Invitation, { id: { $in: pageKeys.map((k) => k.id) } });
      const byId = new Map(rows.map((r) => [r.id, r]));
      const last = pageKeys.at(-1);
      return {
        items: pageKeys.map((k) => byId.get(k.id)!),
        nextCursor: keys.length > limit && last ? encodeCursor([String(last.seq)]) : null,
      };
    },

    /** A new code (the old one is void), at most once per cooldown (429 with Retry-After). */
    async resend(actor: Actor | undefined, organizationId: string, invitationId: string): Promise<void> {
      await requireOrganizationAdmin(em, actor, organizationId);
      const current = await em.findOne(Invitation, { id: invitationId, organizationId });
      if (!current) throw notFound('invitation');
      if (!isResendable(current.status)) throw closed(current.status);

      if (!(await claimResendCooldown(em, invitationId, env.RESEND_COOLDOWN))) {
        const since = current.codeRequestedAt ? Date.now() - current.codeRequestedAt.getTime() : 0;
        const retryAfter = Math.max(1, Math.ceil((env.RESEND_COOLDOWN - since) / 1000));
        throw new ApiError(
          429,
          'resend_cooldown',
          `a new code can be sent in ${retryAfter} s`,
          { retryAfterSeconds: retryAfter },
          { 'Retry-After': String(retryAfter) },
        );
      }

      // A finished process (its SMS failed long ago) is started again by the same call.
      await startTemporalOr503(
        log,
        () =>
          resendInvitation(processClient(deps), {
            invitationId,
            organizationId,
            employeeId: current.employeeId,
            kind: current.kind,
            codeTtlMs: env.INVITATION_CODE_TTL,
            baseGeneration: current.codeGeneration,
          }),
        () =>
          em.execute('update invitations set code_requested_at = ? where id = ?', [
            current.codeRequestedAt ?? null,
            invitationId,
          ]),
      );
      log.info({ organizationId, invitationId }, 'invitation resend requested');
    },

    /** The code is void and the invitation's process ends; 409 when it was no longer open. */
    async revoke(
      actor: Actor | undefined,
      organizationId: string,
      invitationId: string,
    ): Promise<Invitation> {
      await requireOrganizationAdmin(em, actor, organizationId);
      await em.nativeUpdate(
        Invitation,
        { id: invitationId, organizationId, status: { $in: [...RESENDABLE_INVITATION_STATUSES] } },
        { status: 'revoked', codeHash: null },
      );
      const current = await em.fork().findOne(Invitation, { id: invitationId, organizationId });
      if (!current) throw notFound('invitation');
      if (current.status !== 'revoked') throw closed(current.status);
      try {
        await deps.temporal.workflow.getHandle(invitationWorkflowId(invitationId)).signal(revokeSignal);
      } catch (err) {
        // Already finished: the database says revoked, which is all that is left to do.
        if (!(err instanceof WorkflowNotFoundError)) throw err;
      }
      log.info({ organizationId, invitationId }, 'invitation revoked');
      return current;
    },
  };
}
