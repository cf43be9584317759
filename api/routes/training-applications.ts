import { createRoute, z } from '@hono/zod-openapi';
import { msToNumber } from '@temporalio/common';
import { randomUUID } from 'node:crypto';
import { TrainingApplication } from '../../db/entities/index.ts';
import { APPLICATION_STATUSES } from '../../db/entities/training-application.ts';
import { startTrainingApplication } from '../../processes/training-application.ts';
import { decodeCursor, encodeCursor } from '../http/cursor.ts';
import { conflict, notFound } from '../http/errors.ts';
import { keysetId } from '../http/cursor.ts';
import { requireSpecialist } from '../http/middleware/auth.ts';
import { resourceApp } from '../http/resource-app.ts';
import { bearerSecurity, errorResponses, jsonBody, jsonResponse, PageQuery, pageOf } from '../http/schemas.ts';
import { startTemporalOr503 } from '../http/temporal.ts';
import {
  checkApplicationTarget,
  CreateApplicationSchema,
  normalizeForm,
} from '../training-application-input.ts';
import {
  findApplication,
  listApplications,
  TrainingApplicationSchema,
} from '../training-application-view.ts';

/** Used when the API runs without APPLICATION_CREDIT_GRACE (tests that do not care). */
const DEFAULT_CREDIT_GRACE_MS = msToNumber('30 days');

export const ApplicationIdParam = z.object({
  applicationId: z.uuid().openapi({ param: { name: 'applicationId', in: 'path' } }),
});

const createApplication = createRoute({
  method: 'post',
  path: '/v1/me/applications',
  summary: 'Start a training application (заявка на обучение по ДПП ПК) for a programme cycle: a draft',
  security: bearerSecurity,
  request: jsonBody(CreateApplicationSchema),
  responses: {
    201: jsonResponse('The draft; its process has started', TrainingApplicationSchema),
    ...errorResponses(400, 401, 403, 409, 422),
  },
});

const listMine = createRoute({
  method: 'get',
  path: '/v1/me/applications',
  summary: 'My training applications, newest first',
  security: bearerSecurity,
  request: { query: PageQuery.extend({ status: z.enum(APPLICATION_STATUSES).optional() }) },
  responses: {
    200: jsonResponse('A page', pageOf(TrainingApplicationSchema)),
    ...errorResponses(400, 401, 403, 422),
  },
});

const getMine = createRoute({
  method: 'get',
  path: '/v1/me/applications/{applicationId}',
  summary: 'One of my training applications',
  security: bearerSecurity,
  request: { params: ApplicationIdParam },
  responses: {
    200: jsonResponse('The application', TrainingApplicationSchema),
    ...errorResponses(401, 403, 404),
  },
});

export const trainingApplicationRoutes = resourceApp()
  .openapi(createApplication, async (c) => {
    const specialist = await requireSpecialist(c);
    const body = c.req.valid('json');
    const form = normalizeForm(body.form);
    const { em, deps } = c.var;
    await checkApplicationTarget(em, specialist.id, body.cycleId, body.programmeCycleId);
    const open = await em.findOne(TrainingApplication, {
      specialistId: specialist.id,
      programmeCycleId: body.programmeCycleId,
      status: { $nin: ['cancelled', 'rejected'] },
    });
    if (open) {
      throw conflict(
        'application_exists',
        `you already have an application for this programme cycle: ${open.id}`,
      );
    }

    const application = em.create(TrainingApplication, {
      id: randomUUID(),
      specialistId: specialist.id,
      cycleId: body.cycleId,
      programmeCycleId: body.programmeCycleId,
      status: 'draft',
      form,
    });
    await em.flush();
    await startTemporalOr503(c.var.log,
      () =>
        startTrainingApplication(
          { temporal: deps.temporal, taskQueue: deps.env.TEMPORAL_TASK_QUEUE },
          {
            applicationId: application.id,
            creditGraceMs: deps.env.APPLICATION_CREDIT_GRACE ?? DEFAULT_CREDIT_GRACE_MS,
          },
        ),
      () => em.fork().nativeDelete(TrainingApplication, { id: application.id }),
    );
    c.var.log.info(
      { applicationId: application.id, specialistId: specialist.id },
      'training application created',
    );
    const created = await findApplication(em.fork(), { specialistId: specialist.id }, application.id);
    return c.json(created!, 201);
  })
  .openapi(listMine, async (c) => {
    const specialist = await requireSpecialist(c);
    const { limit, cursor, status } = c.req.valid('query');
    const page = await listApplications(
      c.var.em,
      { specialistId: specialist.id },
      { status, limit, afterId: keysetId(decodeCursor(cursor, 1)) },
    );
    return c.json(
      { items: page.items, nextCursor: page.nextCursorId && encodeCursor([page.nextCursorId]) },
      200,
    );
  })
  .openapi(getMine, async (c) => {
    const specialist = await requireSpecialist(c);
    const { applicationId } = c.req.valid('param');
    const application = await findApplication(c.var.em, { specialistId: specialist.id }, applicationId);
    if (!application) throw notFound('application');
    return c.json(application, 200);
  });
