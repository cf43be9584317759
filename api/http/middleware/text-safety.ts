import { createMiddleware } from 'hono/factory';
import { findBadCharacters, hasBadCharacters } from '../../../domain/text.ts';
import type { ZodType } from 'zod';
import type { AppEnv } from '../context.ts';
import { ApiError } from '../errors.ts';
import { fieldErrors } from '../validation.ts';

export const badCharacters = (field: string) =>
  new ApiError(422, 'invalid_characters', `${field}: contains a NUL character or a broken UTF-16 surrogate`, {
    fields: [{ field, message: 'contains a NUL character or a broken UTF-16 surrogate' }],
  });

function decodedPath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    throw new ApiError(400, 'malformed_request', 'the path is not valid percent-encoded UTF-8', {
      field: 'path',
    });
  }
}

/** Every request, API and pages alike: the path and every query value. */
export const refuseBadCharactersInUrl = createMiddleware<AppEnv>(async (c, next) => {
  if (hasBadCharacters(decodedPath(c.req.path))) throw badCharacters('path');
  for (const [name, values] of Object.entries(c.req.queries())) {
    if (hasBadCharacters(name) || values.some(hasBadCharacters)) throw badCharacters(`query.${name}`);
  }
  await next();
});

/**
 * A route whose body is required: a request without one is judged as if it sent `{}`, so every
 * missing field is named (422); a schema that `{}` satisfies still refuses it, naming the body.
 * A body of another media type is 400 `unsupported_media_type`.
 */
export const requireJsonBody = (schema: ZodType) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const type = c.req.header('content-type');
    if (type === undefined) {
      const result = schema.safeParse({});
      const fields = result.success ? [{ field: '(body)', message: 'required' }] : fieldErrors(result.error);
      throw new ApiError(422, 'validation_failed', `${fields[0]!.field}: ${fields[0]!.message}`, { fields });
    }
    if (!/^application\/([a-z.-]+\+)?json/i.test(type)) {
      throw new ApiError(400, 'unsupported_media_type', 'send the body as application/json');
    }
    await next();
  });

/**
 * A JSON route's body, after its size limit and before its schema: the first bad string is named.
 * A body that is not JSON is left to the validator, which answers 400 for it.
 */
export const refuseBadCharactersInBody = createMiddleware<AppEnv>(async (c, next) => {
  if (c.req.header('content-type')?.includes('json')) {
    const parsed: unknown = await c.req.json().catch(() => undefined);
    const field = findBadCharacters(parsed);
    if (field) throw badCharacters(field);
  }
  await next();
});
