/**
 * The service address (PRODUCT.md §1): "Latin letters, digits and hyphen only". It becomes a path segment
 * and, behind a wildcard domain, a DNS label, so the rules are those of a DNS label plus a few of ours:
 * - case-insensitive: input is trimmed and lower-cased ("My-Company" → "my-company");
 * - 3–63 characters (63 is the DNS label limit; 1–2 letter addresses are too easy to squat and confuse);
 * - no hyphen at the start or end, no two hyphens in a row ("xn--" punycode labels and "a--b" lookalikes);
 * - not a reserved word that names our own hosts or routes (api, www, admin, docs, static, …).
 * Uniqueness is checked against the database by the caller, not here.
 */

export const SLUG_MIN_LENGTH = 3;
export const SLUG_MAX_LENGTH = 63;

export const RESERVED_SLUGS: ReadonlySet<string> = new Set(
  [
    'about account accounts admin administrator api app apps assets auth billing blog cabinet cdn',
    'dashboard demo dev docs download files ftp health healthz help imap kabinet login logout mail media',
    'new news null oauth openapi operator pop pop3 public readyz register root service services signin',
    'signup smtp sso staging static status support system temporal test undefined uploads webmail www',
  ]
    .join(' ')
    .split(' '),
);

export type SlugErrorCode =
  'empty' | 'too_short' | 'too_long' | 'invalid_characters' | 'hyphen_at_edge' | 'double_hyphen' | 'reserved';

export type SlugCheck = { ok: true; slug: string } | { ok: false; code: SlugErrorCode; reason: string };

function fail(code: SlugErrorCode, reason: string): SlugCheck {
  return { ok: false, code, reason };
}

export function validateSlug(input: string): SlugCheck {
  const trimmed = input.trim();
  if (trimmed === '') return fail('empty', 'Укажите адрес сервиса.');
  // Checked before lower-casing: toLowerCase() maps some non-Latin letters (the Kelvin sign) to ASCII.
  if (!/^[A-Za-z0-9-]+$/.test(trimmed)) {
    return fail('invalid_characters', 'Адрес может содержать только латинские буквы, цифры и дефис.');
  }
  const slug = trimmed.toLowerCase();
  if (slug.length < SLUG_MIN_LENGTH) {
    return fail('too_short', `Адрес должен быть не короче ${SLUG_MIN_LENGTH} символов.`);
  }
  if (slug.length > SLUG_MAX_LENGTH) {
    return fail('too_long', `Адрес должен быть не длиннее ${SLUG_MAX_LENGTH} символов.`);
  }
  if (slug.startsWith('-') || slug.endsWith('-')) {
    return fail('hyphen_at_edge', 'Адрес не может начинаться или заканчиваться дефисом.');
  }
  if (slug.includes('--')) return fail('double_hyphen', 'Адрес не может содержать два дефиса подряд.');
  if (RESERVED_SLUGS.has(slug)) return fail('reserved', `Адрес «${slug}» зарезервирован, выберите другой.`);
  return { ok: true, slug };
}
