import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';

/**
 * One-time codes sent by SMS (PRODUCT.md §2): six random digits, stored only as a keyed hash.
 * A plain SHA-256 of a 6-digit code falls to a million guesses in milliseconds, so the hash is an
 * HMAC under a server secret (KABINET_SECRET) that never sits next to the database. The phone is
 * mixed in so equal codes for two people never share a hash.
 */

export const VERIFICATION_CODE_LENGTH = 6;

/** Uniform over 000000–999999 from the CSPRNG; leading zeros are kept. */
export function generateVerificationCode(): string {
  return String(randomInt(0, 10 ** VERIFICATION_CODE_LENGTH)).padStart(VERIFICATION_CODE_LENGTH, '0');
}

/** HMAC-SHA256(secret, phone + ":" + code) as 64 lowercase hex characters. */
export function hashVerificationCode(secret: string, phone: string, code: string): string {
  if (secret === '') throw new Error('hashVerificationCode needs a non-empty server secret');
  return createHmac('sha256', secret).update(`${phone}:${code}`, 'utf8').digest('hex');
}

const HEX = /^(?:[0-9a-f]{2})+$/i;

/** Constant-time comparison of two hex hashes; malformed or different-length input is simply unequal. */
export function codesEqual(aHex: string, bHex: string): boolean {
  if (aHex.length !== bHex.length || !HEX.test(aHex) || !HEX.test(bHex)) return false;
  return timingSafeEqual(Buffer.from(aHex, 'hex'), Buffer.from(bHex, 'hex'));
}
