import type { Hook } from '@hono/zod-openapi';
import type { ZodError } from 'zod';
import type { AppEnv } from './context.ts';
import { ApiError } from './errors.ts';

type FieldError = { field: string; message: string };

export function fieldErrors(error: ZodError, prefix?: string): FieldError[] {
  return error.issues.map((issue) => ({
    field: [prefix, ...issue.path.map(String)].filter(Boolean).join('.') || '(body)',
    message: issue.message,
  }));
}

/** Every request that fails its schema becomes a 422 naming each bad field. */
export const validationHook: Hook<unknown, AppEnv, string, unknown> = (result) => {
  if (result.success) return;
  const fields = fieldErrors(result.error, result.target === 'json' ? undefined : result.target);
  const first = fields[0];
  throw new ApiError(
    422,
    'validation_failed',
    first ? `${first.field}: ${first.message}` : 'request is not valid',
    { fields },
  );
};
