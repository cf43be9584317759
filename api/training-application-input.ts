import { z } from '@hono/zod-openapi';
import type { EntityManager } from '@mikro-orm/postgresql';
import { normalizeEmail } from '../domain/email.ts';
import { normalizeMobilePhone } from '../domain/phone.ts';
import { normalizeSnils } from '../domain/snils.ts';
import { invalidField } from './http/errors.ts';

const text = (max: number) => z.string().trim().min(1, 'required').max(max);

export const ApplicationFormSchema = z
  .object({
    workplace: text(300).openapi({ example: 'ГБУЗ «Городская поликлиника № 1»' }),
    position: text(200).openapi({ example: 'Врач-терапевт участковый' }),
    phone: text(40).openapi({ example: '+7 916 123-45-67' }),
    email: text(254).openapi({ example: 'ivanov@example.ru' }),
    education: text(1000).optional(),
    comment: text(2000).optional(),
    snils: text(20).optional().openapi({ description: 'used when the profile has no SNILS' }),
  })
  .openapi('TrainingApplicationForm');

export const CreateApplicationSchema = z.object({
  cycleId: z.uuid(),
  programmeCycleId: z.uuid(),
  form: ApplicationFormSchema,
});

/** The form as stored: contacts and SNILS in their one normal spelling; 422 naming a bad field. */
export function normalizeForm(form: z.infer<typeof ApplicationFormSchema>): Record<string, string> {
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

/** Moscow's calendar day: programme dates are Moscow dates. */
const moscowToday = (): string => new Date(Date.now() + 3 * 3600_000).toISOString().slice(0, 10);

/**
 * The cycle must be the specialist's own, and the programme cycle one of a ДПП ПК programme for the
 * cycle's specialty that has not ended; otherwise 422 naming the field.
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
  if (programme.endsOn < moscowToday())
    throw invalidField('programmeCycleId', 'the programme cycle has ended');
}
