import { createRoute, z } from '@hono/zod-openapi';
import type { Payload } from '@temporalio/common';
import { cors } from 'hono/cors';
import { payloadCodecFor } from '../../integrations/temporal/data-converter.ts';
import type { AppEnv } from '../http/context.ts';
import { ApiError } from '../http/errors.ts';
import { requireOperator } from '../http/middleware/auth.ts';
import { resourceApp } from '../http/resource-app.ts';
import { bearerSecurity, errorResponses, jsonBody, jsonResponse } from '../http/schemas.ts';
import type { Context } from 'hono';

// Temporal's codec server protocol: payloads as JSON, bytes in base64.
const PayloadsSchema = z
  .object({
    payloads: z
      .array(z.object({ metadata: z.record(z.string(), z.string()).optional(), data: z.string().optional() }))
      .max(1000),
  })
  .openapi('CodecPayloads');
type JsonPayloads = z.infer<typeof PayloadsSchema>;

const fromJson = ({ payloads }: JsonPayloads): Payload[] =>
  payloads.map((p) => ({
    metadata: Object.fromEntries(
      Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')]),
    ),
    data: Buffer.from(p.data ?? '', 'base64'),
  }));
const toJson = (payloads: Payload[]): JsonPayloads => ({
  payloads: payloads.map((p) => ({
    metadata: Object.fromEntries(
      Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v ?? []).toString('base64')]),
    ),
    data: Buffer.from(p.data ?? []).toString('base64'),
  })),
});

function codecOf(c: Context<AppEnv>) {
  requireOperator(c);
  const codec = payloadCodecFor(c.var.deps.env);
  if (!codec)
    throw new ApiError(
      404,
      'codec_not_configured',
      'payload encryption is not configured (PAYLOAD_ENCRYPTION_KEY)',
    );
  return codec;
}

const codecRoute = (action: 'encode' | 'decode') =>
  createRoute({
    method: 'post',
    path: `/v1/operator/codec/${action}`,
    summary:
      action === 'decode'
        ? 'Codec server for the Temporal Web UI and CLI: decrypt payloads (operator)'
        : 'Codec server: encrypt payloads (operator)',
    security: bearerSecurity,
    request: jsonBody(PayloadsSchema),
    responses: { 200: jsonResponse('Payloads', PayloadsSchema), ...errorResponses(400, 401, 403, 404, 422) },
  });

/**
 * The operator's view of encrypted histories: point the Web UI's codec endpoint (or the CLI's
 * `--codec-endpoint … --codec-auth "Bearer $KABINET_OPERATOR_TOKEN"`) at /v1/operator/codec.
 */
export const codecRoutes = resourceApp();
codecRoutes.use(
  '/v1/operator/codec/*',
  cors({
    // The Web UI calls from its own origin; nobody else's page may.
    origin: (origin, c: Context<AppEnv>) => (origin === c.var.deps.env.TEMPORAL_UI_URL ? origin : null),
    allowHeaders: ['authorization', 'content-type', 'x-namespace'],
    allowMethods: ['POST', 'OPTIONS'],
    credentials: true,
  }),
);
codecRoutes
  .openapi(codecRoute('decode'), async (c) => {
    const payloads = await codecOf(c).decode(fromJson(c.req.valid('json')));
    return c.json(toJson(payloads), 200);
  })
  .openapi(codecRoute('encode'), async (c) => {
    const payloads = await codecOf(c).encode(fromJson(c.req.valid('json')));
    return c.json(toJson(payloads), 200);
  });
