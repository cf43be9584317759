// Providers, the catalog (filters, text search, dates, paging), my plan per cycle and a cycle's
// progress in credits, over real HTTP against a real PostgreSQL.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { sha256 } from '../../integrations/crypto/tokens.ts';
import {
  addElement,
  insertCredit,
  listCatalog,
  matchesFilter,
  type CatalogFilter,
  type ElementBody,
} from '../support/catalog.ts';
import { createCycleDirectly, createProvider, createSpecialist } from '../support/education.ts';
import { httpClient, type HttpCall } from '../support/http.ts';
import { startTestSystem, type TestSystem } from '../support/system.ts';

type FieldError = { field: string; message: string };
type ErrorBody = {
  error: { code: string; message: string; details?: { fields?: FieldError[] } };
  requestId: string;
};
type Res = { status: number; body: unknown };

let system: TestSystem;
let api: HttpCall;
let operator: string;

function expectError(res: Res, status: number, code?: string): ErrorBody {
  assert.equal(res.status, status, JSON.stringify(res.body));
  const body = res.body as ErrorBody;
  assert.equal(typeof body.error.code, 'string');
  assert.equal(typeof body.requestId, 'string');
  if (code) assert.equal(body.error.code, code, JSON.stringify(body));
  return body;
}

/** A 422 naming `field` among its details.fields. */
function expectField(res: Res, field: string, code = 'validation_failed') {
  const body = expectError(res, 422, code);
  const fields = body.error.details?.fields?.map((f) => f.field) ?? [];
  assert.ok(fields.includes(field), `expected ${field} in ${JSON.stringify(fields)}`);
}

before(async () => {
  system = await startTestSystem();
  api = httpClient(system.baseUrl);
  operator = system.operatorToken;
});
after(async () => system?.close());

describe('providers', () => {
  it('only the operator creates providers; the key is shown once, kept as a hash, and works', async () => {
    const specialist = await createSpecialist(system);
    const other = await createProvider(system);
    const body = { name: 'АНО ДПО «Учебный центр»', inn: '7707083893' };
    expectError(await api('POST', '/v1/providers', { body }), 401);
    expectError(await api('POST', '/v1/providers', { body: {} }), 401);
    expectError(await api('POST', '/v1/providers', { token: specialist.token, body }), 403);
    expectError(await api('POST', '/v1/providers', { token: other.key, body }), 403);
    expectField(
      await api('POST', '/v1/providers', { token: operator, body: { ...body, inn: '7707083894' } }),
      'inn',
    );
    expectField(await api('POST', '/v1/providers', { token: operator, body: { name: ' ' } }), 'name');

    const created = await api<{ id: string; name: string; inn: string; key: string }>(
      'POST',
      '/v1/providers',
      {
        token: operator,
        body,
      },
    );
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.name, body.name);
    assert.equal(created.body.inn, body.inn);
    assert.match(created.body.key, /^kpr_[\w-]{40,}$/);
    const [row] = await system.db.orm.em
      .fork()
      .execute<{ key_hash: string }[]>('select key_hash from providers where id = ?', [created.body.id]);
    assert.equal(row?.key_hash, sha256(created.body.key));

    const element = await addElement(api, created.body.key, {
      type: 'iom',
      title: 'ИОМ учебного центра',
      credits: 1,
      specialties: ['Терапия'],
    });
    assert.equal(element.provider.id, created.body.id);

    const listed = await api<{ items: { id: string; name: string }[] }>('GET', '/v1/providers?limit=500');
    assert.equal(listed.status, 200);
    assert.ok(listed.body.items.some((p) => p.id === created.body.id));
    assert.ok(!JSON.stringify(listed.body).includes('kpr_'), 'keys are never listed');
  });

  it('a new key replaces the old one (operator only)', async () => {
    const provider = await createProvider(system, 'ООО «Старый ключ»');
    const path = `/v1/providers/${provider.providerId}/key`;
    expectError(await api('POST', path, { token: provider.key }), 403);
    const rotated = await api<{ key: string }>('POST', path, { token: operator });
    assert.equal(rotated.status, 201);
    const element = { type: 'iom', title: 'ИОМ', credits: 1, specialties: ['Терапия'] };
    expectError(await api('POST', '/v1/catalog/elements', { token: provider.key, body: element }), 401);
    await addElement(api, rotated.body.key, element);
    expectError(await api('POST', `/v1/providers/${randomUUID()}/key`, { token: operator }), 404);
  });
});

describe('adding catalog elements', () => {
  let own: { providerId: string; key: string };
  let other: { providerId: string; key: string };
  before(async () => {
    own = await createProvider(system, 'ФГБОУ ДПО «Своя академия»');
    other = await createProvider(system, 'ФГБОУ ДПО «Чужая академия»');
  });
  const iom = {
    type: 'iom',
    title: 'Хроническая сердечная недостаточность',
    credits: 3,
    specialties: ['Кардиология'],
  };

  it('a provider key creates only for itself; the operator names the provider', async () => {
    const mine = await addElement(api, own.key, iom);
    assert.equal(mine.provider.id, own.providerId);
    const explicit = await addElement(api, own.key, { ...iom, providerId: own.providerId });
    assert.equal(explicit.provider.id, own.providerId);
    expectError(
      await api('POST', '/v1/catalog/elements', {
        token: own.key,
        body: { ...iom, providerId: other.providerId },
      }),
      403,
    );

    expectField(await api('POST', '/v1/catalog/elements', { token: operator, body: iom }), 'providerId');
    expectField(
      await api('POST', '/v1/catalog/elements', {
        token: operator,
        body: { ...iom, providerId: randomUUID() },
      }),
      'providerId',
      'unknown_provider',
    );
    const byOperator = await addElement(api, operator, { ...iom, providerId: other.providerId });
    assert.equal(byOperator.provider.id, other.providerId);

    const specialist = await createSpecialist(system);
    expectError(await api('POST', '/v1/catalog/elements', { token: specialist.token, body: iom }), 403);
    expectError(await api('POST', '/v1/catalog/elements', { body: iom }), 401);
    expectError(await api('POST', '/v1/catalog/elements', { body: { nonsense: true } }), 401);
  });

  it('rejects bad input with 422 naming the field', async () => {
    const post = (body: Record<string, unknown>) =>
      api('POST', '/v1/catalog/elements', { token: own.key, body });
    const event = {
      type: 'event',
      title: 'Конгресс',
      credits: 6,
      specialties: ['Терапия'],
      startsOn: '2030-03-10',
    };
    const programme = { type: 'programme', title: 'ДПП ПК', credits: 36, specialties: ['Терапия'] };
    expectField(await post({ ...iom, type: 'course' }), 'type');
    expectField(await post({ ...iom, title: '' }), 'title');
    expectField(await post({ ...iom, credits: 0 }), 'credits');
    expectField(await post({ ...iom, credits: 501 }), 'credits');
    expectField(await post({ ...iom, credits: 2.5 }), 'credits');
    expectField(await post({ ...iom, specialties: [] }), 'specialties');
    expectField(await post({ ...iom, startsOn: '2030-02-30' }), 'startsOn');
    expectField(await post({ ...iom, startsOn: '2030-03-10', endsOn: '2030-03-09' }), 'endsOn');
    expectField(await post({ ...iom, endsOn: '2030-03-09' }), 'startsOn');
    expectField(await post({ ...iom, minAttendanceMinutes: 90 }), 'minAttendanceMinutes');
    expectField(await post({ ...iom, cycles: [] }), 'cycles');
    expectField(await post({ ...event, startsOn: undefined }), 'startsOn');
    expectField(await post({ ...event, minAttendanceMinutes: 0 }), 'minAttendanceMinutes');
    expectField(await post({ ...programme, startsOn: '2030-01-01' }), 'startsOn');
    expectField(
      await post({
        ...programme,
        cycles: [
          { startsOn: '2030-02-01', endsOn: '2030-02-20' },
          { startsOn: '2030-09-20', endsOn: '2030-09-01' },
        ],
      }),
      'cycles.1.endsOn',
    );
    expectField(await post({ ...programme, cycles: [{ startsOn: '2030-02-01' }] }), 'cycles.0.endsOn');
    expectError(await api('POST', '/v1/catalog/elements', { token: own.key, rawBody: '{' }), 400);
  });

  it('an event lasts its day and needs 45 minutes per ЗЕТ by default; a programme spans its cycles', async () => {
    const event = await addElement(api, own.key, {
      type: 'event',
      title: 'Школа по неотложной кардиологии',
      credits: 6,
      specialties: ['Кардиология', 'Кардиология', 'Терапия'],
      startsOn: '2030-03-14',
    });
    assert.deepEqual(
      [event.startsOn, event.endsOn, event.minAttendanceMinutes],
      ['2030-03-14', '2030-03-14', 270],
    );
    assert.deepEqual(event.specialties, ['Кардиология', 'Терапия']);
    assert.deepEqual(event.cycles, []);

    const programme = await addElement(api, own.key, {
      type: 'programme',
      title: 'ДПП ПК «Кардиология»',
      credits: 72,
      specialties: ['Кардиология'],
      cycles: [
        { startsOn: '2030-09-01', endsOn: '2030-09-20' },
        { startsOn: '2030-02-01', endsOn: '2030-02-20' },
      ],
    });
    assert.deepEqual([programme.startsOn, programme.endsOn], ['2030-02-01', '2030-09-20']);
    assert.deepEqual(
      programme.cycles.map((c) => [c.startsOn, c.endsOn]),
      [
        ['2030-02-01', '2030-02-20'],
        ['2030-09-01', '2030-09-20'],
      ],
    );
    const fetched = await api<ElementBody>('GET', `/v1/catalog/${programme.id}`);
    assert.equal(fetched.status, 200);
    assert.deepEqual(fetched.body, programme);
    expectError(await api('GET', `/v1/catalog/${randomUUID()}`), 404, 'not_found');
    expectField(await api('GET', '/v1/catalog/not-a-uuid'), 'param.elementId');
  });
});

describe('catalog listing', () => {
  const fixture = new Map<string, string>();
  let alpha: string;
  let beta: string;
  const named = (items: ElementBody[]) =>
    items
      .filter((i) => fixture.has(i.id))
      .map((i) => fixture.get(i.id)!)
      .sort();

  before(async () => {
    const a = await createProvider(system, 'Альфа');
    const b = await createProvider(system, 'Бета');
    alpha = a.providerId;
    beta = b.providerId;
    const add = async (name: string, key: string, body: Record<string, unknown>) =>
      fixture.set((await addElement(api, key, body)).id, name);
    await add('e1', a.key, {
      type: 'iom',
      title: 'Гипертония: ИОМ',
      credits: 2,
      specialties: ['Кардиология', 'Терапия'],
    });
    await add('e2', b.key, {
      type: 'iom',
      title: 'Диабет: 100% практика',
      credits: 5,
      specialties: ['Терапия'],
      startsOn: '2030-01-01',
      endsOn: '2030-06-30',
    });
    await add('e3', a.key, {
      type: 'event',
      title: 'Конгресс кардиологов',
      credits: 12,
      specialties: ['Кардиология'],
      startsOn: '2030-03-10',
      endsOn: '2030-03-12',
    });
    await add('e4', b.key, {
      type: 'event',
      title: 'Вебинар по педиатрии_1',
      credits: 2,
      specialties: ['Педиатрия'],
      startsOn: '2030-05-05',
    });
    await add('e5', a.key, {
      type: 'programme',
      title: 'ДПП ПК Кардиология',
      credits: 72,
      specialties: ['Кардиология'],
      cycles: [
        { startsOn: '2030-02-01', endsOn: '2030-02-20' },
        { startsOn: '2030-09-01', endsOn: '2030-09-20' },
      ],
    });
    await add('e6', b.key, {
      type: 'programme',
      title: 'ДПП ПК Терапия',
      description: 'Программа на 1000 часов',
      credits: 144,
      specialties: ['Терапия'],
    });
    await add('e7', b.key, {
      type: 'event',
      title: 'Школа здоровья',
      description: 'Профилактика: ГИПЕРТОНИЯ и образ жизни',
      credits: 4,
      specialties: ['Терапия', 'Кардиология'],
      startsOn: '2030-07-01',
    });
  });

  const cases: Array<[name: string, filter: () => CatalogFilter, expected: string[]]> = [
    ['everything', () => ({}), ['e1', 'e2', 'e3', 'e4', 'e5', 'e6', 'e7']],
    ['type=iom', () => ({ type: 'iom' }), ['e1', 'e2']],
    ['type=event', () => ({ type: 'event' }), ['e3', 'e4', 'e7']],
    ['type=programme', () => ({ type: 'programme' }), ['e5', 'e6']],
    ['specialty', () => ({ specialty: 'Кардиология' }), ['e1', 'e3', 'e5', 'e7']],
    ['provider', () => ({ provider: alpha }), ['e1', 'e3', 'e5']],
    ['minCredits', () => ({ minCredits: '5' }), ['e2', 'e3', 'e5', 'e6']],
    ['maxCredits', () => ({ maxCredits: '4' }), ['e1', 'e4', 'e7']],
    ['credits range', () => ({ minCredits: '4', maxCredits: '12' }), ['e2', 'e3', 'e7']],
    ['q, any case, title or description', () => ({ q: 'гипертон' }), ['e1', 'e7']],
    ['q with % matched literally', () => ({ q: '100%' }), ['e2']],
    ['q with _ matched literally', () => ({ q: '_1' }), ['e4']],
    ['q with a backslash', () => ({ q: '\\' }), []],
    [
      'dates overlapping March (undated ИОМ always)',
      () => ({ from: '2030-03-01', to: '2030-03-31' }),
      ['e1', 'e2', 'e3'],
    ],
    ['from alone: a programme by its cycles', () => ({ from: '2030-09-10' }), ['e1', 'e5']],
    ['to alone', () => ({ to: '2030-02-05' }), ['e1', 'e2', 'e5']],
    [
      'a day between two programme cycles matches none of them',
      () => ({ from: '2030-04-01', to: '2030-04-02' }),
      ['e1', 'e2'],
    ],
    [
      'type + specialty + dates + credits',
      () => ({
        type: 'event',
        specialty: 'Кардиология',
        from: '2030-03-01',
        to: '2030-12-31',
        minCredits: '4',
      }),
      ['e3', 'e7'],
    ],
    [
      'all of them with provider',
      () => ({
        type: 'event',
        specialty: 'Кардиология',
        from: '2030-03-01',
        to: '2030-12-31',
        minCredits: '4',
        provider: beta,
      }),
      ['e7'],
    ],
    ['q + type', () => ({ q: 'ГИПЕРТОН', type: 'event' }), ['e7']],
    ['q + provider', () => ({ q: 'ДПП', provider: beta }), ['e6']],
  ];
  for (const [name, filter, expected] of cases) {
    it(`filters: ${name}`, async () => {
      const f = filter();
      const items = await listCatalog(api, f);
      assert.deepEqual(named(items), expected);
      for (const item of items)
        assert.ok(matchesFilter(item, f), `${item.title} does not match ${JSON.stringify(f)}`);
    });
  }

  it('is public, also for logged-in users', async () => {
    const specialist = await createSpecialist(system);
    const anonymous = await api<{ items: unknown[] }>('GET', '/v1/catalog?limit=1');
    assert.equal(anonymous.status, 200);
    assert.equal(anonymous.body.items.length, 1);
    const loggedIn = await api('GET', '/v1/catalog?limit=1', { token: specialist.token });
    assert.equal(loggedIn.status, 200);
  });

  it('pages walk everything once, in a stable order, whatever the page size', async () => {
    const p = await createProvider(system, 'Гамма');
    // Many on one day and many undated: ties on the sort key are broken by id.
    for (let i = 0; i < 12; i++) {
      await addElement(api, p.key, {
        type: 'event',
        title: `Событие ${i}`,
        credits: 1,
        specialties: ['Хирургия'],
        startsOn: '2030-04-01',
      });
      await addElement(api, p.key, { type: 'iom', title: `ИОМ ${i}`, credits: 1, specialties: ['Хирургия'] });
    }
    await addElement(api, p.key, {
      type: 'event',
      title: 'Раннее событие',
      credits: 1,
      specialties: ['Хирургия'],
      startsOn: '2029-01-01',
    });
    const all = await listCatalog(api, { provider: p.providerId });
    assert.equal(all.length, 25);
    assert.equal(all[0]!.title, 'Раннее событие');
    assert.deepEqual(
      all.slice(-12).map((e) => e.type),
      Array(12).fill('iom'),
      'undated last',
    );
    for (const size of [1, 7, 24, 25]) {
      const paged = await listCatalog(api, { provider: p.providerId }, size);
      assert.deepEqual(
        paged.map((e) => e.id),
        all.map((e) => e.id),
        `page size ${size}`,
      );
    }
    const everything = await listCatalog(api, {});
    const inSmallPages = await listCatalog(api, {}, 9);
    assert.deepEqual(
      inSmallPages.map((e) => e.id),
      everything.map((e) => e.id),
    );
  });

  it('bad parameters answer 422 naming them, a bad cursor 400', async () => {
    const get = (query: string) => api('GET', `/v1/catalog?${query}`);
    expectField(await get('limit=0'), 'query.limit');
    expectField(await get('limit=501'), 'query.limit');
    expectField(await get('limit=abc'), 'query.limit');
    expectField(await get('type=course'), 'query.type');
    expectField(await get('provider=nope'), 'query.provider');
    expectField(await get('from=2030-02-30'), 'query.from');
    expectField(await get('to=tomorrow'), 'query.to');
    expectField(await get('from=2030-03-02&to=2030-03-01'), 'query.to');
    expectField(await get('minCredits=abc'), 'query.minCredits');
    expectField(await get('minCredits=-1'), 'query.minCredits');
    expectField(await get('minCredits=10&maxCredits=5'), 'query.maxCredits');
    expectField(await get(`q=${'я'.repeat(201)}`), 'query.q');
    expectError(await get('cursor=garbage'), 400, 'invalid_cursor');
    const unknown = Buffer.from(JSON.stringify([randomUUID()])).toString('base64url');
    expectError(await get(`cursor=${unknown}`), 400, 'invalid_cursor');
    const notId = Buffer.from(JSON.stringify(['x'])).toString('base64url');
    expectError(await get(`cursor=${notId}`), 400, 'invalid_cursor');
  });
});

type PlanItem = {
  elementId: string;
  element: ElementBody;
  status: 'planned' | 'done';
  creditsEarned: number;
  completedAt: string | null;
  eventCode: { status: string } | null;
  application: { id: string; status: string } | null;
};
type PlanPage = {
  cycle: { id: string; specialty: string };
  summary: { total: number; planned: number; done: number; creditsEarned: number };
  items: PlanItem[];
  nextCursor: string | null;
};

describe('my plan', () => {
  let provider: { providerId: string; key: string };
  let cardio: Record<'iom' | 'event' | 'event2' | 'programme' | 'paediatric', ElementBody>;

  before(async () => {
    provider = await createProvider(system, 'Планы и Ко');
    const c = ['Кардиология'];
    cardio = {
      iom: await addElement(api, provider.key, { type: 'iom', title: 'ИОМ ФП', credits: 2, specialties: c }),
      event: await addElement(api, provider.key, {
        type: 'event',
        title: 'Конгресс',
        credits: 12,
        specialties: c,
        startsOn: '2024-09-24',
      }),
      event2: await addElement(api, provider.key, {
        type: 'event',
        title: 'Вебинар',
        credits: 2,
        specialties: c,
        startsOn: '2024-10-01',
      }),
      programme: await addElement(api, provider.key, {
        type: 'programme',
        title: 'ДПП ПК',
        credits: 72,
        specialties: c,
        cycles: [{ startsOn: '2024-03-01', endsOn: '2024-03-20' }],
      }),
      paediatric: await addElement(api, provider.key, {
        type: 'iom',
        title: 'Педиатрия',
        credits: 1,
        specialties: ['Педиатрия'],
      }),
    };
  });

  it('includes, lists with credits earned, refuses duplicates and other specialties, removes', async () => {
    const me = await createSpecialist(system);
    const { cycleId } = await createCycleDirectly(system, me.specialistId, { specialty: 'Кардиология' });
    const plan = `/v1/me/cycles/${cycleId}/plan`;
    const add = (elementId: string) =>
      me.api<PlanItem>('POST', plan, { token: me.token, body: { elementId } });

    const included = await add(cardio.event.id);
    assert.equal(included.status, 201, JSON.stringify(included.body));
    assert.equal(included.body.status, 'planned');
    assert.equal(included.body.creditsEarned, 0);
    assert.equal(included.body.element.title, 'Конгресс');
    expectError(await add(cardio.event.id), 409, 'already_planned');
    expectField(await add(cardio.paediatric.id), 'elementId', 'wrong_specialty');
    expectField(await add(randomUUID()), 'elementId', 'unknown_element');
    expectField(await me.api('POST', plan, { token: me.token, body: { elementId: 'x' } }), 'elementId');
    for (const e of [cardio.iom, cardio.programme, cardio.event2])
      assert.equal((await add(e.id)).status, 201);

    // Credits as the verification, an application and an ИОМ completion record them.
    const em = system.db.orm.em.fork();
    const [iomItem] = await em.execute<{ id: string }[]>(
      'select id from plan_items where cycle_id = ? and element_id = ?',
      [cycleId, cardio.iom.id],
    );
    await insertCredit(system, cycleId, 'iom', 2, '2024-05-01', iomItem!.id);
    const codeId = randomUUID();
    await em.execute(
      `insert into event_codes (id, specialist_id, cycle_id, element_id, code, status) values (?, ?, ?, ?, 'K-1', 'verified')`,
      [codeId, me.specialistId, cycleId, cardio.event.id],
    );
    await insertCredit(system, cycleId, 'event', 12, '2024-09-24', codeId);
    const applicationId = randomUUID();
    await em.execute(
      `insert into training_applications (id, specialist_id, cycle_id, programme_cycle_id, status) values (?, ?, ?, ?, 'credited')`,
      [applicationId, me.specialistId, cycleId, cardio.programme.cycles[0]!.id],
    );
    await insertCredit(system, cycleId, 'programme', 72, '2024-03-20', applicationId);
    // Credits of the same elements in someone else's cycle are not mine.
    const someone = await createSpecialist(system, 'Другой Врач');
    const theirs = await createCycleDirectly(system, someone.specialistId, { specialty: 'Кардиология' });
    await insertCredit(system, theirs.cycleId, 'iom', 5, '2024-05-01');

    const page = await me.api<PlanPage>('GET', plan, { token: me.token });
    assert.equal(page.status, 200, JSON.stringify(page.body));
    assert.equal(page.body.cycle.id, cycleId);
    const byTitle = Object.fromEntries(page.body.items.map((i) => [i.element.title, i]));
    assert.deepEqual(
      Object.fromEntries(page.body.items.map((i) => [i.element.title, [i.status, i.creditsEarned]])),
      { Конгресс: ['done', 12], 'ИОМ ФП': ['done', 2], 'ДПП ПК': ['done', 72], Вебинар: ['planned', 0] },
    );
    assert.ok(byTitle['ИОМ ФП']!.completedAt);
    assert.equal(byTitle['Вебинар']!.completedAt, null);
    assert.deepEqual(byTitle['ДПП ПК']!.application, { id: applicationId, status: 'credited' });
    assert.equal(byTitle['Конгресс']!.eventCode?.status, 'verified');
    assert.deepEqual(page.body.summary, { total: 4, planned: 1, done: 3, creditsEarned: 86 });

    const pending = await me.api<PlanPage>('GET', `${plan}?status=planned`, { token: me.token });
    assert.deepEqual(
      pending.body.items.map((i) => i.element.title),
      ['Вебинар'],
    );
    const done = await me.api<PlanPage>('GET', `${plan}?status=done`, { token: me.token });
    assert.equal(done.body.items.length, 3);
    expectField(await me.api('GET', `${plan}?status=maybe`, { token: me.token }), 'query.status');

    // Paging one by one walks the whole plan once.
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: PlanPage } = await me.api<PlanPage>(
        'GET',
        `${plan}?limit=1${cursor ? `&cursor=${cursor}` : ''}`,
        { token: me.token },
      );
      seen.push(...res.body.items.map((i) => i.elementId));
      cursor = res.body.nextCursor;
    } while (cursor);
    assert.deepEqual(
      seen,
      page.body.items.map((i) => i.elementId),
    );
    expectError(await me.api('GET', `${plan}?cursor=garbage`, { token: me.token }), 400, 'invalid_cursor');

    // Removal: not once credits are earned, nor while a code awaits verification.
    expectError(
      await me.api('DELETE', `${plan}/${cardio.event.id}`, { token: me.token }),
      409,
      'credits_earned',
    );
    await em.execute(
      `insert into event_codes (id, specialist_id, cycle_id, element_id, code, status)
       values (?, ?, ?, ?, 'K-2', 'pending_verification')`,
      [randomUUID(), me.specialistId, cycleId, cardio.event2.id],
    );
    expectError(
      await me.api('DELETE', `${plan}/${cardio.event2.id}`, { token: me.token }),
      409,
      'in_progress',
    );
    await em.execute(
      `update event_codes set status = 'rejected', rejection_reason = 'unknown_code' where code = 'K-2'`,
    );
    const removed = await me.api('DELETE', `${plan}/${cardio.event2.id}`, { token: me.token });
    assert.equal(removed.status, 204);
    expectError(await me.api('DELETE', `${plan}/${cardio.event2.id}`, { token: me.token }), 404);
    const after = await me.api<PlanPage>('GET', plan, { token: me.token });
    assert.deepEqual(after.body.summary, { total: 3, planned: 0, done: 3, creditsEarned: 86 });
  });

  it("another specialist's cycle is 404, anonymous is 401", async () => {
    const owner = await createSpecialist(system);
    const intruder = await createSpecialist(system);
    const { cycleId } = await createCycleDirectly(system, owner.specialistId, { specialty: 'Кардиология' });
    const plan = `/v1/me/cycles/${cycleId}/plan`;
    assert.equal(
      (await owner.api('POST', plan, { token: owner.token, body: { elementId: cardio.iom.id } })).status,
      201,
    );
    const as = intruder.token;
    expectError(await intruder.api('GET', plan, { token: as }), 404);
    expectError(await intruder.api('POST', plan, { token: as, body: { elementId: cardio.event.id } }), 404);
    expectError(await intruder.api('DELETE', `${plan}/${cardio.iom.id}`, { token: as }), 404);
    expectError(await intruder.api('GET', `/v1/me/cycles/${cycleId}/progress`, { token: as }), 404);
    expectError(await intruder.api('GET', `/v1/me/cycles/${randomUUID()}/plan`, { token: as }), 404);
    // The owner's plan is untouched.
    const mine = await owner.api<PlanPage>('GET', plan, { token: owner.token });
    assert.equal(mine.body.summary.total, 1);

    expectError(await api('GET', plan), 401);
    expectError(await api('POST', plan, { body: { elementId: 'not even a uuid' } }), 401);
    expectError(await api('DELETE', `${plan}/${cardio.iom.id}`), 401);
    expectError(await api('GET', `/v1/me/cycles/${cycleId}/progress`), 401);
    expectError(await api('GET', plan, { token: operator }), 401);
    expectError(await api('GET', plan, { token: provider.key }), 401);
    expectField(await owner.api('GET', '/v1/me/cycles/nope/plan', { token: owner.token }), 'param.cycleId');
  });
});

type Progress = {
  cycleId: string;
  currentYear: number | null;
  targets: { perYear: number; perCycle: number };
  total: number;
  counted: number;
  excess: number;
  remaining: number;
  met: boolean;
  byType: { iom: number; event: number; programme: number };
  years: { year: number; startsOn: string; endsOn: string; total: number; remaining: number; met: boolean }[];
};

describe('cycle progress', () => {
  it('caps the cycle at 250, reports the excess, and a new cycle starts at 0', async () => {
    const me = await createSpecialist(system);
    const old = await createCycleDirectly(system, me.specialistId, {
      specialty: 'Терапия',
      startsOn: '2019-01-10',
    });
    const current = await createCycleDirectly(system, me.specialistId, {
      specialty: 'Терапия',
      startsOn: '2024-01-11',
    });
    await insertCredit(system, old.cycleId, 'programme', 144, '2019-06-01');
    await insertCredit(system, old.cycleId, 'iom', 4, '2020-02-01');
    await insertCredit(system, old.cycleId, 'programme', 100, '2021-03-01');
    await insertCredit(system, old.cycleId, 'event', 12, '2023-12-01');

    const oldProgress = await me.api<Progress>('GET', `/v1/me/cycles/${old.cycleId}/progress`, {
      token: me.token,
    });
    assert.equal(oldProgress.status, 200, JSON.stringify(oldProgress.body));
    const p = oldProgress.body;
    assert.deepEqual([p.total, p.counted, p.excess, p.remaining, p.met], [260, 250, 10, 0, true]);
    assert.deepEqual(p.targets, { perYear: 50, perCycle: 250 });
    assert.deepEqual(p.byType, { iom: 4, event: 12, programme: 244 });
    assert.deepEqual(
      p.years.map((y) => [y.year, y.startsOn, y.endsOn, y.total, y.remaining, y.met]),
      [
        [1, '2019-01-10', '2020-01-09', 144, 0, true],
        [2, '2020-01-10', '2021-01-09', 4, 46, false],
        [3, '2021-01-10', '2022-01-09', 100, 0, true],
        [4, '2022-01-10', '2023-01-09', 0, 50, false],
        [5, '2023-01-10', '2024-01-10', 12, 38, false],
      ],
    );
    assert.equal(p.currentYear, null, 'the old cycle has ended');

    const fresh = await me.api<Progress>('GET', `/v1/me/cycles/${current.cycleId}/progress`, {
      token: me.token,
    });
    assert.deepEqual(
      [fresh.body.total, fresh.body.counted, fresh.body.excess, fresh.body.remaining, fresh.body.met],
      [0, 0, 0, 250, false],
    );
    assert.deepEqual(fresh.body.byType, { iom: 0, event: 0, programme: 0 });
    assert.ok(
      fresh.body.currentYear === null || (fresh.body.currentYear >= 1 && fresh.body.currentYear <= 5),
    );

    await insertCredit(system, current.cycleId, 'event', 6, '2024-03-01');
    const after = await me.api<Progress>('GET', `/v1/me/cycles/${current.cycleId}/progress`, {
      token: me.token,
    });
    assert.deepEqual([after.body.total, after.body.counted, after.body.remaining], [6, 6, 244]);
    assert.deepEqual(
      after.body.years.map((y) => y.total),
      [6, 0, 0, 0, 0],
    );
  });
});
