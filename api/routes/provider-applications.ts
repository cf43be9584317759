import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { APPLICATION_STATUSES } from '../../db/entities/training-application.ts';
import { completeApplicationUpdate, decideApplicationUpdate } from '../../workflows/training-application.ts';
import type { AppEnv } from '../http/context.ts';
import { decodeCursor, encodeCursor } from '../http/cursor.ts';
import { notFound } from '../http/errors.ts';
import { keysetId } from '../http/cursor.ts';
import { requireProvider } from '../http/middleware/auth.ts';
import { resourceApp } from '../http/resource-app.ts';
import { bearerSecurity, errorResponses, jsonBody, jsonResponse, PageQuery, pageOf } from '../http/schemas.ts';
import { runApplicationUpdate } from '../training-application-updates.ts';
import {
  findApplication,
  listApplications,
  TrainingApplicationSchema,
  type TrainingApplicationView,
} from '../training-application-view.ts';
import { providerApplicationFileRoutes } from './training-application-documents.ts';
import { ApplicationIdParam } from './training-applications.ts';

const DecisionSchema = z
  .object({
    decision: z.enum(['enrolled', 'rejected']),
    reason: z.string().trim().min(1).max(2000).optional(),
  })
  .refine((d) => d.decision !== 'rejected' || d.reason !== undefined, {
    path: ['reason'],
    message: 'a rejection needs a reason',
  });

const listRoute = createRoute({
  method: 'get',
  path: '/v1/providers/me/applications',
  summary: "Applications submitted for the calling provider's programmes (provider key)",
  security: bearerSecurity,
  request: { query: PageQuery.extend({ status: z.enum(APPLICATION_STATUSES).optional() }) },
  responses: {
    200: jsonResponse('A page', pageOf(TrainingApplicationSchema)),
    ...errorResponses(400, 401, 403, 422),
  },
});

const decisionRoute = createRoute({
  method: 'post',
  path: '/v1/providers/me/applications/{applicationId}/decision',
  summary: 'Enrol the specialist or reject the submitted application (a rejection says why)',
  security: bearerSecurity,
  request: { params: ApplicationIdParam, ...jsonBody(DecisionSchema) },
  responses: {
    200: jsonResponse('Decided', TrainingApplicationSchema),
    ...errorResponses(401, 403, 404, 409, 422),
  },
});

const completeRoute = createRoute({
  method: 'post',
  path: '/v1/providers/me/applications/{applicationId}/complete',
  summary: 'Report the programme completed; the credits follow. Repeating it changes nothing',
  security: bearerSecurity,
  request: { params: ApplicationIdParam },
  responses: {
    200: jsonResponse('Completed', TrainingApplicationSchema),
    ...errorResponses(401, 403, 404, 409),
  },
});

/** An application submitted for one of the provider's own programmes; any other is 404. */
async function providerApplication(
  c: Context<AppEnv>,
  applicationId: string,
): Promise<TrainingApplicationView> {
  const { providerId } = requireProvider(c);
  const application = await findApplication(c.var.em.fork(), { providerId }, applicationId);
  if (!application) throw notFound('application');
  return application;
}

export const providerApplicationRoutes = resourceApp()
  .openapi(listRoute, async (c) => {
    const { providerId } = requireProvider(c);
    const { limit, cursor, status } = c.req.valid('query');
    const page = await listApplications(
      c.var.em,
      { providerId },
      { status, limit, afterId: keysetId(decodeCursor(cursor, 1)) },
    );
    return c.json(
      { items: page.items, nextCursor: page.nextCursorId && encodeCursor([page.nextCursorId]) },
      200,
    );
  })
  .openapi(decisionRoute, async (c) => {
    const { applicationId } = c.req.valid('param');
    const { decision, reason } = c.req.valid('json');
    await providerApplication(c, applicationId);
    await runApplicationUpdate(c, applicationId, decision === 'enrolled' ? 'enrol' : 'reject', (h) =>
      h.executeUpdate(decideApplicationUpdate, { args: [{ decision, ...(reason ? { reason } : {}) }] }),
    );
    c.var.log.info({ applicationId, decision }, 'training application decided');
    return c.json(await providerApplication(c, applicationId), 200);
  })
  .openapi(completeRoute, async (c) => {
    const { applicationId } = c.req.valid('param');
    const application = await providerApplication(c, applicationId);
    // A repeated report (a retry after a timeout) answers as the first did; credits come once anyway.
    if (application.status !== 'completed' && application.status !== 'credited') {
      await runApplicationUpdate(c, applicationId, 'complete', (h) =>
        h.executeUpdate(completeApplicationUpdate),
      );
    }
    return c.json(await providerApplication(c, applicationId), 200);
  })
  .route('/', providerApplicationFileRoutes);
