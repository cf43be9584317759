// Small helpers for the raw SQL that set-based statements need.

/**
 * A PostgreSQL array literal (`{"a","b",NULL}`): the driver would expand a JS array into a list of
 * parameters, so arrays travel as one text parameter cast to the array type (`?::uuid[]`).
 */
export function pgArray(values: readonly (string | number | boolean | null | undefined)[]): string {
  const element = (value: string | number | boolean | null | undefined) =>
    value === null || value === undefined ? 'NULL' : `"${String(value).replace(/[\\"]/g, (c) => `\\${c}`)}"`;
  return `{${values.map(element).join(',')}}`;
}

/** A LIKE/ILIKE pattern that finds `text` anywhere, with `%`, `_` and `\` in it matched literally. */
export const containsPattern = (text: string): string => `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
