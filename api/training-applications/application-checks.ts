import type { EntityManager } from '@mikro-orm/postgresql';
import { normalizeEmail } from '../../domain/email.ts';
import { normalizeMobilePhone } from '../../domain/phone.ts';
import { portalDay } from '../../domain/portal-day.ts';
import { normalizeSnils } from '../../domain/snils.ts';
import { invalidField } from '../http/errors.ts';
import type { ApplicationForm } from './views.ts';

/** The form as stored: contacts and SNILS in their one normal spelling; 422 naming a bad field. */
export function normalizeForm(form: ApplicationForm): Record<string, string> {
  const phone = normalizeMobilePhone(form.phone);
  if (!phone) throw invalidField('form.phone', 'a Russian mobile number, e.g. +7 916 123-45-67');
  const email = normalizeEmail(form.email);
  if (!email) throw invalidField('form.email', 'not an e-mail address');
  const snils = form.snils === undefined ? undefined : normalizeSnils(form.snils);
  if (snils === null)
    throw invalidField('form.snils', 'not a valid SNILS (11 digits with a correct check number)');
  return Object.fromEntries(
    Object.entries({ ...form, phone, email, snils }).filter(([, value]) => value !== undefined),
  ) as Record<string, string>;
}

/**
 * The cycle must be the specialist's own, and the programme cycle one of a ДПП ПК programme for the
 * cycle's specialty that has not ended (programme dates are Moscow dates); otherwise 422 naming the field.
 */
export async function checkApplicationTarget(
  em: EntityManager,
  specialistId: string,
  cycleId: string,
  programmeCycleId: string,
): Promise<void> {
  const [cycle] = await em.execute<{ specialty: string }[]>(
    'select specialty from cycles where id = ? and specialist_id = ?',
    [cycleId, specialistId],
  );
  if (!cycle) throw invalidField('cycleId', 'no such cycle of yours');
  const [programme] = await em.execute<{ type: string; specialties: string[]; endsOn: string }[]>(
    `select e.type, e.specialties, pc.ends_on::text as "endsOn"
     from programme_cycles pc join catalog_elements e on e.id = pc.element_id where pc.id = ?`,
    [programmeCycleId],
  );
  if (!programme) throw invalidField('programmeCycleId', 'no such programme cycle');
  if (programme.type !== 'programme') {
    throw invalidField('programmeCycleId', 'applications are made for ДПП ПК programmes only');
  }
  if (!programme.specialties.includes(cycle.specialty)) {
    throw invalidField(
      'programmeCycleId',
      `the programme is not for the specialty «${cycle.specialty}» of this cycle`,
    );
  }
  if (programme.endsOn < portalDay(new Date()))
    throw invalidField('programmeCycleId', 'the programme cycle has ended');
}
