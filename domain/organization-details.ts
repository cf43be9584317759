// An organization's details (реквизиты) as its users edit them: the checks a schema cannot do, and
// the stored form of each value. Pure: the caller turns a problem into its 422.
import { normalizeEmail } from './email.ts';
import { checkInn } from './inn.ts';

/** What a change may carry; `null` clears an optional value, a missing key leaves it. */
export interface DetailsInput {
  name?: string;
  inn?: string;
  kpp?: string | null;
  address?: string | null;
  phone?: string | null;
  email?: string | null;
}

export type DetailsColumn = 'name' | 'inn' | 'kpp' | 'address' | 'phone' | 'email';
export type DetailsChanges = Partial<Record<DetailsColumn, string | null>>;

export type DetailsCheck =
  { ok: true; changes: DetailsChanges } | { ok: false; field: DetailsColumn; message: string; code?: string };

/** A landline or mobile number as people write it: digits with + ( ) - and spaces, 5–20 digits. */
export function normalizeContactPhone(phone: string): string | null {
  const trimmed = phone.trim().replace(/\s+/g, ' ');
  const digits = trimmed.replace(/\D/g, '');
  if (!/^\+?[\d ()-]+$/.test(trimmed) || digits.length < 5 || digits.length > 20) return null;
  return trimmed;
}

/** The columns to change and their stored values, or the first field that is wrong. */
export function checkDetailsChanges(input: DetailsInput): DetailsCheck {
  const changes: DetailsChanges = {};
  if (input.name !== undefined) changes.name = input.name;
  if (input.inn !== undefined) {
    const inn = checkInn(input.inn);
    if (!inn.ok) return { ok: false, field: 'inn', message: inn.reason, code: 'invalid_inn' };
    changes.inn = inn.inn;
  }
  if (input.kpp !== undefined) changes.kpp = input.kpp;
  if (input.address !== undefined) changes.address = input.address;
  if (input.phone !== undefined) {
    const phone = input.phone === null ? null : normalizeContactPhone(input.phone);
    if (input.phone !== null && !phone)
      return { ok: false, field: 'phone', message: 'a phone number of digits, spaces, +, ( ) and -' };
    changes.phone = phone;
  }
  if (input.email !== undefined) {
    const email = input.email === null ? null : normalizeEmail(input.email);
    if (input.email !== null && !email)
      return { ok: false, field: 'email', message: 'not a valid e-mail address' };
    changes.email = email;
  }
  return { ok: true, changes };
}
