import { createRoute, z, type RouteConfig } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { ZodType } from 'zod';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv } from './context.ts';
import { ApiError } from './errors.ts';
import { idempotent } from './middleware/idempotency.ts';
import { refuseBadCharactersInBody, requireJsonBody } from './middleware/text-safety.ts';
import { validateResponse } from './middleware/response-validation.ts';
import { errorResponses } from './schemas.ts';

/** JSON bodies are small unless a route says otherwise (the bulk routes). */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

export interface RouteSpec extends RouteConfig {
  /** Unique across the API; clients generate method names from it. */
  operationId: string;
  /** A POST that starts a process: a retry with the same `Idempotency-Key` gets the first answer. */
  idempotent?: boolean;
  /** The largest JSON body this route takes (default DEFAULT_MAX_BODY_BYTES). */
  maxBodyBytes?: number;
}

const IdempotencyHeader = z.object({
  'idempotency-key': z
    .string()
    .optional()
    .openapi({
      description:
        'Makes a retry safe: the first answer is stored and a retry with the same key gets it again ' +
        '(`Idempotent-Replayed: true`); the same key with another body is 422 `idempotency_key_reused`.',
      example: 'connect-2026-11-29-1',
    }),
});

/**
 * Statuses the plumbing itself may answer on every route (the route adds its own). 401 everywhere:
 * a token that is not valid is refused on any /v1 route, public ones included.
 */
function plumbingStatuses(spec: RouteSpec): number[] {
  const statuses = [400, 401, 422, 503];
  if (spec.request?.body) statuses.push(413);
  if (spec.idempotent) statuses.push(409);
  return statuses;
}

const limitBody = (maxSize: number): MiddlewareHandler<AppEnv> =>
  bodyLimit({
    maxSize,
    onError: () => {
      throw new ApiError(413, 'payload_too_large', `the body is larger than ${maxSize} bytes`);
    },
  });

/**
 * The route factory of one area: every operation gets the area's tag, the statuses the plumbing can
 * answer (documented with the error schema), a body limit and the check for bad characters before
 * validation, `Idempotency-Key` when declared, and (in tests) a check of its answer against its schema.
 */
export function routesOf(tag: string) {
  return <R extends RouteSpec>(spec: R) => {
    const { idempotent: isIdempotent, maxBodyBytes, ...config } = spec;
    const middleware: MiddlewareHandler<AppEnv>[] = [];
    if (config.request?.body) {
      middleware.push(limitBody(maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES));
      const media = config.request.body.content['application/json'];
      const json = media && 'schema' in media ? media.schema : undefined;
      if (json instanceof ZodType && config.request.body.required) middleware.push(requireJsonBody(json));
      middleware.push(refuseBadCharactersInBody);
    }
    if (isIdempotent) middleware.push(idempotent);
    middleware.push(validateResponse(config.responses));
    const own = [config.middleware ?? []].flat() as MiddlewareHandler<AppEnv>[];
    return createRoute({
      ...config,
      tags: [tag],
      middleware: [...middleware, ...own] as R['middleware'],
      request: isIdempotent ? { ...config.request, headers: IdempotencyHeader } : config.request,
      responses: { ...errorResponses(...plumbingStatuses(spec)), ...config.responses },
    } as unknown as R);
  };
}
