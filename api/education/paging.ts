import { encodeCursor } from '../http/cursor.ts';

/** A page of rows and the cursor of the next one. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** `rows` were read with one more than `limit`: that extra row only says there is a next page. */
export function keysetPage<T>(rows: T[], limit: number, keyOf: (last: T) => string[]): Page<T> {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(keyOf(last)) : null };
}

/** What a client asks for: `?limit=&cursor=`. */
export interface PageInput {
  limit: number;
  cursor?: string | undefined;
}
