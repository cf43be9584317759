import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { SEED_LICENCES, seedLicences } from '../../db/seeds/licence-seed.ts';
import { createUserWithSession } from '../support/accounts-direct.ts';
import { httpClient, type HttpCall } from '../support/http.ts';
import { startTestSystem, type TestSystem } from '../support/system.ts';

const COMPANY_INN = '7707083893';
const PERSON_INN = '500100732259';

const regNumber = () => String(randomInt(100_000_000, 999_999_999));
const pinCode = () => Array.from({ length: 4 }, () => String(randomInt(1000, 9999))).join('-');

const company = (overrides: Record<string, unknown> = {}) => ({
  kind: 'company',
  name: 'ООО «Ромашка»',
  inn: COMPANY_INN,
  head: 'Петров Пётр Петрович',
  activityType: 'Розничная торговля',
  phone: '+7 (495) 123-45-67',
  email: 'Office@Romashka.ru',
  country: 'Россия',
  placeOfPurchase: 'ООО «Партнёр 1С»',
  purchaseDate: '2026-11-01',
  workplaces: 5,
  responsiblePerson: 'Сидорова Анна',
  kpp: '770701001',
  ...overrides,
});

const person = (overrides: Record<string, unknown> = {}) => ({
  kind: 'person',
  name: 'Иванов Иван Иванович',
  inn: PERSON_INN,
  head: 'Иванов Иван Иванович',
  activityType: 'Личное использование',
  phone: '8 916 123-45-67',
  email: 'ivan@example.ru',
  country: 'Россия',
  placeOfPurchase: 'Интернет-магазин',
  purchaseDate: '2026-10-15',
  workplaces: 1,
  responsiblePerson: 'Иванов Иван Иванович',
  ...overrides,
});

type ErrorBody = { error: { code: string; details?: { fields?: { field: string }[] } } };
type Registration = {
  id: string;
  registrationNumber: string;
  productName: string;
  organization: Record<string, unknown>;
};

describe('1С:ИТС product registration', () => {
  let system: TestSystem;
  let api: HttpCall;
  const licences: { registrationNumber: string; pin: string; productName: string }[] = [];

  before(async () => {
    system = await startTestSystem();
    api = httpClient(system.baseUrl);
    for (const productName of [
      '1С:Розница 8. Базовая версия',
      '1С:Бухгалтерия 8 ПРОФ',
      '1С:Деньги',
      '1С:УНФ',
      '1С:ЗУП',
    ]) {
      licences.push({ registrationNumber: regNumber(), pin: pinCode(), productName });
    }
  });
  after(async () => system?.close());

  it('only the operator loads licences; a reload corrects unregistered ones', async () => {
    const user = await createUserWithSession(system, null);
    const body = { licences };
    assert.equal((await api('POST', '/v1/operator/licences', { body })).status, 401);
    const asUser = await api<ErrorBody>('POST', '/v1/operator/licences', { token: user.token, body });
    assert.equal(asUser.status, 403);

    const loaded = await api('POST', '/v1/operator/licences', { token: system.operatorToken, body });
    assert.equal(loaded.status, 200, JSON.stringify(loaded.body));
    assert.deepEqual(loaded.body, { created: licences.length, updated: 0, skipped: 0 });
    const again = await api('POST', '/v1/operator/licences', { token: system.operatorToken, body });
    assert.deepEqual(again.body, { created: 0, updated: licences.length, skipped: 0 });

    const twice = await api<ErrorBody>('POST', '/v1/operator/licences', {
      token: system.operatorToken,
      body: { licences: [licences[0], licences[0]] },
    });
    assert.equal(twice.status, 422);
    assert.equal(twice.body.error.details?.fields?.[0]?.field, 'licences.1.registrationNumber');

    const [stored] = await system.db.orm.em
      .fork()
      .execute<{ pin_hash: string }[]>(`select pin_hash from licences where registration_number = ?`, [
        licences[0]!.registrationNumber,
      ]);
    assert.ok(
      stored && !stored.pin_hash.includes(licences[0]!.pin.replaceAll('-', '')),
      'the PIN is not stored',
    );
  });

  it('registers a company product; the same licence again is 409; a registered licence is not reloaded', async () => {
    const user = await createUserWithSession(system, null);
    const licence = licences[0]!;
    // The number as typed with spaces, the PIN without dashes.
    const ok = await api<Registration>('POST', '/v1/me/products', {
      token: user.token,
      body: {
        registrationNumber: ` ${licence.registrationNumber.slice(0, 3)} ${licence.registrationNumber.slice(3)} `,
        pin: licence.pin.replaceAll('-', ''),
        organization: company(),
      },
    });
    assert.equal(ok.status, 201, JSON.stringify(ok.body));
    assert.equal(ok.body.registrationNumber, licence.registrationNumber);
    assert.equal(ok.body.productName, licence.productName);
    assert.equal(ok.body.organization.email, 'office@romashka.ru');
    assert.equal(ok.body.organization.inn, COMPANY_INN);
    assert.equal(ok.body.organization.purchaseDate, '2026-11-01');
    assert.equal(ok.body.organization.kpp, '770701001');

    for (const who of [user, await createUserWithSession(system, null)]) {
      const again = await api<ErrorBody>('POST', '/v1/me/products', {
        token: who.token,
        body: { registrationNumber: licence.registrationNumber, pin: licence.pin, organization: company() },
      });
      assert.equal(again.status, 409);
      assert.equal(again.body.error.code, 'already_registered');
    }
    const reload = await api('POST', '/v1/operator/licences', {
      token: system.operatorToken,
      body: { licences: [{ ...licence, pin: '0000-0000' }] },
    });
    assert.deepEqual(reload.body, { created: 0, updated: 0, skipped: 1 });
  });

  it('checks the form: INN checksum and length per kind, a person with a 12-digit INN and only the required fields', async () => {
    const user = await createUserWithSession(system, null);
    const licence = licences[1]!;
    const attempt = (organization: Record<string, unknown>) =>
      api<ErrorBody & Registration>('POST', '/v1/me/products', {
        token: user.token,
        body: { registrationNumber: licence.registrationNumber, pin: licence.pin, organization },
      });
    const fieldOf = (body: ErrorBody) => body.error.details?.fields?.map((f) => f.field);

    const badChecksum = await attempt(
      company({ inn: `${COMPANY_INN.slice(0, 9)}${(Number(COMPANY_INN[9]) + 1) % 10}` }),
    );
    assert.equal(badChecksum.status, 422);
    assert.deepEqual(fieldOf(badChecksum.body), ['organization.inn']);
    const personInnForCompany = await attempt(company({ inn: PERSON_INN }));
    assert.equal(personInnForCompany.status, 422);
    assert.deepEqual(fieldOf(personInnForCompany.body), ['organization.inn']);
    const companyInnForPerson = await attempt(person({ inn: COMPANY_INN }));
    assert.equal(companyInnForPerson.status, 422);
    assert.deepEqual(fieldOf(companyInnForPerson.body), ['organization.inn']);
    const noHead = await attempt(company({ head: '  ' }));
    assert.equal(noHead.status, 422);
    assert.deepEqual(fieldOf(noHead.body), ['organization.head']);
    const zeroSeats = await attempt(company({ workplaces: 0 }));
    assert.deepEqual(fieldOf(zeroSeats.body), ['organization.workplaces']);
    const future = await attempt(company({ purchaseDate: '2999-01-01' }));
    assert.deepEqual(fieldOf(future.body), ['organization.purchaseDate']);
    const personWithKpp = await attempt(person({ kpp: '770701001' }));
    assert.equal(personWithKpp.status, 422, 'a person fills only the required fields');

    const ok = await attempt(person());
    assert.equal(ok.status, 201, JSON.stringify(ok.body));
    assert.equal(ok.body.organization.kind, 'person');
    assert.equal(ok.body.organization.inn, PERSON_INN);
    assert.equal(ok.body.organization.kpp, null);
  });

  it('a wrong PIN counts toward the lockout: 429 with Retry-After at the fifth, even for the right PIN then', async () => {
    const user = await createUserWithSession(system, null);
    const other = await createUserWithSession(system, null);
    const licence = licences[2]!;
    const attempt = (token: string, pin: string, registrationNumber = licence.registrationNumber) =>
      api<ErrorBody>('POST', '/v1/me/products', {
        token,
        body: { registrationNumber, pin, organization: company() },
      });
    const wrongPin = licence.pin.replace(/\d$/, (d) => String((Number(d) + 1) % 10));

    for (let i = 1; i <= 4; i++) {
      const wrong = await attempt(
        user.token,
        i === 2 ? wrongPin : i === 3 ? licence.pin : wrongPin,
        i === 3 ? regNumber() : undefined,
      );
      assert.equal(wrong.status, 422, `attempt ${i}`);
      assert.equal(wrong.body.error.code, 'invalid_licence');
    }
    const fifth = await attempt(user.token, wrongPin);
    assert.equal(fifth.status, 429);
    assert.equal(fifth.body.error.code, 'account_locked');
    assert.ok(Number(fifth.headers.get('retry-after')) > 0);
    const right = await attempt(user.token, licence.pin);
    assert.equal(right.status, 429, 'locked even with the right PIN');

    // Another user's attempts are their own.
    const theirs = await attempt(other.token, licence.pin);
    assert.equal(theirs.status, 201, JSON.stringify(theirs.body));
  });

  it('two users racing for one licence: one 201, one 409', async () => {
    const licence = { registrationNumber: regNumber(), pin: pinCode(), productName: '1С:Касса' };
    const loaded = await api('POST', '/v1/operator/licences', {
      token: system.operatorToken,
      body: { licences: [licence] },
    });
    assert.equal(loaded.status, 200);
    const users = await Promise.all([
      createUserWithSession(system, null),
      createUserWithSession(system, null),
    ]);
    const results = await Promise.all(
      users.map((u) =>
        api('POST', '/v1/me/products', { token: u.token, body: { ...licence, organization: company() } }),
      ),
    );
    assert.deepEqual(results.map((r) => r.status).sort(), [201, 409]);
    const [count] = await system.db.orm.em
      .fork()
      .execute<{ n: string }[]>(
        `select count(*) as n from product_registrations where registration_number = ?`,
        [licence.registrationNumber],
      );
    assert.equal(Number(count?.n), 1);
  });

  it('the local seed adds sample licences once; the README sample registers', async () => {
    assert.equal(await seedLicences(system.db.orm.em.fork(), system.secret), SEED_LICENCES.length);
    assert.equal(await seedLicences(system.db.orm.em.fork(), system.secret), 0);
    const user = await createUserWithSession(system, null);
    const sample = SEED_LICENCES[0];
    const res = await api<Registration>('POST', '/v1/me/products', {
      token: user.token,
      body: { registrationNumber: sample.registrationNumber, pin: sample.pin, organization: person() },
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.productName, sample.productName);
  });

  it('the /its/products page registers without JavaScript and says in Russian what is wrong', async () => {
    const licence = {
      registrationNumber: regNumber(),
      pin: pinCode(),
      productName: '1С:Бухгалтерия 8. Базовая',
    };
    await api('POST', '/v1/operator/licences', {
      token: system.operatorToken,
      body: { licences: [licence] },
    });
    const user = await createUserWithSession(system, null);
    const anonymous = await fetch(`${system.baseUrl}/its/products`, { redirect: 'manual' });
    assert.equal(anonymous.status, 303);
    assert.equal(anonymous.headers.get('location'), '/login');

    const cookie = `kabinet_session=${user.token}`;
    const page = await fetch(`${system.baseUrl}/its/products`, { headers: { cookie } });
    assert.equal(page.status, 200);
    assert.match(await page.text(), /Зарегистрировать программный продукт/);
    const post = (fields: Record<string, string>) =>
      fetch(`${system.baseUrl}/its/products`, {
        method: 'POST',
        headers: { cookie, origin: system.baseUrl, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          registrationNumber: licence.registrationNumber,
          pin: licence.pin,
          ...Object.fromEntries(Object.entries(person()).map(([k, v]) => [k, String(v)])),
          ...fields,
        }),
      });
    const badInn = await post({ inn: '500100732250' });
    assert.equal(badInn.status, 422);
    assert.match(await badInn.text(), /id="inn-error">Неверный ИНН/);
    const ok = await post({});
    assert.equal(ok.status, 200);
    const html = await ok.text();
    assert.match(html, /Продукт «1С:Бухгалтерия 8. Базовая» зарегистрирован/);
    assert.match(html, new RegExp(`рег. № ${licence.registrationNumber}`));
    const again = await post({});
    assert.equal(again.status, 409);
    assert.match(await again.text(), /уже зарегистрирован/);
  });

  it('lists only my products, newest first, a page at a time', async () => {
    const mine = await createUserWithSession(system, null);
    const stranger = await createUserWithSession(system, null);
    for (const licence of [licences[3]!, licences[4]!]) {
      const res = await api('POST', '/v1/me/products', {
        token: mine.token,
        body: { registrationNumber: licence.registrationNumber, pin: licence.pin, organization: company() },
      });
      assert.equal(res.status, 201);
    }
    const first = await api<{ items: Registration[]; nextCursor: string | null }>(
      'GET',
      '/v1/me/products?limit=1',
      {
        token: mine.token,
      },
    );
    assert.equal(first.status, 200);
    assert.deepEqual(
      first.body.items.map((i) => i.registrationNumber),
      [licences[4]!.registrationNumber],
    );
    assert.ok(first.body.nextCursor);
    const second = await api<{ items: Registration[]; nextCursor: string | null }>(
      'GET',
      `/v1/me/products?limit=1&cursor=${first.body.nextCursor}`,
      { token: mine.token },
    );
    assert.deepEqual(
      second.body.items.map((i) => i.registrationNumber),
      [licences[3]!.registrationNumber],
    );
    assert.equal(second.body.nextCursor, null);

    const theirs = await api<{ items: Registration[] }>('GET', '/v1/me/products', { token: stranger.token });
    assert.equal(theirs.status, 200);
    assert.deepEqual(theirs.body.items, []);
    assert.equal((await api('GET', '/v1/me/products')).status, 401);
  });
});
