import { toASCII, toUnicode } from 'tr46';

// The WHATWG URL standard's domain processing (what Node's url.domainToASCII applies), from the
// reference implementation, so domain/ needs no Node module.
const IDNA = { checkBidi: true, checkJoiners: true, checkHyphens: false, useSTD3ASCIIRules: false, transitionalProcessing: false } as const;
const domainToASCII = (domain: string): string => toASCII(domain, IDNA) ?? '';
const domainToUnicode = (domain: string): string => toUnicode(domain, IDNA).domain;

/**
 * E-mail addresses as logins and contacts. One address has one stored form, so "Ivan@Mail.RU" and
 * "ivan@mail.ru" are the same login:
 * - surrounding whitespace is trimmed;
 * - the whole address is lower-cased. RFC 5321 lets a server treat the local part case-sensitively,
 *   but no mail service our users have does, and two logins differing only in case would be a trap;
 * - the domain is kept in Unicode (пример.рф, not xn--e1afmkfd.xn--p1ai), whichever way it was typed;
 *   the mailer converts it to punycode when sending.
 *
 * The syntax is the practical subset real mailboxes use, not all of RFC 5322: an ASCII dot-atom local
 * part (no quoted strings, no comments), exactly one "@", a domain of at least two valid DNS labels with
 * an alphabetic (or IDN) top-level label, local part ≤ 64 and the whole address ≤ 254 characters in its
 * ASCII form. Non-ASCII local parts (SMTPUTF8) are rejected: most relays still cannot deliver to them.
 */

const LOCAL_PART = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/i;
const DNS_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
const TOP_LEVEL_LABEL = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

const MAX_LOCAL_PART = 64;
const MAX_ADDRESS = 254;
const MAX_DOMAIN = 253;

export function normalizeEmail(input: string): string | null {
  const trimmed = input.trim();
  const parts = trimmed.split('@');
  if (parts.length !== 2) return null;
  const [rawLocal = '', rawDomain = ''] = parts;

  // Checked before lower-casing: toLowerCase() maps some non-ASCII letters (the Kelvin sign) to ASCII.
  if (rawLocal.length > MAX_LOCAL_PART || !LOCAL_PART.test(rawLocal)) return null;
  const local = rawLocal.toLowerCase();

  // domainToASCII lower-cases, applies IDNA mapping and returns '' for what cannot be a domain at all.
  const asciiDomain = domainToASCII(rawDomain);
  if (asciiDomain === '' || asciiDomain.length > MAX_DOMAIN) return null;
  const labels = asciiDomain.split('.');
  const topLevel = labels.at(-1) ?? '';
  if (labels.length < 2 || !labels.every((l) => DNS_LABEL.test(l)) || !TOP_LEVEL_LABEL.test(topLevel)) {
    return null;
  }
  if (local.length + 1 + asciiDomain.length > MAX_ADDRESS) return null;

  return `${local}@${domainToUnicode(asciiDomain)}`;
}

/** Hides an address for pages and API answers: 'anna@romashka.ru' → 'a***@romashka.ru'. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  return at > 0 ? `${email[0]}***${email.slice(at)}` : '***';
}
