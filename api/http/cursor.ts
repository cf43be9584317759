import { z } from '@hono/zod-openapi';
import { ApiError } from './errors.ts';

const invalidCursor = () =>
  new ApiError(400, 'invalid_cursor', 'cursor is not one this API gave out', { field: 'cursor' });

/** Opaque keyset cursors: base64url of the last item's sort key. */
export const encodeCursor = (key: string[]): string => Buffer.from(JSON.stringify(key)).toString('base64url');

export function decodeCursor(cursor: string | undefined, parts: number): string[] | undefined {
  if (!cursor) return undefined;
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.length === parts && key.every((k) => typeof k === 'string')) return key;
  } catch {
    // reported below
  }
  throw invalidCursor();
}

/**
 * Cursors that are just the last row's id: the sort key is looked up by that id, so cursors stay
 * short whatever is sorted on. A cursor that is not an id is one this API never gave out.
 */
export function keysetId(decoded: string[] | undefined): string | null {
  if (!decoded) return null;
  const id = decoded[0];
  if (!z.uuid().safeParse(id).success) throw invalidCursor();
  return id!;
}

/** A cursor that is a whole number (an identity column), e.g. invitations' `seq`. */
export function keysetSeq(cursor: string | undefined): number | null {
  const decoded = decodeCursor(cursor, 1);
  if (!decoded) return null;
  const seq = Number(decoded[0]);
  if (!Number.isSafeInteger(seq)) throw invalidCursor();
  return seq;
}
