import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import { HTTPException } from 'hono/http-exception';
import type { AppContext, AppEnv } from './context.ts';
import { ApiError, type ErrorBody } from './errors.ts';

const body = (
  c: AppContext,
  code: string,
  message: string,
  details?: Record<string, unknown>,
): ErrorBody => ({
  error: details ? { code, message, details } : { code, message },
  requestId: c.var.requestId ?? 'unknown',
});

/** One place turns every error into the API.md shape; unknown ones leak nothing. */
export function handleError(err: Error, c: AppContext): Response {
  if (err instanceof ApiError) {
    for (const [name, value] of Object.entries(err.headers ?? {})) c.header(name, value);
    return c.json(body(c, err.code, err.message, err.details), err.status);
  }
  if (err instanceof HTTPException) {
    // Hono raises these for malformed JSON, wrong content types and body limits.
    // A body not sent as JSON is bad input, which API.md answers with 400 (not 415).
    if (err.status === 415)
      return c.json(body(c, 'unsupported_media_type', 'send the body as application/json'), 400);
    const status = err.status;
    const code = status === 413 ? 'payload_too_large' : status === 400 ? 'malformed_request' : 'http_error';
    return c.json(body(c, code, err.message || 'bad request'), status);
  }
  if (err instanceof UniqueConstraintViolationException) {
    return c.json(body(c, 'conflict', 'the resource changed concurrently; retry the request'), 409);
  }
  (c.var.log ?? console).error({ err }, 'unhandled error');
  return c.json(body(c, 'internal_error', 'internal error; quote the request id to support'), 500);
}

/**
 * Which methods a path takes, read off the app's own routes once they are all registered. Where
 * several route paths match, the most specific wins (more literal segments): `/v1/catalog/elements`
 * is its own resource, not an element id, even though `/v1/catalog/:elementId` also matches it.
 */
export function pathMethods(app: Hono<AppEnv>) {
  let routes: { pattern: RegExp; method: string; literals: number }[] | undefined;
  const allowedMethods = (path: string): Set<string> => {
    routes ??= app.routes
      .filter((route) => route.method !== 'ALL')
      .map((route) => ({
        pattern: pathPattern(route.path),
        method: route.method,
        literals: route.path.split('/').filter((s) => s && !s.startsWith(':') && s !== '*').length,
      }));
    const matched = routes.filter((route) => route.pattern.test(path));
    const best = Math.max(...matched.map((route) => route.literals));
    return new Set(matched.filter((route) => route.literals === best).map((route) => route.method));
  };
  const refusal = (c: AppContext, allowed: Set<string>): Response => {
    const allow = [...allowed].sort().join(', ');
    c.header('Allow', allow);
    return c.json(body(c, 'method_not_allowed', `${c.req.method} is not allowed here; use ${allow}`), 405);
  };
  const allows = (allowed: Set<string>, method: string) =>
    allowed.has(method) || (method === 'HEAD' && allowed.has('GET'));
  return {
    /** 405 with `Allow` when the most specific path matching the request does not take its method. */
    guard: createMiddleware<AppEnv>(async (c, next) => {
      const allowed = allowedMethods(c.req.path);
      if (allowed.size > 0 && !allows(allowed, c.req.method)) return refusal(c, allowed);
      await next();
    }),
    /** No route at all: 405 when the path exists under other methods, else 404. */
    notFound: (c: AppContext): Response => {
      const allowed = allowedMethods(c.req.path);
      if (allowed.size > 0 && !allows(allowed, c.req.method)) return refusal(c, allowed);
      return c.json(body(c, 'not_found', `no route for ${c.req.method} ${c.req.path}`), 404);
    },
  };
}

/** A Hono route path (`/v1/organizations/:orgId/employees`, `/docs/*`) as an anchored expression. */
function pathPattern(path: string): RegExp {
  const source = path
    .split('/')
    .map((segment) => {
      if (segment === '*') return '.*';
      if (segment.startsWith(':')) return '[^/]+';
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return new RegExp(`^${source}/?$`);
}
