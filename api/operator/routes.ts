import type { Context } from 'hono';
import { cors } from 'hono/cors';
import { serviceDeps, type AppEnv } from '../http/context.ts';
import { resourceApp } from '../http/resource-app.ts';
import { routesOf } from '../http/route.ts';
import { bearerSecurity, errorResponses, jsonBody, jsonResponse } from '../http/schemas.ts';
import { createOperatorService } from './service.ts';
import {
  PayloadsSchema,
  payloadsFromJson,
  payloadsView,
  RunParam,
  RunSchema,
  RunStartedSchema,
  runView,
} from './views.ts';

const route = routesOf('Operator');

// Up to 1,000 payloads of workflow histories: Temporal's own gRPC messages stop at 4 MiB.
const CODEC_MAX_BODY_BYTES = 4 * 1024 * 1024;

/**
 * Mounted at /v1/operator. The codec server is the operator's view of encrypted histories: point the
 * Web UI's codec endpoint (or the CLI's `--codec-endpoint … --codec-auth "Bearer $KABINET_OPERATOR_TOKEN"`)
 * at /v1/operator/codec.
 */
export const operatorRoutes = resourceApp();
operatorRoutes.use(
  '/codec/*',
  cors({
    // The Web UI calls from its own origin; nobody else's page may.
    origin: (origin, c: Context<AppEnv>) => (origin === c.var.deps.env.TEMPORAL_UI_URL ? origin : null),
    allowHeaders: ['authorization', 'content-type', 'x-namespace'],
    allowMethods: ['POST', 'OPTIONS'],
    credentials: true,
  }),
);
operatorRoutes
  .openapi(
    route({
      method: 'post',
      path: '/codec/decode',
      operationId: 'decodePayloads',
      summary: 'Codec server for the Temporal Web UI and CLI: decrypt payloads (operator)',
      security: bearerSecurity,
      maxBodyBytes: CODEC_MAX_BODY_BYTES,
      request: jsonBody(PayloadsSchema),
      responses: { 200: jsonResponse('Payloads', PayloadsSchema), ...errorResponses(403, 404) },
    }),
    async (c) => {
      const payloads = await createOperatorService(serviceDeps(c)).decode(
        c.var.actor,
        payloadsFromJson(c.req.valid('json')),
      );
      return c.json(payloadsView(payloads), 200);
    },
  )
  .openapi(
    route({
      method: 'post',
      path: '/codec/encode',
      operationId: 'encodePayloads',
      summary: 'Codec server: encrypt payloads (operator)',
      security: bearerSecurity,
      maxBodyBytes: CODEC_MAX_BODY_BYTES,
      request: jsonBody(PayloadsSchema),
      responses: { 200: jsonResponse('Payloads', PayloadsSchema), ...errorResponses(403, 404) },
    }),
    async (c) => {
      const payloads = await createOperatorService(serviceDeps(c)).encode(
        c.var.actor,
        payloadsFromJson(c.req.valid('json')),
      );
      return c.json(payloadsView(payloads), 200);
    },
  )
  .openapi(
    route({
      method: 'post',
      path: '/verification-runs',
      operationId: 'triggerVerificationRun',
      summary: 'Run the event-code verification now (operator); the daily schedule runs it anyway',
      security: bearerSecurity,
      idempotent: true,
      responses: { 202: jsonResponse('Started; poll the run', RunStartedSchema), ...errorResponses(403) },
    }),
    async (c) => {
      const started = await createOperatorService(serviceDeps(c)).triggerVerificationRun(c.var.actor);
      return c.json(started, 202);
    },
  )
  .openapi(
    route({
      method: 'get',
      path: '/verification-runs/{runId}',
      operationId: 'getVerificationRun',
      summary: 'Progress of a verification run, scheduled or triggered by hand (operator)',
      security: bearerSecurity,
      request: { params: RunParam },
      responses: { 200: jsonResponse('Progress', RunSchema), ...errorResponses(403, 404) },
    }),
    async (c) => {
      const { runId } = c.req.valid('param');
      const run = await createOperatorService(serviceDeps(c)).verificationRun(c.var.actor, runId);
      return c.json(runView(run), 200);
    },
  );
