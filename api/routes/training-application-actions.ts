import { createRoute, z } from '@hono/zod-openapi';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Context } from 'hono';
import { randomUUID } from 'node:crypto';
import { TrainingApplicationSignature } from '../../db/entities/index.ts';
import { detectScanType, MAX_SCAN_BYTES } from '../../domain/scan-file.ts';
import {
  cancelApplicationUpdate,
  formApplicationUpdate,
  signApplicationUpdate,
  submitApplicationUpdate,
} from '../../workflows/training-application.ts';
import type { AppEnv } from '../http/context.ts';
import { ApiError, invalidField, notFound } from '../http/errors.ts';
import { requireSpecialist } from '../http/middleware/auth.ts';
import { resourceApp } from '../http/resource-app.ts';
import { bearerSecurity, errorResponses, jsonResponse } from '../http/schemas.ts';
import { invalidTransition, runApplicationUpdate } from '../training-application-updates.ts';
import {
  findApplication,
  TrainingApplicationSchema,
  type TrainingApplicationView,
} from '../training-application-view.ts';
import { ApplicationIdParam } from './training-applications.ts';

const actionRoute = (action: string, summary: string, extra: Record<string, unknown> = {}) =>
  createRoute({
    method: 'post',
    path: `/v1/me/applications/{applicationId}/${action}`,
    summary,
    security: bearerSecurity,
    request: { params: ApplicationIdParam, ...extra },
    responses: {
      200: jsonResponse('The application after the action', TrainingApplicationSchema),
      ...errorResponses(401, 403, 404, 409, 413, 422),
    },
  });

const signRoute = createRoute({
  method: 'post',
  path: '/v1/me/applications/{applicationId}/sign',
  summary:
    'Sign the formed application: upload the signed scan (PDF, JPEG or PNG, ≤ 10 MB) or confirm electronically',
  security: bearerSecurity,
  request: {
    params: ApplicationIdParam,
    body: {
      required: false,
      content: {
        'multipart/form-data': {
          schema: z.object({ scan: z.any().openapi({ type: 'string', format: 'binary' }) }),
        },
        'application/json': { schema: z.object({ confirm: z.literal(true) }) },
      },
    },
  },
  responses: {
    200: jsonResponse('Signed', TrainingApplicationSchema),
    ...errorResponses(401, 403, 404, 409, 413, 422),
  },
});

/** The logged-in specialist's own application; anyone else's is 404, as if it did not exist. */
async function ownApplication(c: Context<AppEnv>, applicationId: string): Promise<TrainingApplicationView> {
  const specialist = await requireSpecialist(c);
  const application = await findApplication(c.var.em, { specialistId: specialist.id }, applicationId);
  if (!application) throw notFound('application');
  return application;
}

async function reloaded(
  c: Context<AppEnv>,
  application: TrainingApplicationView,
): Promise<TrainingApplicationView> {
  return (await findApplication(
    c.var.em.fork(),
    { specialistId: application.specialist.id },
    application.id,
  ))!;
}

/** A stored, not yet accepted signature: the scan's bytes never travel through Temporal. */
async function storeSignature(
  em: EntityManager,
  applicationId: string,
  body: { scan?: unknown; confirm?: unknown },
): Promise<string> {
  const id = randomUUID();
  if (body.confirm === true) {
    em.create(TrainingApplicationSignature, { id, applicationId, method: 'confirmation' });
  } else {
    const scan = body.scan;
    if (!(scan instanceof File)) {
      throw invalidField(
        'scan',
        'upload the signed scan as the multipart field "scan", or send {"confirm": true}',
      );
    }
    if (scan.size > MAX_SCAN_BYTES) {
      throw new ApiError(413, 'payload_too_large', `the scan is larger than ${MAX_SCAN_BYTES} bytes`, {
        fields: [{ field: 'scan', message: 'at most 10 MB' }],
      });
    }
    const content = Buffer.from(await scan.arrayBuffer());
    const contentType = detectScanType(content);
    if (!contentType) throw invalidField('scan', 'the scan must be a PDF, JPEG or PNG file');
    em.create(TrainingApplicationSignature, {
      id,
      applicationId,
      method: 'scan',
      fileName: scan.name.slice(0, 255) || null,
      contentType,
      sizeBytes: content.length,
      content,
    });
  }
  await em.flush();
  return id;
}

export const trainingApplicationActionRoutes = resourceApp()
  .openapi(
    actionRoute('form', '«Сформировать»: render the application document (HTML and PDF) to print and sign'),
    async (c) => {
      const application = await ownApplication(c, c.req.valid('param').applicationId);
      await runApplicationUpdate(c, application.id, 'form', (h) => h.executeUpdate(formApplicationUpdate));
      return c.json(await reloaded(c, application), 200);
    },
  )
  .openapi(signRoute, async (c) => {
    const application = await ownApplication(c, c.req.valid('param').applicationId);
    // Checked before a 10 MB upload is written; the workflow decides again when it accepts it.
    if (application.status !== 'formed') throw invalidTransition(application.status, 'sign');
    // Only the part matching the Content-Type was parsed; the other one is {}.
    const body = { ...c.req.valid('form'), ...c.req.valid('json') };
    const signatureId = await storeSignature(c.var.em, application.id, body);
    try {
      await runApplicationUpdate(c, application.id, 'sign', (h) =>
        h.executeUpdate(signApplicationUpdate, { args: [{ signatureId }], updateId: signatureId }),
      );
    } catch (err) {
      await c.var.em.fork().nativeDelete(TrainingApplicationSignature, { id: signatureId, acceptedAt: null });
      throw err;
    }
    return c.json(await reloaded(c, application), 200);
  })
  .openapi(actionRoute('submit', 'Submit the signed application to the provider'), async (c) => {
    const application = await ownApplication(c, c.req.valid('param').applicationId);
    await runApplicationUpdate(c, application.id, 'submit', (h) => h.executeUpdate(submitApplicationUpdate));
    return c.json(await reloaded(c, application), 200);
  })
  .openapi(
    actionRoute('cancel', 'Withdraw the application; possible until the provider enrols'),
    async (c) => {
      const application = await ownApplication(c, c.req.valid('param').applicationId);
      await runApplicationUpdate(c, application.id, 'cancel', (h) =>
        h.executeUpdate(cancelApplicationUpdate),
      );
      return c.json(await reloaded(c, application), 200);
    },
  );
