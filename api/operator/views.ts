import { z } from '@hono/zod-openapi';
import type { Payload } from '@temporalio/common';
import type { VerificationRun } from './service.ts';

// Temporal's codec server protocol: payloads as JSON, bytes in base64.
export const PayloadsSchema = z
  .object({
    payloads: z
      .array(z.object({ metadata: z.record(z.string(), z.string()).optional(), data: z.string().optional() }))
      .max(1000),
  })
  .openapi('CodecPayloads');
type JsonPayloads = z.infer<typeof PayloadsSchema>;

export const payloadsFromJson = ({ payloads }: JsonPayloads): Payload[] =>
  payloads.map((p) => ({
    metadata: Object.fromEntries(
      Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')]),
    ),
    data: Buffer.from(p.data ?? '', 'base64'),
  }));

export const payloadsView = (payloads: Payload[]): JsonPayloads => ({
  payloads: payloads.map((p) => ({
    metadata: Object.fromEntries(
      Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v ?? []).toString('base64')]),
    ),
    data: Buffer.from(p.data ?? []).toString('base64'),
  })),
});

export const RunParam = z.object({ runId: z.uuid().openapi({ param: { name: 'runId', in: 'path' } }) });

export const RunStartedSchema = z.object({ runId: z.uuid(), workflowId: z.string() });

export const RunSchema = z
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

export const runView = (run: VerificationRun): z.infer<typeof RunSchema> => ({
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
});
