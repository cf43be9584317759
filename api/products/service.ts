import { randomUUID } from 'node:crypto';
import {
  checkProductOrganization,
  moscowToday,
  normalizePin,
  normalizeRegistrationNumber,
} from '../../domain/product-registration.ts';
import { pinHash, pinMatches } from '../../integrations/crypto/licence-pin.ts';
import { requireOperator, requireUser } from '../http/access.ts';
import type { Actor, ServiceDeps } from '../http/context.ts';
import { decodeCursor, encodeCursor } from '../http/cursor.ts';
import { ApiError, invalidField } from '../http/errors.ts';
import { checkLocked, clearFailures, lockoutLimits, recordFailure } from '../security/lockout.ts';
import type { LicenceInput, OrganizationInput, RegistrationInput } from './views.ts';

/**
 * 1С:ИТС product registration (PRODUCT.md §6): licences (registration number + PIN from the sheet in
 * the box) are loaded by the operator; a user registers one for an organization or for themselves.
 * PINs are kept as an HMAC (KABINET_SECRET) bound to the registration number: a leaked table does
 * not give PINs away without the key, and loading 10,000 licences stays a single quick statement.
 */

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

/** The organization form's checks (domain/product-registration.ts) as a 422 naming `organization.<field>`. */
export function checkOrganization<T extends OrganizationInput>(input: T, today: string): T {
  const check = checkProductOrganization(input, today);
  if (!check.ok) throw invalidField(`organization.${check.field}`, check.message, check.code);
  return check.organization;
}

const wrongLicence = () =>
  new ApiError(422, 'invalid_licence', 'the registration number or the PIN is wrong', {
    fields: [{ field: 'pin', message: 'the registration number or the PIN is wrong' }],
  });

const pinLocked = (retryAfterSeconds: number) =>
  new ApiError(
    429,
    'account_locked',
    'Слишком много неверных PIN-кодов. Повторите позже.',
    { retryAfterSeconds },
    { 'Retry-After': String(retryAfterSeconds) },
  );

/** A cursor of the registrations list: the last row's (created_at as PostgreSQL prints it, id). */
const CURSOR_TIME = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{1,6})?[+-]\d\d(:\d\d){0,2}$/;
const CURSOR_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function decodeRegistrationCursor(cursor: string | undefined): [string, string] | undefined {
  const after = decodeCursor(cursor, 2);
  if (!after) return undefined;
  const [time, id] = after as [string, string];
  if (!CURSOR_TIME.test(time) || !CURSOR_ID.test(id)) {
    throw new ApiError(400, 'invalid_cursor', 'cursor is not one this API gave out', { field: 'cursor' });
  }
  return [time, id];
}

export function createProductService({ em, env, log }: ServiceDeps) {
  return {
    /**
     * Loads licences in one statement (the operator): new numbers are added; a number not yet
     * registered gets the new PIN and name (a correction); a registered one is left alone (skipped).
     */
    async loadLicences(
      actor: Actor | undefined,
      licences: LicenceInput[],
    ): Promise<{ created: number; updated: number; skipped: number }> {
      requireOperator(actor);
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
          pin_hash: pinHash(env.KABINET_SECRET, number, pin),
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
      const counts = { created, updated, skipped: rows.length - created - updated };
      log.info({ ...counts }, 'licences loaded');
      return counts;
    },

    /**
     * Registers a licence for the user (the API and the page both come here). The form is checked
     * first (a typo costs no PIN attempt), then the lockout `pin:<userId>`; a licence is claimed by
     * one conditional UPDATE, so of two users racing one gets it and the other 409.
     */
    async register(actor: Actor | undefined, input: RegistrationInput): Promise<RegistrationRow> {
      const { userId } = requireUser(actor);
      const organization = checkOrganization(input.organization, moscowToday(new Date()));
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
      const stored = licence?.pin_hash ?? pinHash(env.KABINET_SECRET, '', '');
      if (!licence || !pin || !pinMatches(env.KABINET_SECRET, number, pin, stored)) {
        const failure = await recordFailure(em, key, lockoutLimits(env));
        log.info({ userId, failures: failure.failures }, 'wrong licence PIN');
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
      log.info({ userId, registrationId: row.id }, 'product registered');
      return row;
    },

    /** The user's registrations, newest first; `nextCursor` is null on the last page. */
    async list(
      actor: Actor | undefined,
      page: { limit: number; cursor?: string },
    ): Promise<{ items: RegistrationRow[]; nextCursor: string | null }> {
      const { userId } = requireUser(actor);
      const after = decodeRegistrationCursor(page.cursor);
      const rows = await em.execute<(RegistrationRow & { created_text: string })[]>(
        `select *, purchase_date::text as purchase_date, created_at::text as created_text from product_registrations
         where user_id = ? ${after ? 'and (created_at, id) < (?::timestamptz, ?::uuid)' : ''}
         order by created_at desc, id desc limit ?`,
        after ? [userId, after[0], after[1], page.limit + 1] : [userId, page.limit + 1],
      );
      const items = rows.slice(0, page.limit);
      const last = items.at(-1);
      return {
        items,
        nextCursor: rows.length > page.limit && last ? encodeCursor([last.created_text, last.id]) : null,
      };
    },
  };
}
