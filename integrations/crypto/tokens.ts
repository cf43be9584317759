import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Keys and session tokens are long random strings; storing their SHA-256 is enough. */
export const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');

export const newApiKey = (): string => `kab_${randomBytes(32).toString('base64url')}`;
export const newSessionToken = (): string => `kss_${randomBytes(32).toString('base64url')}`;
export const newProviderKey = (): string => `kpr_${randomBytes(32).toString('base64url')}`;

export function constantTimeEquals(a: string, b: string): boolean {
  const left = Buffer.from(sha256(a));
  const right = Buffer.from(sha256(b));
  return timingSafeEqual(left, right);
}
