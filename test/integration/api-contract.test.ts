// The HTTP contract of /work/shared/API.md, over real HTTP: input validation, authentication and
// authorisation, the error shape, employee upserts and pages, service/connect and activation checks,
// health and docs, and that secrets never come back where they should not.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { eventually, readCodeFromSms, uniquePhone } from '../support/flow.ts';
import { httpClient } from '../support/http.ts';
import { startTestSystem, type TestSystem } from '../support/system.ts';

type Json = Record<string, unknown>;
type FieldError = { field: string; message: string };
type ErrorBody = {
  error: { code: string; message: string; details?: Json & { fields?: FieldError[] } };
  requestId: string;
};
type Res<T = Json> = { status: number; body: T; headers: Headers };
type CallOptions = { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> };
type Employee = {
  id: string;
  externalId: string;
  fullName: string;
  position: string | null;
  email: string | null;
  phone: string | null;
  employed: boolean;
  missingContacts: string[];
};
type Page<T> = { items: T[]; nextCursor: string | null };
type UpsertResult = {
  created: number;
  updated: number;
  unchanged: number;
  invalid: { externalId: string | null; index: number; errors: FieldError[] }[];
};

/** Every response this file received, as text, to search for leaked secrets. */
const received: { what: string; status: number; body: unknown; text: string }[] = [];

let system: TestSystem;
let raw: ReturnType<typeof httpClient>;

/** The test client: checks X-Request-Id on every response and records what came back. */
async function call<T = Json>(method: string, path: string, options: CallOptions = {}): Promise<Res<T>> {
  const res = await raw<T>(method, path, options);
  const requestId = res.headers.get('x-request-id');
  assert.ok(requestId, `${method} ${path} → ${res.status} has no X-Request-Id`);
  received.push({
    what: `${method} ${path}`,
    status: res.status,
    body: res.body,
    text: JSON.stringify(res.body) + JSON.stringify([...res.headers]),
  });
  return res;
}

/** Asserts the exact status and the API.md error shape; returns the body. */
function expectError(res: Res<unknown>, status: number, code?: string): ErrorBody {
  const shown = JSON.stringify(res.body);
  assert.equal(res.status, status, shown);
  const body = res.body as ErrorBody;
  assert.ok(body !== null && typeof body === 'object' && !Array.isArray(body), shown);
  assert.deepEqual(Object.keys(body).sort(), ['error', 'requestId'], shown);
  assert.ok(body.error !== null && typeof body.error === 'object', shown);
  for (const key of Object.keys(body.error)) assert.ok(['code', 'message', 'details'].includes(key), `error.${key}: ${shown}`);
  assert.match(body.error.code, /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/, shown);
  assert.equal(typeof body.error.message, 'string', shown);
  assert.ok(body.error.message.length > 0, shown);
  if ('details' in body.error) {
    assert.ok(body.error.details !== null && typeof body.error.details === 'object', shown);
  }
  assert.equal(body.requestId, res.headers.get('x-request-id'), 'requestId matches X-Request-Id');
  if (code !== undefined) assert.equal(body.error.code, code, shown);
  return body;
}

/** A 422 whose details.fields name every one of `fields`; returns the reported fields. */
function expectFields(res: Res<unknown>, fields: string[], code = 'validation_failed'): FieldError[] {
  const body = expectError(res, 422, code);
  const reported = body.error.details?.fields;
  assert.ok(Array.isArray(reported) && reported.length > 0, JSON.stringify(body));
  for (const f of reported) {
    assert.equal(typeof f.field, 'string');
    assert.equal(typeof f.message, 'string');
  }
  const names = reported.map((f) => f.field);
  for (const field of fields) assert.ok(names.includes(field), `${field} not among ${JSON.stringify(names)}`);
  return reported;
}

async function createOrganization(name: string): Promise<string> {
  const res = await call<{ id: string; name: string; inn: string; timezone: string }>('POST', '/v1/organizations', {
    token: system.operatorToken,
    body: { name, inn: '7707083893' },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  assert.equal(res.body.name, name);
  assert.equal(res.body.timezone, 'Europe/Moscow');
  return res.body.id;
}

async function issueKey(orgId: string): Promise<string> {
  const res = await call<{ key: string; prefix: string }>('POST', `/v1/organizations/${orgId}/api-keys`, {
    token: system.operatorToken,
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  assert.match(res.body.key, /^kab_[\w-]{40,}$/);
  assert.equal(res.body.prefix, res.body.key.slice(0, 8));
  return res.body.key;
}

async function newOrganization(name: string) {
  const orgId = await createOrganization(name);
  return { orgId, key: await issueKey(orgId) };
}

async function upsert(orgId: string, token: string, employees: unknown[]): Promise<UpsertResult> {
  const res = await call<UpsertResult>('PUT', `/v1/organizations/${orgId}/employees`, { token, body: { employees } });
  assert.equal(res.status, 200, JSON.stringify(res.body).slice(0, 2000));
  return res.body;
}

/** Every employee of an organization, walking the pages. */
async function listAll(orgId: string, token: string, query = '', limit = 500): Promise<Employee[]> {
  const all: Employee[] = [];
  let cursor: string | null = null;
  for (let pages = 0; ; pages++) {
    assert.ok(pages < 1000, 'paging does not end');
    const params = new URLSearchParams(query);
    params.set('limit', String(limit));
    if (cursor) params.set('cursor', cursor);
    const res: Res<Page<Employee>> = await call<Page<Employee>>('GET', `/v1/organizations/${orgId}/employees?${params.toString()}`, {
      token,
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.ok(res.body.items.length <= limit);
    all.push(...res.body.items);
    cursor = res.body.nextCursor;
    if (cursor === null) return all;
    assert.equal(res.body.items.length, limit, 'a page before the last is full');
  }
}

const byExternalId = (employees: Employee[]) => new Map(employees.map((e) => [e.externalId, e]));

describe('HTTP API contract (API.md)', () => {
  before(async () => {
    system = await startTestSystem();
    raw = httpClient(system.baseUrl);
  });
  after(async () => system?.close());

  it('malformed, mistyped, incomplete and oversize bodies are 400/422 in the error shape, never 500', async () => {
    const { orgId, key } = await newOrganization('ООО «Входные данные»');
    const adminPhone = uniquePhone();
    await upsert(orgId, key, [{ externalId: 'ADM', fullName: 'Админ Анна', email: 'anna@input.ru', phone: adminPhone }]);
    const [admin] = await listAll(orgId, key);
    assert.ok(admin);

    const tooManyRows = Array.from({ length: 10_001 }, (_, i) => ({ externalId: `X-${i}`, fullName: 'Иванов' }));
    const endpoints = [
      {
        name: 'create organization',
        method: 'POST',
        path: '/v1/organizations',
        token: system.operatorToken,
        valid: { name: 'ООО «Тест»', inn: '7707083893' },
        required: ['name', 'inn'],
        wrong: [
          { field: 'name', body: { name: 42, inn: '7707083893' } },
          { field: 'inn', body: { name: 'ООО', inn: 7707083893 } },
          { field: 'timezone', body: { name: 'ООО', inn: '7707083893', timezone: ['Europe/Moscow'] } },
          { field: 'timezone', body: { name: 'ООО', inn: '7707083893', timezone: 'Mars/Olympus' } },
          { field: 'inn', body: { name: 'ООО', inn: '1234567890' } },
        ],
        oversize: { field: 'name', body: { name: 'Я'.repeat(301), inn: '7707083893' } },
      },
      {
        name: 'upsert employees',
        method: 'PUT',
        path: `/v1/organizations/${orgId}/employees`,
        token: key,
        valid: { employees: [{ externalId: 'E-1', fullName: 'Иванов Иван' }] },
        required: ['employees'],
        wrong: [
          { field: 'employees', body: { employees: 'E-1' } },
          { field: 'employees', body: { employees: { externalId: 'E-1', fullName: 'Иванов Иван' } } },
          { field: 'employees', body: { employees: [] } },
        ],
        oversize: { field: 'employees', body: { employees: tooManyRows } },
      },
      {
        name: 'service/connect',
        method: 'POST',
        path: `/v1/organizations/${orgId}/service/connect`,
        token: key,
        valid: { serviceName: 'Кабинет', slug: 'input-test', adminEmployeeId: admin.id },
        required: ['serviceName', 'slug', 'adminEmployeeId'],
        wrong: [
          { field: 'serviceName', body: { serviceName: 42, slug: 'input-test', adminEmployeeId: admin.id } },
          { field: 'slug', body: { serviceName: 'Кабинет', slug: 7, adminEmployeeId: admin.id } },
          { field: 'adminEmployeeId', body: { serviceName: 'Кабинет', slug: 'input-test', adminEmployeeId: 'ADM' } },
          {
            field: 'employeeIds',
            body: { serviceName: 'Кабинет', slug: 'input-test', adminEmployeeId: admin.id, employeeIds: admin.id },
          },
        ],
        oversize: { field: 'serviceName', body: { serviceName: 'К'.repeat(201), slug: 'input-test', adminEmployeeId: admin.id } },
      },
      {
        name: 'activation',
        method: 'POST',
        path: '/v1/activation',
        token: undefined,
        valid: { phone: adminPhone, code: '123456', password: 'Надёжный-пароль-1' },
        required: ['phone', 'code', 'password'],
        wrong: [
          { field: 'phone', body: { phone: 79161234567, code: '123456', password: 'Надёжный-пароль-1' } },
          { field: 'code', body: { phone: adminPhone, code: 123456, password: 'Надёжный-пароль-1' } },
          { field: 'password', body: { phone: adminPhone, code: '123456', password: ['Надёжный-пароль-1'] } },
        ],
        oversize: { field: 'password', body: { phone: adminPhone, code: '123456', password: 'п'.repeat(1001) } },
      },
      {
        name: 'login',
        method: 'POST',
        path: '/v1/auth/login',
        token: undefined,
        valid: { login: adminPhone, password: 'Надёжный-пароль-1' },
        required: ['login', 'password'],
        wrong: [
          { field: 'login', body: { login: 79161234567, password: 'Надёжный-пароль-1' } },
          { field: 'password', body: { login: adminPhone, password: { value: 'x' } } },
        ],
        oversize: { field: 'login', body: { login: `${'a'.repeat(320)}@x.ru`, password: 'Надёжный-пароль-1' } },
      },
    ];

    for (const e of endpoints) {
      const send = (options: CallOptions) => call(e.method, e.path, { token: e.token, ...options });
      const label = (what: string) => `${e.name}: ${what}`;
      try {
        expectError(await send({ rawBody: '{"name":' }), 400, 'malformed_request');
        expectError(await send({ rawBody: `${JSON.stringify(e.valid)},` }), 400, 'malformed_request');
        // An empty body with a JSON content type.
        expectError(await send({ rawBody: '' }), 400, 'malformed_request');
        // Well-formed JSON, but not declared as JSON.
        const textPlain = await send({ rawBody: JSON.stringify(e.valid), headers: { 'content-type': 'text/plain' } });
        expectError(textPlain, 400, 'unsupported_media_type');
        const form = await send({
          rawBody: 'name=x&inn=7707083893',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        });
        expectError(form, 400, 'unsupported_media_type');
        // No body and no content type: every required field is named.
        expectFields(await call(e.method, e.path, { token: e.token }), e.required);
        expectFields(await send({ body: {} }), e.required);
        expectFields(await send({ body: [e.valid] }), ['(body)']);
        expectFields(await send({ rawBody: 'null' }), ['(body)']);
        expectFields(await send({ rawBody: '"text"' }), ['(body)']);
        for (const field of e.required) {
          const partial: Json = { ...e.valid };
          delete partial[field];
          const fields = expectFields(await send({ body: partial }), [field]);
          assert.deepEqual(
            fields.map((f) => f.field),
            [field],
            label(`only the missing ${field} is named`),
          );
        }
        for (const wrong of e.wrong) expectFields(await send({ body: wrong.body }), [wrong.field]);
        expectFields(await send({ body: e.oversize.body }), [e.oversize.field]);
      } catch (err) {
        if (err instanceof Error) err.stack = `${label('')}\n${err.stack}`;
        throw err;
      }
    }

    // None of that connected the service or saved an employee.
    expectError(await call('GET', `/v1/organizations/${orgId}/service`, { token: key }), 404, 'service_not_connected');
    assert.deepEqual(
      (await listAll(orgId, key)).map((e) => e.externalId),
      ['ADM'],
    );
  });

  it('a body over the size limit is 413 in the error shape', async () => {
    const { orgId, key } = await newOrganization('ООО «Большое тело»');
    const res = await call('PUT', `/v1/organizations/${orgId}/employees`, {
      token: key,
      rawBody: JSON.stringify({ employees: [{ externalId: 'E', fullName: 'Я'.repeat(9 * 1024 * 1024) }] }),
    });
    expectError(res, 413, 'payload_too_large');
  });

  it('authentication and authorisation: 401, 403, 404, and another organization’s data stays untouched', async () => {
    const a = await newOrganization('ООО «А»');
    const b = await newOrganization('ООО «Б»');
    await upsert(a.orgId, a.key, [{ externalId: 'A-1', fullName: 'Андреев', email: 'a1@a.ru', phone: uniquePhone() }]);
    const bResult = await upsert(b.orgId, b.key, [
      { externalId: 'B-1', fullName: 'Борисов', email: 'b1@b.ru', phone: uniquePhone() },
      { externalId: 'B-2', fullName: 'Белова', position: 'Бухгалтер' },
    ]);
    assert.equal(bResult.created, 2);
    const bBefore = await listAll(b.orgId, system.operatorToken);
    assert.equal(bBefore.length, 2);
    const bAdmin = bBefore.find((e) => e.externalId === 'B-1')!;

    const connectBody = { serviceName: 'Кабинет Б', slug: 'org-b', adminEmployeeId: bAdmin.id };
    const upsertBody = { employees: [{ externalId: 'B-1', fullName: 'Взломщик', email: 'evil@a.ru' }] };
    const orgRoutes = (orgId: string) => [
      { method: 'GET', path: `/v1/organizations/${orgId}/employees` },
      { method: 'PUT', path: `/v1/organizations/${orgId}/employees`, body: upsertBody },
      { method: 'GET', path: `/v1/organizations/${orgId}/service` },
      { method: 'POST', path: `/v1/organizations/${orgId}/service/connect`, body: connectBody },
    ];
    const operatorRoutes = (orgId: string) => [
      { method: 'POST', path: '/v1/organizations', body: { name: 'ООО «Чужое»', inn: '7707083893' } },
      { method: 'POST', path: `/v1/organizations/${orgId}/api-keys` },
    ];

    // No token, a garbage token, a well-formed but unknown key or session token → 401.
    for (const route of [...orgRoutes(b.orgId), ...operatorRoutes(b.orgId), { method: 'GET', path: '/v1/me' }]) {
      for (const token of [undefined, 'garbage', `kab_${'x'.repeat(43)}`, `kss_${'x'.repeat(43)}`, `${system.operatorToken}x`]) {
        const res = await call(route.method, route.path, { token, body: 'body' in route ? route.body : undefined });
        expectError(res, 401, 'unauthorized');
      }
    }
    // A token sent in another scheme does not authenticate.
    const basic = await call('GET', `/v1/organizations/${b.orgId}/employees`, {
      headers: { authorization: `Basic ${Buffer.from(`x:${b.key}`).toString('base64')}` },
    });
    expectError(basic, 401, 'unauthorized');

    // An organization key on operator-only endpoints → 403, for its own organization too.
    for (const route of [...operatorRoutes(a.orgId), ...operatorRoutes(b.orgId)]) {
      expectError(await call(route.method, route.path, { token: a.key, body: route.body }), 403, 'forbidden');
    }

    // Organization A's key on organization B → 403, reads and writes alike.
    for (const route of orgRoutes(b.orgId)) {
      expectError(await call(route.method, route.path, { token: a.key, body: route.body }), 403, 'forbidden');
    }
    // B is as it was: same employees, no service, and the SMS centre sent nothing.
    assert.deepEqual(await listAll(b.orgId, system.operatorToken), bBefore);
    expectError(
      await call('GET', `/v1/organizations/${b.orgId}/service`, { token: system.operatorToken }),
      404,
      'service_not_connected',
    );
    assert.equal(system.smsc.outbox.list({ phone: bAdmin.phone! }).length, 0);
    // And A's key still works on A.
    const own = await call<Page<Employee>>('GET', `/v1/organizations/${a.orgId}/employees`, { token: a.key });
    assert.equal(own.status, 200);
    assert.deepEqual(
      own.body.items.map((e) => e.externalId),
      ['A-1'],
    );

    // An unknown organization: 404 for the operator, 403 for an organization key.
    const unknown = randomUUID();
    for (const route of [...orgRoutes(unknown), operatorRoutes(unknown)[1]!]) {
      expectError(await call(route.method, route.path, { token: system.operatorToken, body: route.body }), 404, 'not_found');
    }
    for (const route of orgRoutes(unknown)) {
      expectError(await call(route.method, route.path, { token: a.key, body: route.body }), 403, 'forbidden');
    }

    // A non-uuid orgId is bad input, never a 500.
    for (const bad of ['not-a-uuid', encodeURIComponent("1' or '1'='1"), '00000000-0000-0000-0000-00000000000g']) {
      for (const route of [...orgRoutes(bad), operatorRoutes(bad)[1]!]) {
        expectFields(await call(route.method, route.path, { token: system.operatorToken, body: route.body }), [
          'param.orgId',
        ]);
      }
    }
  });

  it('a stale session cookie does not stop anonymous endpoints (login, activation)', async () => {
    const cookie = { cookie: `kabinet_session=kss_${'y'.repeat(43)}` };
    const login = await call('POST', '/v1/auth/login', {
      headers: cookie,
      body: { login: uniquePhone(), password: 'Надёжный-пароль-1' },
    });
    expectError(login, 401, 'invalid_credentials');
    const activation = await call('POST', '/v1/activation', {
      headers: cookie,
      body: { phone: uniquePhone(), code: '123456', password: 'Надёжный-пароль-1' },
    });
    expectError(activation, 422, 'invalid_code');
    // A protected endpoint still wants a real session.
    expectError(await call('GET', '/v1/me', { headers: cookie }), 401, 'unauthorized');
  });

  it('employees: phones and e-mails normalised, invalid rows reported, the rest saved; repeat is unchanged', async () => {
    const { orgId, key } = await newOrganization('ООО «Сотрудники»');
    const spellings = [
      ['S-1', '8 (916) 123-45-61', '+79161234561'],
      ['S-2', '+7 916 123 45 62', '+79161234562'],
      ['S-3', '9161234563', '+79161234563'],
      ['S-4', '7-916-123-45-64', '+79161234564'],
      ['S-5', '+7(916)1234565', '+79161234565'],
      ['S-6', '89161234566', '+79161234566'],
      ['S-7', '  8 916 123 45 67 ', '+79161234567'],
      ['S-8', '+7 (999) 000-00-08', '+79990000008'],
    ] as const;
    const rows: unknown[] = [
      ...spellings.map(([externalId, phone]) => ({ externalId, fullName: `Сотрудник ${externalId}`, phone })),
      { externalId: 'M-1', fullName: 'Почтов Михаил', email: '  Mikhail.Pochtov@Example.RU ' },
      { externalId: 'P-1', fullName: 'Неверный телефон', phone: '12345' }, // index 9
      { externalId: 'P-2', fullName: 'Городской', phone: '8 (495) 123-45-67' }, // index 10
      { externalId: 'P-3', fullName: 'Плюс восемь', phone: '+8 916 123-45-67' }, // index 11
      { externalId: 'E-1', fullName: 'Неверная почта', email: 'not-an-email' }, // index 12
      { externalId: 'E-2', fullName: 'Почта без домена', email: 'ivan@localhost', phone: '+79161230000' }, // index 13
      { externalId: 'S-1', fullName: 'Двойник', phone: '+79161239999' }, // index 14: duplicate externalId
      { externalId: 'L-1', fullName: 'Д'.repeat(301) }, // index 15: oversize
      { externalId: '', fullName: 'Без номера' }, // index 16
      42, // index 17
      { externalId: 'T-1', fullName: 'Типы', employed: 'yes' }, // index 18
      { externalId: 'B-1', fullName: 'Без контактов', position: 'Кладовщик', employed: false },
    ];
    const first = await upsert(orgId, key, rows);
    assert.equal(first.created, 10, JSON.stringify(first));
    assert.equal(first.updated, 0);
    assert.equal(first.unchanged, 0);
    const invalid = new Map(first.invalid.map((r) => [r.index, r]));
    const expectInvalid = (index: number, externalId: string | null, field: string) => {
      const row = invalid.get(index);
      assert.ok(row, `row ${index} is reported: ${JSON.stringify(first.invalid)}`);
      assert.equal(row.externalId, externalId);
      assert.deepEqual(
        row.errors.map((e) => e.field),
        [field],
      );
      assert.ok(row.errors.every((e) => typeof e.message === 'string' && e.message.length > 0));
    };
    expectInvalid(9, 'P-1', 'phone');
    expectInvalid(10, 'P-2', 'phone');
    expectInvalid(11, 'P-3', 'phone');
    expectInvalid(12, 'E-1', 'email');
    expectInvalid(13, 'E-2', 'email');
    expectInvalid(14, 'S-1', 'externalId');
    expectInvalid(15, 'L-1', 'fullName');
    expectInvalid(16, '', 'externalId');
    expectInvalid(17, null, '(body)');
    expectInvalid(18, 'T-1', 'employed');
    assert.equal(first.invalid.length, 10);

    const saved = byExternalId(await listAll(orgId, key));
    assert.deepEqual([...saved.keys()].sort(), ['B-1', 'M-1', ...spellings.map(([id]) => id)].sort());
    for (const [externalId, , stored] of spellings) assert.equal(saved.get(externalId)?.phone, stored, externalId);
    // The first S-1 was saved, not its duplicate.
    assert.equal(saved.get('S-1')?.fullName, 'Сотрудник S-1');
    assert.equal(saved.get('M-1')?.email, 'mikhail.pochtov@example.ru');
    assert.equal(saved.get('M-1')?.phone, null);
    assert.equal(saved.get('B-1')?.employed, false);
    assert.equal(saved.get('S-2')?.employed, true);

    // missingContacts=true: exactly those without a phone or an e-mail (here: everybody but nobody has both).
    const withBoth = { externalId: 'F-1', fullName: 'Полный контакт', email: 'full@example.ru', phone: '+79161110001' };
    assert.equal((await upsert(orgId, key, [withBoth])).created, 1);
    const missing = await listAll(orgId, key, 'missingContacts=true');
    assert.deepEqual(missing.map((e) => e.externalId).sort(), [...saved.keys()].sort());
    assert.deepEqual(saved.get('M-1')?.missingContacts, ['phone']);
    assert.deepEqual(saved.get('S-3')?.missingContacts, ['email']);
    assert.deepEqual(saved.get('B-1')?.missingContacts, ['email', 'phone']);
    const everyone = await listAll(orgId, key, 'missingContacts=false');
    assert.equal(everyone.length, saved.size + 1);
    assert.deepEqual(everyone.find((e) => e.externalId === 'F-1')?.missingContacts, []);

    // The same call again: nothing changes.
    const second = await upsert(orgId, key, rows);
    assert.deepEqual({ ...second, invalid: second.invalid.length }, { created: 0, updated: 0, unchanged: 10, invalid: 10 });
    // Another spelling of the same phone and e-mail is the same value.
    const respelled = await upsert(orgId, key, [
      { externalId: 'S-1', fullName: 'Сотрудник S-1', phone: '+7 916 123-45-61' },
      { externalId: 'M-1', fullName: 'Почтов Михаил', email: 'MIKHAIL.POCHTOV@example.ru' },
    ]);
    assert.deepEqual(respelled, { created: 0, updated: 0, unchanged: 2, invalid: [] });

    // A changed row is updated, the others unchanged; PUT clears what was omitted.
    const changed = await upsert(orgId, key, [
      { externalId: 'S-2', fullName: 'Сотрудник S-2', phone: '+79161234562', position: 'Инженер' },
      { externalId: 'S-3', fullName: 'Сотрудник S-3', phone: '+79161234563' },
      { externalId: 'B-1', fullName: 'Без контактов', employed: false },
      { externalId: 'N-1', fullName: 'Новенький', email: 'new@example.ru', phone: '8 916 111 00 02' },
    ]);
    assert.deepEqual(changed, { created: 1, updated: 2, unchanged: 1, invalid: [] });
    const after = byExternalId(await listAll(orgId, key));
    assert.equal(after.get('S-2')?.position, 'Инженер');
    assert.equal(after.get('B-1')?.position, null);
    assert.equal(after.get('N-1')?.phone, '+79161110002');
    assert.equal(after.get('S-2')?.id, saved.get('S-2')?.id, 'an update keeps the id');
  });

  it('employees: 10,000 rows in one call, pages walk them all, bad paging input is rejected', async () => {
    const { orgId, key } = await newOrganization('ООО «Десять тысяч»');
    const rows = Array.from({ length: 10_000 }, (_, i) => {
      const n = String(i).padStart(5, '0');
      return {
        externalId: `EMP-${n}`,
        fullName: `Сотрудник Номер ${n}`,
        position: 'Специалист по работе с персоналом',
        department: `Отдел ${i % 50}`,
        managerExternalId: i === 0 ? null : `EMP-${String(Math.floor(i / 10)).padStart(5, '0')}`,
        // Every 7th has no e-mail, every 11th no phone.
        email: i % 7 === 0 ? null : `employee.${n}@bigcorp.ru`,
        phone: i % 11 === 0 ? undefined : `8 (916) ${n.slice(0, 3)}-${n.slice(3)}-00`,
      };
    });
    const started = performance.now();
    const res = await call<UpsertResult>('PUT', `/v1/organizations/${orgId}/employees`, {
      token: key,
      body: { employees: rows },
    });
    const ms = Math.round(performance.now() - started);
    console.log(`PUT employees with 10,000 rows: ${ms} ms (${res.status})`);
    assert.equal(res.status, 200, JSON.stringify(res.body).slice(0, 1000));
    assert.deepEqual(res.body, { created: 10_000, updated: 0, unchanged: 0, invalid: [] });

    const again = performance.now();
    const repeat = await upsert(orgId, key, rows);
    console.log(`PUT the same 10,000 rows again: ${Math.round(performance.now() - again)} ms`);
    assert.deepEqual(repeat, { created: 0, updated: 0, unchanged: 10_000, invalid: [] });

    for (const limit of [500, 333]) {
      const all = await listAll(orgId, key, '', limit);
      assert.equal(all.length, 10_000, `limit ${limit}`);
      assert.equal(new Set(all.map((e) => e.id)).size, 10_000, `no duplicates with limit ${limit}`);
      assert.deepEqual(
        all.map((e) => e.externalId),
        rows.map((r) => r.externalId),
        `in externalId order with limit ${limit}`,
      );
    }
    const sample = byExternalId(await listAll(orgId, key, '', 500)).get('EMP-01234');
    assert.equal(sample?.phone, '+79160123400');
    assert.equal(sample?.email, 'employee.01234@bigcorp.ru');

    const expectedMissing = rows.filter((r) => r.email === null || r.phone === undefined).map((r) => r.externalId);
    const missing = await listAll(orgId, key, 'missingContacts=true', 100);
    assert.deepEqual(
      missing.map((e) => e.externalId),
      expectedMissing,
    );
    assert.ok(missing.every((e) => e.email === null || e.phone === null));

    // The default page is 50.
    const firstPage = await call<Page<Employee>>('GET', `/v1/organizations/${orgId}/employees`, { token: key });
    assert.equal(firstPage.status, 200);
    assert.equal(firstPage.body.items.length, 50);
    assert.equal(typeof firstPage.body.nextCursor, 'string');

    const base = `/v1/organizations/${orgId}/employees`;
    for (const cursor of ['garbage', 'not-a-cursor!', Buffer.from('{"a":1}').toString('base64url'), Buffer.from('[1]').toString('base64url')]) {
      expectError(await call('GET', `${base}?cursor=${encodeURIComponent(cursor)}`, { token: key }), 400, 'invalid_cursor');
    }
    for (const limit of ['0', '501', '-1', '1.5', 'ten']) {
      expectFields(await call('GET', `${base}?limit=${limit}`, { token: key }), ['query.limit']);
    }
    expectFields(await call('GET', `${base}?missingContacts=maybe`, { token: key }), ['query.missingContacts']);
  });

  it('service/connect: slug, admin and double-connect checks', async () => {
    const a = await newOrganization('ООО «Альфа»');
    const b = await newOrganization('ООО «Бета»');
    await upsert(a.orgId, a.key, [
      { externalId: 'ADM', fullName: 'Админ Альфа', email: 'admin@alpha.ru', phone: uniquePhone() },
      { externalId: 'NO-PHONE', fullName: 'Без телефона', email: 'nophone@alpha.ru' },
      { externalId: 'NO-EMAIL', fullName: 'Без почты', phone: uniquePhone() },
      { externalId: 'GONE', fullName: 'Уволенный', email: 'gone@alpha.ru', phone: uniquePhone(), employed: false },
    ]);
    await upsert(b.orgId, b.key, [
      { externalId: 'ADM', fullName: 'Админ Бета', email: 'admin@beta.ru', phone: uniquePhone() },
    ]);
    const aStaff = byExternalId(await listAll(a.orgId, a.key));
    const [bAdmin] = await listAll(b.orgId, b.key);
    assert.ok(bAdmin);
    const adminId = aStaff.get('ADM')!.id;
    const connect = (org: { orgId: string; key: string }, body: Json) =>
      call<{ status: string; workflowId: string; url: string }>('POST', `/v1/organizations/${org.orgId}/service/connect`, {
        token: org.key,
        body: { serviceName: 'Кабинет', ...body },
      });

    for (const slug of ['ромашка', 'my slug', 'ab', 'api', 'www', 'Admin', '-alpha', 'alpha-', 'al--pha', 'a_b_c', 'x'.repeat(64), '', '   ']) {
      const fields = expectFields(await connect(a, { slug, adminEmployeeId: adminId }), ['slug'], 'invalid_slug');
      assert.equal(fields[0]?.field, 'slug', slug);
    }
    const tooLong = expectFields(await connect(a, { slug: 'x'.repeat(101), adminEmployeeId: adminId }), ['slug']);
    assert.equal(tooLong[0]?.field, 'slug');

    const bConnected = await connect(b, { slug: 'beta-corp', adminEmployeeId: bAdmin.id });
    assert.equal(bConnected.status, 202, JSON.stringify(bConnected.body));
    for (const slug of ['beta-corp', 'Beta-Corp', ' beta-corp ']) {
      const fields = expectFields(await connect(a, { slug, adminEmployeeId: adminId }), ['slug'], 'slug_taken');
      assert.equal(fields[0]?.field, 'slug');
    }

    const adminError = async (adminEmployeeId: string, code: string) => {
      const fields = expectFields(await connect(a, { slug: 'alpha', adminEmployeeId }), ['adminEmployeeId'], code);
      assert.equal(fields[0]?.field, 'adminEmployeeId');
    };
    await adminError(aStaff.get('NO-PHONE')!.id, 'admin_missing_phone');
    await adminError(aStaff.get('NO-EMAIL')!.id, 'admin_missing_email');
    await adminError(aStaff.get('GONE')!.id, 'admin_not_employed');
    await adminError(bAdmin.id, 'validation_failed');
    await adminError(randomUUID(), 'validation_failed');
    expectFields(
      await connect(a, { slug: 'alpha', adminEmployeeId: adminId, employeeIds: [aStaff.get('NO-EMAIL')!.id, bAdmin.id] }),
      ['employeeIds'],
    );
    // None of those connected anything.
    expectError(await call('GET', `/v1/organizations/${a.orgId}/service`, { token: a.key }), 404, 'service_not_connected');

    const ok = await connect(a, { slug: 'Alpha', adminEmployeeId: adminId, employeeIds: [aStaff.get('NO-EMAIL')!.id] });
    assert.equal(ok.status, 202, JSON.stringify(ok.body));
    assert.deepEqual(ok.body, {
      status: 'connecting',
      workflowId: `onboarding/${a.orgId}`,
      url: 'http://localhost:3000/s/alpha',
    });
    expectError(await connect(a, { slug: 'alpha-2', adminEmployeeId: adminId }), 409, 'already_connected');
    expectError(await connect(a, { slug: 'alpha', adminEmployeeId: adminId }), 409, 'already_connected');

    const service = await call<{ slug: string; serviceName: string; admin: { employeeId: string } }>(
      'GET',
      `/v1/organizations/${a.orgId}/service`,
      { token: a.key },
    );
    assert.equal(service.status, 200);
    assert.equal(service.body.slug, 'alpha');
    assert.equal(service.body.admin.employeeId, adminId);
    const bService = await call<{ slug: string; admin: { employeeId: string } }>(
      'GET',
      `/v1/organizations/${b.orgId}/service`,
      { token: system.operatorToken },
    );
    assert.equal(bService.body.slug, 'beta-corp');
    assert.equal(bService.body.admin.employeeId, bAdmin.id);
  });

  it('activation: input is checked field by field; an unknown phone is invalid_code', async () => {
    const good = { phone: uniquePhone(), code: '123456', password: 'Надёжный-пароль-1' };
    const activate = (body: Json) => call('POST', '/v1/activation', { body: { ...good, ...body } });
    for (const phone of ['12345', '8 (495) 123-45-67', '+8 916 123-45-67', 'телефон', '', '+7 916 123-45-6789']) {
      const fields = expectFields(await activate({ phone }), ['phone']);
      assert.equal(fields[0]?.field, 'phone');
    }
    for (const code of ['12345a', 'abcdef', '12345', '1234567', '', '12 34 5']) {
      const fields = expectFields(await activate({ code }), ['code']);
      assert.equal(fields[0]?.field, 'code', code);
    }
    for (const password of ['12345678', 'short', 'password', 'aaaaaaaaaa', 'Я'.repeat(129)]) {
      const fields = expectFields(await activate({ password }), ['password'], 'weak_password');
      assert.equal(fields[0]?.field, 'password');
    }
    // Any spelling of a well-formed number nobody was invited on.
    for (const phone of [good.phone, `8${good.phone.slice(2)}`]) {
      const res = await activate({ phone, code: '12 34 56' });
      const body = expectError(res, 422, 'invalid_code');
      assert.equal(body.error.details, undefined);
    }
  });

  it('health, readiness, OpenAPI document, docs page and unknown routes', async () => {
    const health = await call<{ status: string }>('GET', '/healthz');
    assert.equal(health.status, 200);
    assert.equal(health.body.status, 'ok');

    const ready = await call<{ status: string; checks: Json }>('GET', '/readyz');
    assert.equal(ready.status, 200, JSON.stringify(ready.body));
    assert.deepEqual(ready.body, { status: 'ready', checks: { database: 'ok', temporal: 'ok' } });

    const doc = await call<{ openapi: string; info: Json; paths: Record<string, Record<string, unknown>> }>(
      'GET',
      '/openapi.json',
    );
    assert.equal(doc.status, 200);
    assert.match(doc.body.openapi, /^3\.1\./);
    const expected: Record<string, string[]> = {
      '/v1/organizations': ['post'],
      '/v1/organizations/{orgId}/api-keys': ['post'],
      '/v1/organizations/{orgId}/employees': ['get', 'put'],
      '/v1/organizations/{orgId}/service/connect': ['post'],
      '/v1/organizations/{orgId}/service': ['get'],
      '/v1/activation': ['post'],
      '/v1/auth/login': ['post'],
    };
    for (const [path, methods] of Object.entries(expected)) {
      const item = doc.body.paths[path];
      assert.ok(item, `${path} in the OpenAPI document (has ${Object.keys(doc.body.paths).join(', ')})`);
      for (const method of methods) assert.ok(item[method], `${method} ${path}`);
    }

    const docs = await fetch(`${system.baseUrl}/docs`);
    const html = await docs.text();
    assert.equal(docs.status, 200);
    assert.ok(docs.headers.get('x-request-id'));
    assert.match(docs.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(html, /swagger/i);
    assert.match(html, /\/openapi\.json/);

    expectError(await call('GET', '/v1/no-such-thing'), 404, 'not_found');
    expectError(await call('GET', '/no-such-page'), 404, 'not_found');
    // A known path under a method it does not declare: 405 naming the methods it does.
    const wrongMethod = await call('DELETE', '/v1/organizations', { token: system.operatorToken });
    expectError(wrongMethod, 405, 'method_not_allowed');
    assert.equal(wrongMethod.headers.get('allow'), 'POST');
    // Anonymous callers are refused before anything about organization routes is revealed.
    expectError(await call('DELETE', '/v1/organizations'), 401, 'unauthorized');
    expectError(await call('GET', '/v1/no-such-thing', { token: system.operatorToken }), 404, 'not_found');

    // A well-formed X-Request-Id is echoed; anything else is replaced.
    const echoed = await call('GET', '/v1/nothing-here', { headers: { 'x-request-id': 'client-req-42' } });
    assert.equal(echoed.headers.get('x-request-id'), 'client-req-42');
    assert.equal((echoed.body as unknown as ErrorBody).requestId, 'client-req-42');
    const replaced = await call('GET', '/healthz', { headers: { 'x-request-id': 'bad id with spaces' } });
    assert.notEqual(replaced.headers.get('x-request-id'), 'bad id with spaces');
  });

  it('secrets: no echo of codes or passwords; the SMS code and API keys only where they belong', async () => {
    const fromHere = received.length;
    const { orgId, key } = await newOrganization('ООО «Секреты»');
    const adminPhone = uniquePhone();
    await upsert(orgId, key, [{ externalId: 'ADM', fullName: 'Админ', email: 'admin@secret.ru', phone: adminPhone }]);
    const [admin] = await listAll(orgId, key);
    assert.ok(admin);
    const connected = await call('POST', `/v1/organizations/${orgId}/service/connect`, {
      token: key,
      body: { serviceName: 'Секретный кабинет', slug: 'secrets', adminEmployeeId: admin.id },
    });
    assert.equal(connected.status, 202);
    await eventually(async () => {
      const res = await call<{ status: string }>('GET', `/v1/organizations/${orgId}/service`, { token: key });
      return res.body.status === 'awaiting_admin' ? true : undefined;
    }, 'service awaiting the admin');
    const code = await readCodeFromSms(system, adminPhone);
    const wrongCode = code === '975310' ? '864200' : '975310';
    const password = 'Тайный-Пароль-Zx9!';
    const failures: { res: Res<unknown>; secrets: string[] }[] = [];
    const attempt = async (body: Json, status: number, errorCode: string) => {
      const res = await call('POST', '/v1/activation', { body });
      expectError(res, status, errorCode);
      failures.push({ res, secrets: Object.values(body).map(String) });
    };
    await attempt({ phone: adminPhone, code: wrongCode, password }, 422, 'invalid_code');
    await attempt({ phone: adminPhone, code, password: 'qwerty123' }, 422, 'weak_password');
    await attempt({ phone: adminPhone, code: `${code}1`, password }, 422, 'validation_failed');
    await attempt({ phone: 'x'.repeat(41), code, password }, 422, 'validation_failed');
    await attempt({ phone: adminPhone, code: 'zz9911', password }, 422, 'validation_failed');
    for (const { res, secrets } of failures) {
      const text = JSON.stringify(res.body) + JSON.stringify([...res.headers]);
      assert.ok(!text.includes(password), 'the password is not echoed');
      for (const secret of secrets.filter((s) => s !== adminPhone && s.length >= 6)) {
        assert.ok(!text.includes(secret), `${secret} is not echoed: ${text}`);
      }
    }

    const ok = await call<{ userId: string; login: string }>('POST', '/v1/activation', {
      body: { phone: adminPhone, code, password },
    });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.deepEqual(Object.keys(ok.body).sort(), ['login', 'userId']);

    const badLogin = await call('POST', '/v1/auth/login', { body: { login: adminPhone, password: `${password}-не-тот` } });
    expectError(badLogin, 401, 'invalid_credentials');
    const unknownLogin = await call('POST', '/v1/auth/login', { body: { login: uniquePhone(), password } });
    const unknownBody = expectError(unknownLogin, 401, 'invalid_credentials');
    assert.equal(unknownBody.error.message, (badLogin.body as ErrorBody).error.message, 'same message both ways');
    const login = await call<{ token: string; user: Json }>('POST', '/v1/auth/login', {
      body: { login: adminPhone, password },
    });
    assert.equal(login.status, 200);
    const me = await call('GET', '/v1/me', { token: login.body.token });
    assert.equal(me.status, 200);

    // Across every response of this file: no password, no SMS code, and each API key only in its own answer.
    const leaks = (secret: string) => received.filter((r) => r.text.includes(secret));
    assert.deepEqual(leaks(password), []);
    // The code is 6 digits: look for it as a whole number, in the answers since the service was connected.
    const codePattern = new RegExp(`(?<![0-9])${code}(?![0-9])`);
    assert.deepEqual(
      received
        .slice(fromHere)
        .filter((r) => codePattern.test(r.text))
        .map((r) => `${r.what} ${r.status}`),
      [],
    );
    const keyResponses = received.filter((r) => r.what.endsWith('/api-keys') && r.status === 201);
    assert.ok(keyResponses.length >= 8, `keys issued in this file: ${keyResponses.length}`);
    for (const issued of keyResponses) {
      const issuedKey = (issued.body as { key: string }).key;
      assert.deepEqual(
        leaks(issuedKey).map((r) => `${r.what} ${r.status}`),
        [`${issued.what} 201`],
      );
      // The key's random part does not show up either (e.g. in an error message).
      assert.equal(leaks(issuedKey.slice(8)).length, 1);
    }
    assert.ok(received.length > 200, `responses checked: ${received.length}`);
  });
});
