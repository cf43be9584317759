import { createHmac, timingSafeEqual } from 'node:crypto';

/** A 1С:ИТС licence's PIN as stored: a keyed hash bound to its registration number. */
export const pinHash = (secret: string, registrationNumber: string, pin: string): string =>
  createHmac('sha256', secret).update(`licence-pin\0${registrationNumber}\0${pin}`, 'utf8').digest('hex');

/** Constant-time check of a typed PIN against the stored hash. */
export function pinMatches(secret: string, registrationNumber: string, pin: string, stored: string): boolean {
  const expected = Buffer.from(pinHash(secret, registrationNumber, pin), 'hex');
  const actual = Buffer.from(stored, 'hex');
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
