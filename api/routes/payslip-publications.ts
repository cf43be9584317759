import { createRoute, z } from '@hono/zod-openapi';
import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { PayslipPublication, PayslipPublicationPayload, Service } from '../../db/entities/index.ts';
import { periodLabel } from '../../domain/payslip.ts';
import { payslipPublicationWorkflowId } from '../../workflows/ids.ts';
import { startPayslipPublication } from '../../processes/payslip-publication.ts';
import { decodeCursor, encodeCursor } from '../http/cursor.ts';
import { ApiError, conflict, notFound } from '../http/errors.ts';
import { requireOrganizationAdmin } from '../http/middleware/auth.ts';
import { resourceApp } from '../http/resource-app.ts';
import { checkPayslipRows, PublicationInput, resolvePayslipEmployees } from '../payslip-publication-input.ts';
import {
  listPublications,
  publicationProgress,
  PublicationProgressSchema,
} from '../payslip-publication-progress.ts';
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

const DAY_MS = 24 * 3600_000;

const PublicationParams = OrgIdParam.extend({
  publicationId: z.uuid().openapi({ param: { name: 'publicationId', in: 'path' } }),
});

const publishRoute = createRoute({
  method: 'post',
  path: '/v1/organizations/{orgId}/payslips/publications',
  summary:
    "Publish a period's payslips (up to 10,000); answers at once, each employee is then notified within the send window",
  security: bearerSecurity,
  request: { params: OrgIdParam, ...jsonBody(PublicationInput) },
  responses: {
    202: jsonResponse(
      'Accepted: the payslips are stored and the publication process has started',
      z.object({
        publicationId: z.uuid(),
        workflowId: z.string(),
        total: z.number().int().openapi({ description: 'payslips published' }),
        unknownCount: z
          .number()
          .int()
          .openapi({ description: 'rows whose employee is not in the organization (not published)' }),
        unknown: z.array(
          z.object({
            index: z.number().int(),
            employeeId: z.string().optional(),
            externalId: z.string().optional(),
          }),
        ),
      }),
    ),
    ...errorResponses(400, 401, 403, 404, 409, 422),
  },
});

const progressRoute = createRoute({
  method: 'get',
  path: '/v1/organizations/{orgId}/payslips/publications/{publicationId}',
  summary: 'Live totals of a publication: sent, delivered, opened, acknowledged, failed, reminded',
  security: bearerSecurity,
  request: { params: PublicationParams },
  responses: { 200: jsonResponse('Totals', PublicationProgressSchema), ...errorResponses(401, 403, 404) },
});

const listRoute = createRoute({
  method: 'get',
  path: '/v1/organizations/{orgId}/payslips/publications',
  summary: 'Publications, newest first, each with its totals',
  security: bearerSecurity,
  request: { params: OrgIdParam, query: PageQuery },
  responses: {
    200: jsonResponse('A page of publications', pageOf(PublicationProgressSchema)),
    ...errorResponses(400, 401, 403, 404, 422),
  },
});

export const payslipPublicationRoutes = resourceApp()
  .openapi(publishRoute, async (c) => {
    const { orgId } = c.req.valid('param');
    await requireOrganizationAdmin(c, orgId);
    const { em, deps } = c.var;
    const body = c.req.valid('json');
    const started = performance.now();
    const rows = checkPayslipRows(body.payslips);
    const validatedAt = performance.now();
    const service = await em.findOne(Service, orgId);
    if (!service || service.status === 'expired' || service.status === 'connecting') {
      throw conflict(
        'service_not_active',
        'connect the service (and keep it active) before publishing payslips',
      );
    }
    const resolved = await resolvePayslipEmployees(em, orgId, rows);
    const resolvedAt = performance.now();
    if (resolved.rows.length === 0) {
      throw new ApiError(
        422,
        'no_known_employees',
        'none of the payslips names an employee of this organization',
        {
          fields: [{ field: 'payslips', message: 'no known employees' }],
          unknownCount: resolved.unknownCount,
          unknown: resolved.unknown,
        },
      );
    }
    const publicationId = randomUUID();
    const workflowId = payslipPublicationWorkflowId(publicationId);
    const total = resolved.rows.length;
    // Milliseconds, as JavaScript keeps them: the keyset cursors of both lists compare exactly.
    const createdAt = new Date();
    // Stored as one compressed value; the process's first activity turns it into rows (set-based, in
    // chunks): inserting 10,000 rows here would make the answer seconds slower.
    const payload = gzipSync(
      JSON.stringify(resolved.rows.map((r) => ({ employee_id: r.employeeId, content: r.content }))),
    );
    await em.transactional(async (tx) => {
      tx.create(PayslipPublication, {
        id: publicationId,
        organizationId: orgId,
        period: body.period,
        title: body.title ?? `Расчётный листок за ${periodLabel(body.period)}`,
        total,
        status: 'publishing',
        workflowId,
        createdAt,
      });
      await tx.flush();
      tx.create(PayslipPublicationPayload, { publicationId, payload });
      await tx.flush();
    });
    const insertedAt = performance.now();
    await startTemporalOr503(c.var.log,
      () =>
        startPayslipPublication(
          { temporal: deps.temporal, taskQueue: deps.env.TEMPORAL_TASK_QUEUE },
          {
            publicationId,
            organizationId: orgId,
            linkBase: deps.env.PUBLIC_URL,
            reminderDayMs: deps.env.PAYSLIP_REMINDER_DAY ?? DAY_MS,
          },
          `Расчётные листки за ${periodLabel(body.period)}: ${total} сотрудников`,
        ),
      () => em.fork().nativeDelete(PayslipPublication, { id: publicationId }),
    );
    c.var.log.info(
      {
        organizationId: orgId,
        publicationId,
        total,
        unknown: resolved.unknownCount,
        ms: {
          validate: Math.round(validatedAt - started),
          resolve: Math.round(resolvedAt - validatedAt),
          insert: Math.round(insertedAt - resolvedAt),
          start: Math.round(performance.now() - insertedAt),
        },
      },
      'payslip publication accepted',
    );
    return c.json(
      { publicationId, workflowId, total, unknownCount: resolved.unknownCount, unknown: resolved.unknown },
      202,
    );
  })
  .openapi(progressRoute, async (c) => {
    const { orgId, publicationId } = c.req.valid('param');
    await requireOrganizationAdmin(c, orgId);
    const progress = await publicationProgress(c.var.em, orgId, publicationId);
    if (!progress) throw notFound('publication');
    return c.json(progress, 200);
  })
  .openapi(listRoute, async (c) => {
    const { orgId } = c.req.valid('param');
    await requireOrganizationAdmin(c, orgId);
    const { limit, cursor } = c.req.valid('query');
    const after = decodeCursor(cursor, 2);
    if (after && (Number.isNaN(Date.parse(after[0]!)) || !z.uuid().safeParse(after[1]).success)) {
      throw new ApiError(400, 'invalid_cursor', 'cursor is not one this API gave out', { field: 'cursor' });
    }
    const page = await listPublications(
      c.var.em,
      orgId,
      limit,
      after && { createdAt: after[0]!, id: after[1]! },
    );
    const last = page.items.at(-1);
    return c.json(
      {
        items: page.items,
        nextCursor: page.more && last ? encodeCursor([last.createdAt, last.publicationId]) : null,
      },
      200,
    );
  });
