// 1С:ИТС product registration (PRODUCT.md §6): the licence's registration number and PIN as people
// type them, and the checks of the organization (or person) form a schema cannot do. Pure: the
// caller turns a problem into its 422.
import { normalizeEmail } from './email.ts';
import { checkInn } from './inn.ts';

/** Registration numbers are digits (spaces people type are dropped). */
export const normalizeRegistrationNumber = (value: string): string | null => {
  const compact = value.replace(/\s+/g, '');
  return /^\d{6,16}$/.test(compact) ? compact : null;
};

/** PINs are written in groups: spaces and dashes are dropped, letters upper-cased. */
export const normalizePin = (value: string): string | null => {
  const compact = value.replace(/[\s-]+/g, '').toUpperCase();
  return /^[0-9A-Z]{4,32}$/.test(compact) ? compact : null;
};

interface OrganizationFields {
  name: string;
  inn: string;
  head: string;
  activityType: string;
  phone: string;
  email: string;
  country: string;
  placeOfPurchase: string;
  /** YYYY-MM-DD. */
  purchaseDate: string;
  workplaces: number;
  responsiblePerson: string;
}

/** Who the licence is registered for: a company, or a private person (only the required fields). */
export type ProductOrganization =
  | (OrganizationFields & { kind: 'company'; kpp?: string; address?: string })
  | (OrganizationFields & { kind: 'person' });

export type OrganizationCheck<T extends ProductOrganization> =
  | { ok: true; organization: T }
  | { ok: false; field: keyof OrganizationFields; message: string; code?: string };

export const EARLIEST_PURCHASE = '1991-01-01';

/**
 * The INN's kind and checksum, the phone, the e-mail and the purchase date (from EARLIEST_PURCHASE to
 * `today`, YYYY-MM-DD); a valid form comes back with the INN, e-mail and phone in their stored form.
 */
export function checkProductOrganization<T extends ProductOrganization>(
  input: T,
  today: string,
): OrganizationCheck<T> {
  const inn = checkInn(input.inn);
  const wantedLength = input.kind === 'company' ? 10 : 12;
  if (input.inn.length !== wantedLength || !/^\d+$/.test(input.inn)) {
    return {
      ok: false,
      field: 'inn',
      message: input.kind === 'company' ? 'a company INN is 10 digits' : "a person's INN is 12 digits",
    };
  }
  if (!inn.ok) {
    return {
      ok: false,
      field: 'inn',
      message: inn.code === 'checksum' ? 'the INN check digits do not match' : 'not a valid INN',
      code: 'invalid_inn',
    };
  }
  const digits = input.phone.replace(/\D/g, '');
  if (!/^\+?[\d\s()-]+$/.test(input.phone) || digits.length < 10 || digits.length > 15) {
    return { ok: false, field: 'phone', message: 'a phone number is 10 to 15 digits' };
  }
  const email = normalizeEmail(input.email);
  if (!email) return { ok: false, field: 'email', message: 'not a valid e-mail address' };
  if (input.purchaseDate > today || input.purchaseDate < EARLIEST_PURCHASE) {
    return {
      ok: false,
      field: 'purchaseDate',
      message: `the purchase date must be between ${EARLIEST_PURCHASE} and today`,
    };
  }
  return {
    ok: true,
    organization: { ...input, inn: inn.inn, email, phone: input.phone.replace(/\s+/g, ' ') },
  };
}

/** `now`'s day in Moscow (the portal's day), YYYY-MM-DD. */
export const moscowToday = (now: Date): string =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Moscow' }).format(now);
