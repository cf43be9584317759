import { createRoute, z } from '@hono/zod-openapi';
import { WorkflowNotFoundError } from '@temporalio/client';
import { Invitation } from '../../db/entities/index.ts';
import { invitationWorkflowId } from '../../workflows/ids.ts';
import { resendInvitation } from '../../processes/invitation.ts';
import { revokeSignal } from '../../workflows/invitation.ts';
import { ApiError, conflict, notFound } from '../http/errors.ts';
import { invitationView, InvitationSchema } from '../invitation-view.ts';
import { requireOrganizationAdmin } from '../http/middleware/auth.ts';
import { resourceApp } from '../http/resource-app.ts';
import { bearerSecurity, errorResponses, jsonResponse, OrgIdParam } from '../http/schemas.ts';
import { startTemporalOr503 } from '../http/temporal.ts';

const InvitationParams = OrgIdParam.extend({
  invitationId: z.uuid().openapi({ param: { name: 'invitationId', in: 'path' } }),
});
const RESENDABLE = ['pending', 'sent', 'delivered', 'failed'] as const;

const closed = (status: string) =>
  conflict('invitation_closed', `the invitation is ${status}; invite the employee again to send a new one`);

export const invitationActionRoutes = resourceApp()
  .openapi(
    createRoute({
      method: 'post',
      path: '/v1/organizations/{orgId}/invitations/{invitationId}/resend',
      summary: 'Send a new code (the old one is void); at most once per cooldown',
      security: bearerSecurity,
      request: { params: InvitationParams },
      responses: {
        202: jsonResponse(
          'A new code is on its way',
          z.object({ invitationId: z.uuid(), status: z.literal('resending') }),
        ),
        ...errorResponses(401, 403, 404, 409, 429),
      },
    }),
    async (c) => {
      const { orgId, invitationId } = c.req.valid('param');
      await requireOrganizationAdmin(c, orgId);
      const { em, deps } = c.var;
      const current = await em.findOne(Invitation, { id: invitationId, organizationId: orgId });
      if (!current) throw notFound('invitation');
      if (!(RESENDABLE as readonly string[]).includes(current.status)) throw closed(current.status);

      // Claiming the cooldown is one conditional UPDATE, so two quick clicks send one code.
      const claimed = await em.execute<{ id: string }[]>(
        `update invitations set code_requested_at = now()
         where id = ? and status in ('pending', 'sent', 'delivered', 'failed')
           and (code_requested_at is null or code_requested_at <= now() - make_interval(secs => ?))
         returning id`,
        [invitationId, deps.env.RESEND_COOLDOWN / 1000],
      );
      if (claimed.length === 0) {
        const since = current.codeRequestedAt ? Date.now() - current.codeRequestedAt.getTime() : 0;
        const retryAfter = Math.max(1, Math.ceil((deps.env.RESEND_COOLDOWN - since) / 1000));
        throw new ApiError(
          429,
          'resend_cooldown',
          `a new code can be sent in ${retryAfter} s`,
          { retryAfterSeconds: retryAfter },
          {
            'Retry-After': String(retryAfter),
          },
        );
      }

      // A finished process (its SMS failed long ago) is started again by the same call.
      await startTemporalOr503(c.var.log,
        () =>
          resendInvitation(
            { temporal: deps.temporal, taskQueue: deps.env.TEMPORAL_TASK_QUEUE },
            {
              invitationId,
              organizationId: orgId,
              employeeId: current.employeeId,
              kind: current.kind,
              codeTtlMs: deps.env.INVITATION_CODE_TTL,
              baseGeneration: current.codeGeneration,
            },
          ),
        () =>
          em.execute('update invitations set code_requested_at = ? where id = ?', [
            current.codeRequestedAt ?? null,
            invitationId,
          ]),
      );
      c.var.log.info({ organizationId: orgId, invitationId }, 'invitation resend requested');
      return c.json({ invitationId, status: 'resending' as const }, 202);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/v1/organizations/{orgId}/invitations/{invitationId}/revoke',
      summary: 'Revoke an invitation: its code is void and its process ends',
      security: bearerSecurity,
      request: { params: InvitationParams },
      responses: { 200: jsonResponse('Revoked', InvitationSchema), ...errorResponses(401, 403, 404, 409) },
    }),
    async (c) => {
      const { orgId, invitationId } = c.req.valid('param');
      await requireOrganizationAdmin(c, orgId);
      const { em, deps } = c.var;
      await em.nativeUpdate(
        Invitation,
        { id: invitationId, organizationId: orgId, status: { $in: [...RESENDABLE] } },
        { status: 'revoked', codeHash: null },
      );
      const current = await em.fork().findOne(Invitation, { id: invitationId, organizationId: orgId });
      if (!current) throw notFound('invitation');
      if (current.status !== 'revoked') throw closed(current.status);
      try {
        await deps.temporal.workflow.getHandle(invitationWorkflowId(invitationId)).signal(revokeSignal);
      } catch (err) {
        // Already finished: the database says revoked, which is all that is left to do.
        if (!(err instanceof WorkflowNotFoundError)) throw err;
      }
      c.var.log.info({ organizationId: orgId, invitationId }, 'invitation revoked');
      return c.json(invitationView(current), 200);
    },
  );
