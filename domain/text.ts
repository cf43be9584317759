// Characters no text field may hold: NUL (PostgreSQL cannot store it) and UTF-16 surrogates without
// their pair (they are not characters at all and turn into U+FFFD on the way to the database).
// eslint-disable-next-line no-control-regex -- NUL is exactly what this looks for
const BAD_CHARACTER = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export const hasBadCharacters = (text: string): boolean => BAD_CHARACTER.test(text);

/**
 * The dotted path of the first string (or object key) in a parsed JSON value that holds a bad
 * character, e.g. `employees.3.fullName`; null when there is none.
 */
export function findBadCharacters(value: unknown, path: string[] = []): string | null {
  if (typeof value === 'string') return hasBadCharacters(value) ? path.join('.') || '(body)' : null;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = findBadCharacters(item, [...path, String(index)]);
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (hasBadCharacters(key)) return [...path, key].join('.');
      const found = findBadCharacters(item, [...path, key]);
      if (found) return found;
    }
  }
  return null;
}
