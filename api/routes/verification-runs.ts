import { createRoute, z } from '@hono/zod-openapi';
import { randomUUID } from 'node:crypto';
import { startVerificationRun } from '../../processes/event-code-verification.ts';
import { verificationRunWorkflowId } from '../../workflows/ids.ts';
import { notFound } from '../http/errors.ts';
import { requireOperator } from '../http/middleware/auth.ts';
import { resourceApp } from '../http/resource-app.ts';
import { bearerSecurity, errorResponses, jsonResponse } from '../http/schemas.ts';
import { startTemporalOr503 } from '../http/temporal.ts';

const RunParam = z.object({ runId: z.uuid().openapi({ param: { name: 'runId', in: 'path' } }) });

const RunSchema = z
  .object({
    runId: z.uuid(),
    workflowId: z.string(),
    total: z
      .number()
      .int()
      .openapi({ description: 'codes pending when the run began (or decided, if more)' }),
    processed: z.number().int(),
    verified: z.number().int(),
    rejected: z.number().int(),
    rejections: z.object({
      unknown_code: z.number().int(),
      another_persons_code: z.number().int(),
      not_attended_long_enough: z.number().int(),
    }),
    startedAt: z.string(),
    finishedAt: z.string().nullable(),
  })
  .openapi('VerificationRun');

const triggerRoute = createRoute({
  method: 'post',
  path: '/v1/operator/verification-runs',
  summary: 'Run the event-code verification now (operator); the daily schedule runs it anyway',
  security: bearerSecurity,
  responses: {
    202: jsonResponse('Started; poll the run', z.object({ runId: z.uuid(), workflowId: z.string() })),
    ...errorResponses(401, 403),
  },
});

const progressRoute = createRoute({
  method: 'get',
  path: '/v1/operator/verification-runs/{runId}',
  summary: 'Progress of a verification run, scheduled or triggered by hand (operator)',
  security: bearerSecurity,
  request: { params: RunParam },
  responses: { 200: jsonResponse('Progress', RunSchema), ...errorResponses(401, 403, 404, 422) },
});

interface RunRow {
  id: string;
  workflow_id: string;
  total: number;
  verified: number;
  rejected: number;
  unknown_code: number;
  another_persons_code: number;
  not_attended_long_enough: number;
  started_at: Date;
  finished_at: Date | null;
}

export const verificationRunRoutes = resourceApp()
  .openapi(triggerRoute, async (c) => {
    requireOperator(c);
    const { em, deps } = c.var;
    const runId = randomUUID();
    const workflowId = verificationRunWorkflowId(runId);
    // The row exists before the answer, so the run can be polled at once.
    await em.execute('insert into verification_runs (id, workflow_id) values (?, ?)', [runId, workflowId]);
    await startTemporalOr503(c.var.log,
      () =>
        startVerificationRun({ temporal: deps.temporal, taskQueue: deps.env.TEMPORAL_TASK_QUEUE }, runId),
      () => em.execute('delete from verification_runs where id = ?', [runId]),
    );
    c.var.log.info({ runId, workflowId }, 'event code verification triggered');
    return c.json({ runId, workflowId }, 202);
  })
  .openapi(progressRoute, async (c) => {
    requireOperator(c);
    const { runId } = c.req.valid('param');
    const [run] = await c.var.em.execute<RunRow[]>('select * from verification_runs where id = ?', [runId]);
    if (!run) throw notFound('verification run');
    return c.json(
      {
        runId: run.id,
        workflowId: run.workflow_id,
        total: run.total,
        processed: run.verified + run.rejected,
        verified: run.verified,
        rejected: run.rejected,
        rejections: {
          unknown_code: run.unknown_code,
          another_persons_code: run.another_persons_code,
          not_attended_long_enough: run.not_attended_long_enough,
        },
        startedAt: new Date(run.started_at).toISOString(),
        finishedAt: run.finished_at ? new Date(run.finished_at).toISOString() : null,
      },
      200,
    );
  });
