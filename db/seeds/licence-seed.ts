import type { EntityManager } from '@mikro-orm/postgresql';
import { pinHash } from '../../integrations/crypto/licence-pin.ts';
import { openOrm } from '../orm.ts';

/**
 * Sample 1С:ИТС licences for the local stack (README shows one): the sheet in the box carries the
 * registration number and the PIN. The PIN hash is keyed by KABINET_SECRET, so seeding needs it.
 */
export const SEED_LICENCES = [
  {
    registrationNumber: '800100001',
    pin: '1234-5678-9012-3456',
    productName: '1С:Розница 8. Базовая версия',
  },
  { registrationNumber: '800100002', pin: '2345-6789-0123-4567', productName: '1С:Бухгалтерия 8 ПРОФ' },
  { registrationNumber: '800100003', pin: '3456-7890-1234-5678', productName: '1С:Управление торговлей 8' },
  { registrationNumber: '800100004', pin: '4567-8901-2345-6789', productName: '1С:Деньги' },
  {
    registrationNumber: '800100005',
    pin: '5678-9012-3456-7890',
    productName: '1С:Зарплата и управление персоналом 8',
  },
] as const;

/** Adds the sample licences that are missing; never overwrites one (registered or not). */
export async function seedLicences(em: EntityManager, secret: string): Promise<number> {
  const rows = SEED_LICENCES.map((l) => ({
    registration_number: l.registrationNumber,
    pin_hash: pinHash(secret, l.registrationNumber, l.pin.replaceAll('-', '')),
    product_name: l.productName,
  }));
  const added = await em.execute<{ registration_number: string }[]>(
    `insert into licences (registration_number, pin_hash, product_name)
     select registration_number, pin_hash, product_name
     from jsonb_to_recordset(?::jsonb) as t(registration_number text, pin_hash text, product_name text)
     on conflict (registration_number) do nothing
     returning registration_number`,
    [JSON.stringify(rows)],
  );
  return added.length;
}

export async function seedLicencesAt(databaseUrl: string, secret: string): Promise<number> {
  const orm = await openOrm(databaseUrl);
  try {
    return await seedLicences(orm.em.fork(), secret);
  } finally {
    await orm.close();
  }
}

export const describeLicenceSeed = (added: number): string =>
  added === 0 ? 'licence seed: already there' : `licence seed: added ${added} sample 1С:ИТС licences`;
