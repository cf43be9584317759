import { z } from '@hono/zod-openapi';
import { ApiError } from './errors.ts';

/**
 * Cursors that are just the last row's id: the sort key is looked up by that id, so cursors stay
 * short whatever is sorted on. A cursor that is not an id is one this API never gave out.
 */
export function keysetId(decoded: string[] | undefined): string | null {
  if (!decoded) return null;
  const id = decoded[0];
  if (!z.uuid().safeParse(id).success) {
    throw new ApiError(400, 'invalid_cursor', 'cursor is not one this API gave out', { field: 'cursor' });
  }
  return id!;
}
