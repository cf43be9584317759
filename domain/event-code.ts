/**
 * Event confirmation codes as specialists type them and providers report them: compared after
 * trimming and in upper case, so "ab12-cd" typed from a certificate matches "AB12-CD" in the report.
 */
export const EVENT_CODE_MAX_LENGTH = 64;

/** The comparable form of a code, or null when it is empty, too long or has spaces or control characters. */
export function normalizeEventCode(raw: string): string | null {
  const code = raw.trim().toUpperCase();
  if (code.length === 0 || code.length > EVENT_CODE_MAX_LENGTH) return null;
  if (/[\s\p{C}]/u.test(code)) return null;
  return code;
}
