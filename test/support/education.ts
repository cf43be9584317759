import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { hashPassword } from '../../api/security/passwords.ts';
import { newProviderKey, sha256 } from '../../integrations/crypto/tokens.ts';
import { Cycle, Provider, Specialist, SpecialistDocument, User } from '../../db/entities/index.ts';
import { uniquePhone } from './flow.ts';
import { httpClient } from './http.ts';
import type { TestSystem } from './system.ts';

const PASSWORD = 'Надёжный-пароль-1';

/**
 * A logged-in user with a specialist profile, made directly in the database (accounts and
 * registration are another issue's), then logged in over HTTP like anyone else.
 */
export async function createSpecialist(system: TestSystem, fullName = 'Иванов Иван Иванович') {
  const em = system.db.orm.em.fork();
  const login = uniquePhone();
  const user = em.create(User, {
    id: randomUUID(),
    login,
    passwordHash: await hashPassword(PASSWORD),
    createdAt: new Date(),
    updatedAt: new Date(),
  });
  // No relation between the entities orders the inserts: the user must exist before its specialist.
  await em.flush();
  const specialist = em.create(Specialist, { id: randomUUID(), userId: user.id, fullName, createdAt: new Date() });
  await em.flush();
  const api = httpClient(system.baseUrl);
  const session = await api<{ token: string }>('POST', '/v1/auth/login', { body: { login, password: PASSWORD } });
  assert.equal(session.status, 200);
  return { api, token: session.body.token, userId: user.id, specialistId: specialist.id, login };
}

/** A document and its five-year cycle written straight to the database, for tests of other parts. */
export async function createCycleDirectly(
  system: TestSystem,
  specialistId: string,
  options: { specialty?: string; startsOn?: string } = {},
) {
  const em = system.db.orm.em.fork();
  const startsOn = options.startsOn ?? '2024-01-15';
  const starts = new Date(`${startsOn}T00:00:00Z`);
  const ends = new Date(starts);
  ends.setUTCFullYear(ends.getUTCFullYear() + 5);
  const document = em.create(SpecialistDocument, {
    id: randomUUID(),
    specialistId,
    kind: 'accreditation',
    series: String(1000 + Math.floor(Math.random() * 8999)),
    number: String(10_000_000 + Math.floor(Math.random() * 89_999_999)),
    specialty: options.specialty ?? 'Терапия',
    issuedOn: startsOn,
    registerStatus: 'unconfirmed',
    createdAt: new Date(),
  });
  // No relation between the entities orders the inserts: the document must exist before its cycle.
  await em.flush();
  const cycle = em.create(Cycle, {
    id: randomUUID(),
    specialistId,
    documentId: document.id,
    specialty: document.specialty,
    startsOn,
    endsOn: ends.toISOString().slice(0, 10),
    createdAt: new Date(),
  });
  await em.flush();
  return { documentId: document.id, cycleId: cycle.id };
}

/** An educational provider with its API key. */
export async function createProvider(system: TestSystem, name = 'ФГБОУ ДПО «Академия»') {
  const em = system.db.orm.em.fork();
  const key = newProviderKey();
  const provider = em.create(Provider, { id: randomUUID(), name, keyHash: sha256(key), createdAt: new Date() });
  await em.flush();
  return { providerId: provider.id, key };
}
