import type { RouteConfig } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import type { z } from 'zod';
import type { AppEnv } from '../context.ts';

type Responses = RouteConfig['responses'];

const jsonSchemaOf = (responses: Responses, status: number): z.ZodType | undefined => {
  const response = (responses as Record<string, { content?: Record<string, { schema?: unknown }> }>)[
    String(status)
  ];
  const schema = response?.content?.['application/json']?.schema;
  return schema && typeof schema === 'object' && 'safeParse' in schema ? (schema as z.ZodType) : undefined;
};

/**
 * With API_VALIDATE_RESPONSES (tests, the fuzz run) every JSON answer is checked against the schema
 * the document gives for its status; one that breaks it becomes a 500 naming the route, so the
 * test that caused it fails where the contract was broken.
 */
export function validateResponse(responses: Responses): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    if (!c.var.deps.env.API_VALIDATE_RESPONSES) return;
    if (!c.res.headers.get('content-type')?.includes('application/json')) return;
    const schema = jsonSchemaOf(responses, c.res.status);
    if (!schema) return;
    const result = schema.safeParse(await c.res.clone().json());
    if (result.success) return;
    const problem = {
      route: `${c.req.method} ${c.req.routePath}`,
      status: c.res.status,
      issues: result.error.issues,
    };
    c.var.log.error(problem, 'response breaks its schema');
    c.res = c.json(
      {
        error: {
          code: 'response_schema_violation',
          message: 'the answer breaks its own schema',
          details: problem,
        },
        requestId: c.var.requestId,
      },
      500,
    );
  };
}
