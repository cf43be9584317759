import { z } from 'zod';
import { normalizeEmail } from '../../domain/email.ts';
import { normalizeMobilePhone } from '../../domain/phone.ts';
import { fieldErrors } from '../http/validation.ts';

/** One employee as the HR system sends it; each row is checked on its own so one bad row rejects nothing else. */
const RowShape = z.object({
  externalId: z.string().trim().min(1).max(100),
  fullName: z.string().trim().min(1).max(300),
  position: z.string().trim().max(300).nullish(),
  department: z.string().trim().max(300).nullish(),
  managerExternalId: z.string().trim().max(100).nullish(),
  email: z.string().max(320).nullish(),
  phone: z.string().max(40).nullish(),
  employed: z.boolean().default(true),
});

export interface EmployeeRow {
  externalId: string;
  fullName: string;
  position: string | null;
  department: string | null;
  managerExternalId: string | null;
  email: string | null;
  phone: string | null;
  employed: boolean;
}

export interface InvalidRow {
  externalId: string | null;
  index: number;
  errors: { field: string; message: string }[];
}

const blankToNull = (v: string | null | undefined) => (v == null || v.trim() === '' ? null : v.trim());

/** Splits a payload into valid normalised rows and reported invalid ones (later duplicates included). */
export function checkEmployeeRows(rows: unknown[]): { valid: EmployeeRow[]; invalid: InvalidRow[] } {
  const valid: EmployeeRow[] = [];
  const invalid: InvalidRow[] = [];
  const seen = new Set<string>();
  rows.forEach((raw, index) => {
    const rawExternalId = (raw as { externalId?: unknown } | null)?.externalId;
    const externalId = typeof rawExternalId === 'string' ? rawExternalId.trim() : null;
    const parsed = RowShape.safeParse(raw);
    if (!parsed.success) {
      invalid.push({ externalId, index, errors: fieldErrors(parsed.error) });
      return;
    }
    const row = parsed.data;
    const errors: InvalidRow['errors'] = [];
    const email = blankToNull(row.email);
    const phone = blankToNull(row.phone);
    const normalizedEmail = email === null ? null : normalizeEmail(email);
    const normalizedPhone = phone === null ? null : normalizeMobilePhone(phone);
    if (email !== null && normalizedEmail === null)
      errors.push({ field: 'email', message: 'not a valid e-mail address' });
    if (phone !== null && normalizedPhone === null) {
      errors.push({ field: 'phone', message: 'not a Russian mobile number (+79XXXXXXXXX)' });
    }
    if (seen.has(row.externalId))
      errors.push({ field: 'externalId', message: 'appears more than once in this request' });
    if (errors.length) {
      invalid.push({ externalId: row.externalId, index, errors });
      return;
    }
    seen.add(row.externalId);
    valid.push({
      externalId: row.externalId,
      fullName: row.fullName,
      position: blankToNull(row.position),
      department: blankToNull(row.department),
      managerExternalId: blankToNull(row.managerExternalId),
      email: normalizedEmail,
      phone: normalizedPhone,
      employed: row.employed,
    });
  });
  return { valid, invalid };
}
