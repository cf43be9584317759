import { createRoute, z } from '@hono/zod-openapi';
import { randomUUID } from 'node:crypto';
import { Invitation, Service } from '../../db/entities/index.ts';
import { INVITATION_STATUSES } from '../../db/entities/invitation.ts';
import { openInvitationBatch } from '../../processes/invitation-batch.ts';
import { decodeCursor, encodeCursor } from '../http/cursor.ts';
import { ApiError, conflict, notFound } from '../http/errors.ts';
import { invitationView, InvitationSchema } from '../invitation-view.ts';
import { batchProgress, BatchProgressSchema } from '../invitation-batch-progress.ts';
import { requireOrganizationAdmin } from '../http/middleware/auth.ts';
import { resourceApp } from '../http/resource-app.ts';
import {
  bearerSecurity,
  errorResponses,
  jsonBody,
  jsonResponse,
  OrgIdParam,
  pageOf,
  PageQuery,
} from '../http/schemas.ts';
import { startTemporalOr503 } from '../http/temporal.ts';

export const MAX_INVITATIONS_PER_CALL = 10_000;

const BatchParams = OrgIdParam.extend({
  batchId: z.uuid().openapi({ param: { name: 'batchId', in: 'path' } }),
});

const inviteRoute = createRoute({
  method: 'post',
  path: '/v1/organizations/{orgId}/invitations',
  summary: 'Invite employees by SMS (one or thousands); answers at once with a batch to poll',
  security: bearerSecurity,
  request: {
    params: OrgIdParam,
    ...jsonBody(z.object({ employeeIds: z.array(z.uuid()).min(1).max(MAX_INVITATIONS_PER_CALL) })),
  },
  responses: {
    202: jsonResponse(
      'Accepted',
      z.object({ batchId: z.uuid(), total: z.number().int(), workflowId: z.string() }),
    ),
    ...errorResponses(400, 401, 403, 404, 409, 422),
  },
});

const batchRoute = createRoute({
  method: 'get',
  path: '/v1/organizations/{orgId}/invitations/batches/{batchId}',
  summary: 'Live progress of a bulk invitation, with the employees that could not be invited and why',
  security: bearerSecurity,
  request: { params: BatchParams },
  responses: { 200: jsonResponse('Progress', BatchProgressSchema), ...errorResponses(401, 403, 404) },
});

const listRoute = createRoute({
  method: 'get',
  path: '/v1/organizations/{orgId}/invitations',
  summary: 'Invitations, newest first, optionally by status',
  security: bearerSecurity,
  request: {
    params: OrgIdParam,
    query: PageQuery.extend({ status: z.enum(INVITATION_STATUSES).optional() }),
  },
  responses: {
    200: jsonResponse('A page of invitations', pageOf(InvitationSchema)),
    ...errorResponses(400, 401, 403, 404, 422),
  },
});

export const invitationRoutes = resourceApp()
  .openapi(inviteRoute, async (c) => {
    const { orgId } = c.req.valid('param');
    await requireOrganizationAdmin(c, orgId);
    const { em, deps } = c.var;
    const service = await em.findOne(Service, orgId);
    if (!service || service.status === 'expired' || service.status === 'connecting') {
      throw conflict(
        'service_not_active',
        'connect the service (and keep it active) before inviting employees',
      );
    }
    const employeeIds = c.req.valid('json').employeeIds;
    const batchId = randomUUID();
    let workflowId = '';
    await startTemporalOr503(c.var.log,
      async () => {
        ({ workflowId } = await openInvitationBatch(
          em,
          { temporal: deps.temporal, taskQueue: deps.env.TEMPORAL_TASK_QUEUE },
          {
            batchId,
            organizationId: orgId,
            employeeIds,
            codeTtlMs: deps.env.INVITATION_CODE_TTL,
            maxAttempts: deps.env.ACTIVATION_MAX_ATTEMPTS,
            summary: `Приглашение ${employeeIds.length} сотрудников`,
          },
        ));
      },
      () => Promise.resolve(),
    );
    c.var.log.info(
      { organizationId: orgId, batchId, total: employeeIds.length },
      'invitation batch accepted',
    );
    return c.json({ batchId, total: employeeIds.length, workflowId }, 202);
  })
  .openapi(batchRoute, async (c) => {
    const { orgId, batchId } = c.req.valid('param');
    await requireOrganizationAdmin(c, orgId);
    const progress = await batchProgress(c.var.em, orgId, batchId);
    if (!progress) throw notFound('batch');
    return c.json(progress, 200);
  })
  .openapi(listRoute, async (c) => {
    const { orgId } = c.req.valid('param');
    await requireOrganizationAdmin(c, orgId);
    const { limit, cursor, status } = c.req.valid('query');
    const after = decodeCursor(cursor, 1);
    const afterSeq = after ? Number(after[0]) : undefined;
    if (afterSeq !== undefined && !Number.isSafeInteger(afterSeq)) {
      throw new ApiError(400, 'invalid_cursor', 'cursor is not one this API gave out', { field: 'cursor' });
    }
    // Keyset on the identity column `seq`: rows created by one bulk insert share created_at.
    const keys = await c.var.em.execute<{ id: string; seq: string }[]>(
      `select id, seq from invitations
       where organization_id = ? and (?::text is null or status = ?) and (?::bigint is null or seq < ?)
       order by seq desc limit ?`,
      [orgId, status ?? null, status ?? null, afterSeq ?? null, afterSeq ?? null, limit + 1],
    );
    const pageKeys = keys.slice(0, limit);
    const rows = await c.var.em.find(Invitation, { id: { $in: pageKeys.map((k) => k.id) } });
    const byId = new Map(rows.map((r) => [r.id, r]));
    const page = pageKeys.map((k) => byId.get(k.id)!);
    const last = pageKeys.at(-1);
    return c.json(
      {
        items: page.map(invitationView),
        nextCursor: keys.length > limit && last ? encodeCursor([String(last.seq)]) : null,
      },
      200,
    );
  });
