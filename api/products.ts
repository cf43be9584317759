import { pinHash, pinMatches } from '../integrations/crypto/licence-pin.ts';
import { z } from '@hono/zod-openapi';
import type { EntityManager } from '@mikro-orm/postgresql';
import { normalizeEmail } from '../domain/email.ts';
import { checkInn } from '../domain/inn.ts';
import type { Context } from 'hono';
import { randomUUID } from 'node:crypto';
import type { AppEnv } from './http/context.ts';
import { ApiError, invalidField } from './http/errors.ts';
import { checkLocked, clearFailures, lockoutLimits, recordFailure } from './security/lockout.ts';

/**
 * 1С:ИТС product registration (PRODUCT.md §6): licences (registration number + PIN from the sheet in
 * the box) are loaded by the operator; a user registers one for an organization or for themselves.
 * PINs are kept as an HMAC (KABINET_SECRET) bound to the registration number: a leaked table does
 * not give PINs away without the key, and loading 10,000 licences stays a single quick statement.
 */

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

export interface LicenceInput {
  registrationNumber: string;
  pin: string;
  productName: string;
}

/**
 * Loads licences in one statement: new numbers are added; a number not yet registered gets the new
 * PIN and name (a correction); a registered one is left alone (skipped).
 */
export async function loadLicences(
  em: EntityManager,
  secret: string,
  licences: LicenceInput[],
): Promise<{ created: number; updated: number; skipped: number }> {
  const seen = new Map<string, number>();
  const rows = licences.map((licence, i) => {
    const number = normalizeRegistrationNumber(licence.registrationNumber);
    if (!number)
      throw invalidField(`licences.${i}.registrationNumber`, 'a registration number is 6 to 16 digits');
    const pin = normalizePin(licence.pin);
    if (!pin) throw invalidField(`licences.${i}.pin`, 'a PIN is 4 to 32 letters or digits');
    const first = seen.get(number);
    if (first !== undefined) {
      throw invalidField(
        `licences.${i}.registrationNumber`,
        `the same number as licences.${first}`,
        'duplicate',
      );
    }
    seen.set(number, i);
    return {
      registration_number: number,
      pin_hash: pinHash(secret, number, pin),
      product_name: licence.productName,
    };
  });
  if (rows.length === 0) return { created: 0, updated: 0, skipped: 0 };
  const [result] = await em.execute<{ created: string; updated: string }[]>(
    `with changed as (
       insert into licences as l (registration_number, pin_hash, product_name)
       select registration_number, pin_hash, product_name
       from jsonb_to_recordset(?::jsonb) as t(registration_number text, pin_hash text, product_name text)
       on conflict (registration_number) do update
         set pin_hash = excluded.pin_hash, product_name = excluded.product_name
         where l.registered_at is null
       returning (xmax = 0) as inserted)
     select count(*) filter (where inserted)::text as created, count(*) filter (where not inserted)::text as updated
     from changed`,
    [JSON.stringify(rows)],
  );
  const created = Number(result?.created ?? 0);
  const updated = Number(result?.updated ?? 0);
  return { created, updated, skipped: rows.length - created - updated };
}

// --- the organization form ------------------------------------------------------------------------

const text = (max: number) => z.string().trim().min(1, 'required').max(max);

const common = {
  name: text(500).openapi({ description: "The organization's name, or a person's full name" }),
  inn: z.string().trim().max(12).openapi({ description: '10 digits for a company, 12 for a person' }),
  head: text(300),
  activityType: text(300),
  phone: z.string().trim().min(1, 'required').max(40),
  email: z.string().trim().min(1, 'required').max(320),
  country: text(100),
  placeOfPurchase: text(500),
  purchaseDate: z.iso.date().openapi({ example: '2026-11-20' }),
  workplaces: z.number().int().min(1).max(100_000),
  responsiblePerson: text(300),
};

export const OrganizationSchema = z
  .discriminatedUnion('kind', [
    z
      .object({
        kind: z.literal('company'),
        ...common,
        kpp: z
          .string()
          .trim()
          .regex(/^\d{9}$/, 'КПП is 9 digits')
          .optional(),
        address: text(1000).optional(),
      })
      .strict(),
    // A private person gives only the required fields: the name is the full name, the INN personal.
    z.object({ kind: z.literal('person'), ...common }).strict(),
  ])
  .openapi('ProductOrganization');
export type OrganizationInput = z.infer<typeof OrganizationSchema>;

const EARLIEST_PURCHASE = '1991-01-01';

/** The checks a schema cannot do: INN kind and checksum, phone, e-mail, purchase date. */
export function checkOrganization(input: OrganizationInput, today: string): OrganizationInput {
  const inn = checkInn(input.inn);
  const wantedLength = input.kind === 'company' ? 10 : 12;
  if (input.inn.length !== wantedLength || !/^\d+$/.test(input.inn)) {
    throw invalidField(
      'organization.inn',
      input.kind === 'company' ? 'a company INN is 10 digits' : "a person's INN is 12 digits",
    );
  }
  if (!inn.ok) {
    throw invalidField(
      'organization.inn',
      inn.code === 'checksum' ? 'the INN check digits do not match' : 'not a valid INN',
      'invalid_inn',
    );
  }
  const digits = input.phone.replace(/\D/g, '');
  if (!/^\+?[\d\s()-]+$/.test(input.phone) || digits.length < 10 || digits.length > 15) {
    throw invalidField('organization.phone', 'a phone number is 10 to 15 digits');
  }
  const email = normalizeEmail(input.email);
  if (!email) throw invalidField('organization.email', 'not a valid e-mail address');
  if (input.purchaseDate > today || input.purchaseDate < EARLIEST_PURCHASE) {
    throw invalidField(
      'organization.purchaseDate',
      `the purchase date must be between ${EARLIEST_PURCHASE} and today`,
    );
  }
  return { ...input, inn: inn.inn, email, phone: input.phone.replace(/\s+/g, ' ') };
}

/** Today in Moscow (the portal's day), YYYY-MM-DD. */
export const moscowToday = (now = new Date()): string =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Moscow' }).format(now);

// --- registering ----------------------------------------------------------------------------------

export interface RegistrationRow {
  id: string;
  registration_number: string;
  product_name: string;
  kind: 'company' | 'person';
  name: string;
  inn: string;
  head: string;
  activity_type: string;
  phone: string;
  email: string;
  country: string;
  place_of_purchase: string;
  purchase_date: string | Date;
  workplaces: number;
  responsible_person: string;
  kpp: string | null;
  address: string | null;
  created_at: Date | string;
}

const isoDate = (value: string | Date): string =>
  typeof value === 'string'
    ? value.slice(0, 10)
    : `${value.getFullYear()}-${String(value.getMonth() + 1).padStart(2, '0')}-${String(value.getDate()).padStart(2, '0')}`;

export const registrationView = (r: RegistrationRow) => ({
  id: r.id,
  registrationNumber: r.registration_number,
  productName: r.product_name,
  organization: {
    kind: r.kind,
    name: r.name,
    inn: r.inn,
    head: r.head,
    activityType: r.activity_type,
    phone: r.phone,
    email: r.email,
    country: r.country,
    placeOfPurchase: r.place_of_purchase,
    purchaseDate: isoDate(r.purchase_date),
    workplaces: r.workplaces,
    responsiblePerson: r.responsible_person,
    kpp: r.kpp,
    address: r.address,
  },
  createdAt: new Date(r.created_at).toISOString(),
});

export const wrongLicence = () =>
  new ApiError(422, 'invalid_licence', 'the registration number or the PIN is wrong', {
    fields: [{ field: 'pin', message: 'the registration number or the PIN is wrong' }],
  });

export const pinLocked = (retryAfterSeconds: number) =>
  new ApiError(
    429,
    'account_locked',
    'Слишком много неверных PIN-кодов. Повторите позже.',
    { retryAfterSeconds },
    { 'Retry-After': String(retryAfterSeconds) },
  );

/**
 * Registers a licence for the user (the API and the page both come here). The form is checked first
 * (a typo costs no PIN attempt), then the lockout `pin:<userId>`; a licence is claimed by one
 * conditional UPDATE, so of two users racing one gets it and the other 409.
 */
export async function registerProduct(
  c: Context<AppEnv>,
  userId: string,
  input: { registrationNumber: string; pin: string; organization: OrganizationInput },
): Promise<RegistrationRow> {
  const { em, deps } = c.var;
  const organization = checkOrganization(input.organization, moscowToday());
  const number = normalizeRegistrationNumber(input.registrationNumber);
  if (!number) throw invalidField('registrationNumber', 'a registration number is 6 to 16 digits');
  const pin = normalizePin(input.pin) ?? '';

  const key = `pin:${userId}`;
  const locked = await checkLocked(em, key);
  if (locked) throw pinLocked(locked.lockedForSeconds);
  const [licence] = await em.execute<{ pin_hash: string }[]>(
    `select pin_hash from licences where registration_number = ?`,
    [number],
  );
  // An unknown number costs the same HMAC as a wrong PIN.
  const stored = licence?.pin_hash ?? pinHash(deps.env.KABINET_SECRET, '', '');
  if (!licence || !pin || !pinMatches(deps.env.KABINET_SECRET, number, pin, stored)) {
    const failure = await recordFailure(em, key, lockoutLimits(deps.env));
    c.var.log.info({ userId, failures: failure.failures }, 'wrong licence PIN');
    if (failure.locked) throw pinLocked(failure.retryAfterSeconds ?? 1);
    throw wrongLicence();
  }
  await clearFailures(em, key);

  const row = await em.transactional(async (tx) => {
    const [claimed] = await tx.execute<{ product_name: string }[]>(
      `update licences set registered_by_user_id = ?, registered_at = now()
       where registration_number = ? and registered_at is null returning product_name`,
      [userId, number],
    );
    if (!claimed) throw new ApiError(409, 'already_registered', 'this licence is registered already');
    const [inserted] = await tx.execute<RegistrationRow[]>(
      `insert into product_registrations
         (id, user_id, registration_number, product_name, kind, name, inn, head, activity_type, phone, email,
          country, place_of_purchase, purchase_date, workplaces, responsible_person, kpp, address)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::date, ?, ?, ?, ?)
       returning *, purchase_date::text as purchase_date`,
      [
        randomUUID(),
        userId,
        number,
        claimed.product_name,
        organization.kind,
        organization.name,
        organization.inn,
        organization.head,
        organization.activityType,
        organization.phone,
        organization.email,
        organization.country,
        organization.placeOfPurchase,
        organization.purchaseDate,
        organization.workplaces,
        organization.responsiblePerson,
        organization.kind === 'company' ? (organization.kpp ?? null) : null,
        organization.kind === 'company' ? (organization.address ?? null) : null,
      ],
    );
    return inserted!;
  });
  c.var.log.info({ userId, registrationId: row.id }, 'product registered');
  return row;
}

/** A page of the user's registrations, newest first; `after` is the last row's (created_text, id). */
export async function listRegistrations(
  em: EntityManager,
  userId: string,
  limit: number,
  after?: string[],
): Promise<(RegistrationRow & { created_text: string })[]> {
  return em.execute<(RegistrationRow & { created_text: string })[]>(
    `select *, purchase_date::text as purchase_date, created_at::text as created_text from product_registrations
     where user_id = ? ${after ? 'and (created_at, id) < (?::timestamptz, ?::uuid)' : ''}
     order by created_at desc, id desc limit ?`,
    after ? [userId, after[0], after[1], limit] : [userId, limit],
  );
}
