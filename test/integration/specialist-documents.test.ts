// Specialists, their documents and five-year cycles, and the ФРМР confirmation of each document, all
// real: the API over HTTP, the workflow on the Temporal dev server, and the local register server.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { WorkflowFailedError } from '@temporalio/client';
import { hashPassword } from '../../api/security/passwords.ts';
import { User } from '../../db/entities/index.ts';
import { ProcessKindKey } from '../../workflows/search-attributes.ts';
import {
  recheckSignal,
  registerConfirmation,
  registerConfirmationStageQuery,
} from '../../workflows/register-confirmation.ts';
import { registerConfirmationWorkflowId } from '../../workflows/ids.ts';
import { createCycleDirectly } from '../support/education.ts';
import { eventually, uniquePhone } from '../support/flow.ts';
import { httpClient, type HttpCall } from '../support/http.ts';
import { startTestSystem, type TestSystem } from '../support/system.ts';

type FieldError = { field: string; message: string };
type ErrorBody = { error: { code: string; message: string; details?: { fields?: FieldError[] } } };
type Doc = {
  id: string;
  kind: string;
  series: string;
  number: string;
  fullNumber: string;
  specialty: string;
  issuedOn: string;
  registerStatus: 'unconfirmed' | 'confirmed' | 'not_found';
  registerReason: string | null;
  registerCheckedAt: string | null;
  workflowId: string;
};
type Cycle = {
  id: string;
  documentId: string;
  documentKind: string;
  specialty: string;
  startsOn: string;
  endsOn: string;
  registerStatus: string;
};
type Page<T> = { items: T[]; nextCursor: string | null };
type Person = { api: HttpCall; token: string; fullName: string };

const PASSWORD = 'Надёжный-пароль-1';
/** Not found → asked again after 0.3 s, three times: a document not in the register ends in about a second. */
const RECHECK_DELAYS_MS = [300, 300, 300];

let system: TestSystem;
let sequence = 0;

/** A fresh accreditation number nobody else in this run has. */
function accreditationNumber(): { series: string; number: string } {
  sequence += 1;
  const number = String(10_000_000 + ((process.pid * 7919 + sequence * 104_729) % 89_999_999));
  return { series: String(9000 + (sequence % 1000)), number };
}

/** A logged-in user without a specialist profile (accounts are another issue's: made in the database). */
async function newUser(): Promise<{ api: HttpCall; token: string }> {
  const em = system.db.orm.em.fork();
  const login = uniquePhone();
  em.create(User, {
    id: randomUUID(),
    login,
    passwordHash: await hashPassword(PASSWORD),
    createdAt: new Date(),
    updatedAt: new Date(),
  });
  await em.flush();
  const api = httpClient(system.baseUrl);
  const session = await api<{ token: string }>('POST', '/v1/auth/login', {
    body: { login, password: PASSWORD },
  });
  assert.equal(session.status, 200);
  return { api, token: session.body.token };
}

/** A user with a specialist profile made through the API. */
async function newSpecialist(fullName = 'Фёдоров Игорь Анатольевич'): Promise<Person> {
  const user = await newUser();
  const res = await user.api('POST', '/v1/me/specialist', { token: user.token, body: { fullName } });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return { ...user, fullName };
}

function addDocument(person: Person, body: Record<string, unknown>, headers?: Record<string, string>) {
  return person.api<{ document: Doc; cycle: Cycle }>('POST', '/v1/me/documents', {
    token: person.token,
    body,
    ...(headers ? { headers } : {}),
  });
}

async function documents(person: Person): Promise<Doc[]> {
  const res = await person.api<Page<Doc>>('GET', '/v1/me/documents', { token: person.token });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.items;
}

/** Waits for the document's check to end and returns the document as the API shows it then. */
async function settled(
  person: Person,
  documentId: string,
  status: Doc['registerStatus'],
  timeoutMs = 20_000,
) {
  return eventually(
    async () => (await documents(person)).find((d) => d.id === documentId && d.registerStatus === status),
    `document ${documentId} ${status}`,
    timeoutMs,
  );
}

function fieldsOf(res: { status: number; body: unknown }, code = 'invalid_document_number'): string[] {
  assert.equal(res.status, 422, JSON.stringify(res.body));
  const body = res.body as ErrorBody;
  assert.equal(body.error.code, code, JSON.stringify(body));
  return (body.error.details?.fields ?? []).map((f) => f.field);
}

describe('specialists, documents, cycles and ФРМР confirmation', () => {
  before(async () => {
    system = await startTestSystem({ registerRetryDelaysMs: RECHECK_DELAYS_MS, registerErrorRetryMs: 200 });
  });
  after(async () => system?.close());

  it('answers 401 to anonymous callers, before looking at the body', async () => {
    const api = httpClient(system.baseUrl);
    const calls: [string, string, unknown][] = [
      ['POST', '/v1/me/specialist', { fullName: '' }],
      ['GET', '/v1/me/specialist', undefined],
      ['POST', '/v1/me/documents', { kind: 'passport' }],
      ['GET', '/v1/me/documents', undefined],
      ['GET', '/v1/me/cycles', undefined],
    ];
    for (const [method, path, body] of calls) {
      const res = await api<ErrorBody>(method, path, body === undefined ? {} : { body });
      assert.equal(res.status, 401, `${method} ${path}: ${JSON.stringify(res.body)}`);
      assert.equal(res.body.error.code, 'unauthorized');
    }
    const bad = await api<ErrorBody>('GET', '/v1/me/documents', { token: 'kss_not-a-session' });
    assert.equal(bad.status, 401);
  });

  it('makes a specialist profile once, with a checked SNILS', async () => {
    const user = await newUser();
    const none = await user.api<ErrorBody>('GET', '/v1/me/specialist', { token: user.token });
    assert.equal(none.status, 404);
    const noProfile = await user.api<ErrorBody>('GET', '/v1/me/documents', { token: user.token });
    assert.equal(noProfile.status, 403);
    assert.equal(noProfile.body.error.code, 'not_a_specialist');

    const badSnils = await user.api('POST', '/v1/me/specialist', {
      token: user.token,
      body: { fullName: 'Смирнова Елена Александровна', snils: '112-233-445 96' },
    });
    assert.deepEqual(fieldsOf(badSnils, 'validation_failed'), ['snils']);
    const noName = await user.api('POST', '/v1/me/specialist', {
      token: user.token,
      body: { fullName: ' ' },
    });
    assert.deepEqual(fieldsOf(noName, 'validation_failed'), ['fullName']);

    const created = await user.api<{ id: string; fullName: string; snils: string | null }>(
      'POST',
      '/v1/me/specialist',
      {
        token: user.token,
        body: { fullName: '  Смирнова   Елена Александровна ', snils: '11223344595' },
      },
    );
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.fullName, 'Смирнова Елена Александровна');
    assert.equal(created.body.snils, '112-233-445 95');
    const read = await user.api<{ id: string }>('GET', '/v1/me/specialist', { token: user.token });
    assert.equal(read.status, 200);
    assert.equal(read.body.id, created.body.id);

    const again = await user.api<ErrorBody>('POST', '/v1/me/specialist', {
      token: user.token,
      body: { fullName: 'Кто-то Другой' },
    });
    assert.equal(again.status, 409);
    assert.equal(again.body.error.code, 'specialist_exists');
  });

  it('confirms a document that is in the register, with the cycle it opens', async () => {
    const person = await newSpecialist();
    const { series, number } = accreditationNumber();
    system.register.records.add({
      kind: 'accreditation',
      series,
      number,
      fullName: 'ФЕДОРОВ Игорь Анатольевич',
      specialty: 'Терапия',
      issuedOn: '2024-02-29',
    });
    const res = await addDocument(person, {
      kind: 'accreditation',
      fullNumber: `${series} ${number.slice(0, 4)}-${number.slice(4)}`,
      specialty: 'Терапия',
      issuedOn: '2024-02-29',
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const { document, cycle } = res.body;
    assert.equal(document.registerStatus, 'unconfirmed');
    assert.deepEqual(
      [document.series, document.number, document.fullNumber],
      [series, number, series + number],
    );
    assert.equal(document.workflowId, `register-check/${document.id}`);
    assert.deepEqual(
      [cycle.documentId, cycle.specialty, cycle.startsOn, cycle.endsOn],
      [document.id, 'Терапия', '2024-02-29', '2029-02-28'],
    );

    const confirmed = await settled(person, document.id, 'confirmed');
    assert.equal(confirmed.registerReason, null);
    assert.ok(confirmed.registerCheckedAt);
    const cycles = await person.api<Page<Cycle>>('GET', '/v1/me/cycles', { token: person.token });
    assert.equal(cycles.body.items[0]?.registerStatus, 'confirmed');

    const handle = system.temporal.workflow.getHandle(registerConfirmationWorkflowId(document.id));
    assert.deepEqual(await handle.result(), { outcome: 'confirmed' });
    const stage = await handle.query(registerConfirmationStageQuery);
    assert.deepEqual([stage.stage, stage.checks], ['confirmed', 1]);
    const described = await handle.describe();
    assert.equal(described.typedSearchAttributes.get(ProcessKindKey), 'register_confirmation');
  });

  it('marks a document the register never shows not_found, after the configured asks, with the reason', async () => {
    const person = await newSpecialist();
    const lookupsBefore = system.register.lookups();
    const res = await addDocument(person, {
      kind: 'specialist_certificate',
      series: '017718',
      number: '9876543',
      specialty: 'Хирургия',
      issuedOn: '2024-05-20',
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const { id } = res.body.document;
    const handle = system.temporal.workflow.getHandle(registerConfirmationWorkflowId(id));

    // Between asks the document stays unconfirmed and says why; the process says when it asks next.
    const waiting = await eventually(async () => {
      const stage = await handle.query(registerConfirmationStageQuery);
      return stage.stage === 'waiting_for_register' ? stage : undefined;
    }, 'a pause between asks');
    assert.ok(waiting.nextCheckAt);
    assert.equal(waiting.reason, 'Документ не найден в ФРМР');

    const notFound = await settled(person, id, 'not_found');
    assert.equal(notFound.registerReason, 'Документ не найден в ФРМР');
    assert.deepEqual(await handle.result(), { outcome: 'not_found', reason: 'Документ не найден в ФРМР' });
    const stage = await handle.query(registerConfirmationStageQuery);
    assert.deepEqual([stage.stage, stage.checks], ['not_found', RECHECK_DELAYS_MS.length + 1]);
    assert.equal(system.register.lookups() - lookupsBefore, RECHECK_DELAYS_MS.length + 1);
  });

  it('confirms a document the register learns of only later', async () => {
    const person = await newSpecialist();
    const { series, number } = accreditationNumber();
    system.register.records.add({
      kind: 'accreditation',
      series,
      number,
      fullName: person.fullName,
      specialty: 'Педиатрия',
      issuedOn: '2025-03-03',
      visibleAfterMs: 450,
    });
    const res = await addDocument(person, {
      kind: 'accreditation',
      series,
      number,
      specialty: 'Педиатрия',
      issuedOn: '2025-03-03',
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    await settled(person, res.body.document.id, 'confirmed');
    const stage = await system.temporal.workflow
      .getHandle(res.body.document.workflowId)
      .query(registerConfirmationStageQuery);
    assert.ok(stage.checks >= 2, `asked ${stage.checks} times`);
  });

  it('does not confirm a document of another person or another specialty, and says why', async () => {
    const person = await newSpecialist();
    const other = accreditationNumber();
    const mine = accreditationNumber();
    system.register.records.add({
      kind: 'accreditation',
      ...other,
      fullName: 'Иванова Мария Сергеевна',
      specialty: 'Терапия',
      issuedOn: '2024-01-10',
    });
    system.register.records.add({
      kind: 'accreditation',
      ...mine,
      fullName: person.fullName,
      specialty: 'Кардиология',
      issuedOn: '2024-01-10',
    });
    const [a, b] = await Promise.all([
      addDocument(person, { kind: 'accreditation', ...other, specialty: 'Терапия', issuedOn: '2024-01-10' }),
      addDocument(person, { kind: 'accreditation', ...mine, specialty: 'Терапия', issuedOn: '2024-01-10' }),
    ]);
    assert.equal(a.status, 201);
    assert.equal(b.status, 201);
    const anotherPerson = await settled(person, a.body.document.id, 'not_found');
    assert.equal(anotherPerson.registerReason, 'Документ найден в ФРМР, но выдан на другие ФИО');
    const anotherSpecialty = await settled(person, b.body.document.id, 'not_found');
    assert.equal(
      anotherSpecialty.registerReason,
      'В ФРМР документ выдан по специальности «Кардиология», а указана «Терапия»',
    );
  });

  it('waits out register outages: 503 twice, then the answer', async () => {
    const person = await newSpecialist();
    const { series, number } = accreditationNumber();
    system.register.records.add({
      kind: 'accreditation',
      series,
      number,
      fullName: person.fullName,
      specialty: 'Неврология',
      issuedOn: '2023-06-30',
    });
    const lookupsBefore = system.register.lookups();
    system.register.faults.add({ httpStatus: 503, times: 2 });
    const res = await addDocument(person, {
      kind: 'accreditation',
      series,
      number,
      specialty: 'Неврология',
      issuedOn: '2023-06-30',
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    await settled(person, res.body.document.id, 'confirmed');
    assert.equal(system.register.lookups() - lookupsBefore, 3, 'two refused asks and the one answered');
    const stage = await system.temporal.workflow
      .getHandle(res.body.document.workflowId)
      .query(registerConfirmationStageQuery);
    assert.equal(stage.checks, 1, 'outages are activity retries, not asks of the not-found schedule');
  });

  it('stops visibly when the register refuses the request (a 4xx needs a person)', async () => {
    const person = await newSpecialist();
    system.register.faults.add({ httpStatus: 401, times: 1 });
    const res = await addDocument(person, {
      kind: 'accreditation',
      ...accreditationNumber(),
      specialty: 'Урология',
      issuedOn: '2023-06-30',
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const handle = system.temporal.workflow.getHandle(res.body.document.workflowId);
    await assert.rejects(handle.result(), (err: unknown) => {
      assert.ok(err instanceof WorkflowFailedError);
      assert.match(
        String((err.cause as { cause?: { type?: string } } | undefined)?.cause?.type),
        /RegisterRejectedRequest/,
      );
      return true;
    });
    const [document] = await documents(person);
    assert.equal(document?.registerStatus, 'unconfirmed');
    assert.match(document?.registerReason ?? '', /ФРМР отклонил запрос \(http_401\)/);
  });

  it('asks again at once when told to, instead of waiting out a long pause', async () => {
    const person = await newSpecialist();
    const specialist = await person.api<{ id: string }>('GET', '/v1/me/specialist', { token: person.token });
    const { documentId } = await createCycleDirectly(system, specialist.body.id, {
      specialty: 'Терапия',
      startsOn: '2024-01-15',
    });
    const handle = await system.temporal.workflow.start(registerConfirmation, {
      workflowId: registerConfirmationWorkflowId(documentId),
      taskQueue: system.taskQueue,
      args: [{ documentId, recheckDelaysMs: [10 * 60_000] }],
    });
    await eventually(async () => {
      const stage = await handle.query(registerConfirmationStageQuery);
      return stage.stage === 'waiting_for_register' ? stage : undefined;
    }, 'the first answer: not found');
    const [stored] = await documents(person);
    assert.ok(stored);
    system.register.records.add({
      kind: 'accreditation',
      series: stored.series,
      number: stored.number,
      fullName: person.fullName,
      specialty: 'Терапия',
      issuedOn: '2024-01-15',
    });
    await handle.signal(recheckSignal);
    assert.deepEqual(await handle.result(), { outcome: 'confirmed' });
  });

  it('refuses malformed numbers and dates with 422 naming the field, and creates nothing', async () => {
    const person = await newSpecialist();
    const base = { kind: 'accreditation', specialty: 'Терапия', issuedOn: '2024-01-15' };
    const cases: [Record<string, unknown>, string[], string?][] = [
      [{ ...base, series: '772', number: '12345678' }, ['series']],
      [{ ...base, series: '7724', number: '1234567' }, ['number']],
      [{ ...base, series: '77A4', number: '123456789' }, ['series', 'number']],
      [{ ...base, series: '7724' }, ['number']],
      [{ ...base }, ['series', 'number']],
      [{ ...base, fullNumber: '77241234567' }, ['fullNumber']],
      [{ ...base, fullNumber: '772412345678', number: '12345678' }, ['fullNumber']],
      [{ ...base, kind: 'specialist_certificate', fullNumber: '772412345678' }, ['fullNumber']],
      [{ ...base, kind: 'specialist_certificate', series: '7724', number: '12345678' }, ['series', 'number']],
      [{ ...base, kind: 'passport', fullNumber: '772412345678' }, ['kind'], 'validation_failed'],
      [{ ...base, fullNumber: '772412345678', issuedOn: '2023-02-29' }, ['issuedOn'], 'validation_failed'],
      [{ ...base, fullNumber: '772412345678', issuedOn: '15.01.2024' }, ['issuedOn'], 'validation_failed'],
      [{ ...base, fullNumber: '772412345678', issuedOn: '2999-01-01' }, ['issuedOn'], 'validation_failed'],
      [{ ...base, fullNumber: '772412345678', issuedOn: '2001-01-01' }, ['issuedOn'], 'validation_failed'],
      [{ ...base, fullNumber: '772412345678', specialty: '' }, ['specialty'], 'validation_failed'],
      [{ ...base, series: 7724, number: '12345678' }, ['series'], 'validation_failed'],
    ];
    for (const [body, fields, code] of cases) {
      const res = await addDocument(person, body);
      assert.deepEqual(fieldsOf(res, code), fields, JSON.stringify(body));
      const messages = ((res.body as unknown as ErrorBody).error.details?.fields ?? []).map((f) => f.message);
      if (!code) for (const message of messages) assert.match(message, /[а-яё]/i, 'the reason is in Russian');
    }
    assert.deepEqual(await documents(person), []);
  });

  it('refuses the same document twice (409), however it is spelled and whoever adds it', async () => {
    const person = await newSpecialist();
    const { series, number } = accreditationNumber();
    const first = await addDocument(person, {
      kind: 'accreditation',
      series,
      number,
      specialty: 'Терапия',
      issuedOn: '2024-01-15',
    });
    assert.equal(first.status, 201);
    const again = await addDocument(person, {
      kind: 'accreditation',
      fullNumber: `${series}-${number}`,
      specialty: 'Хирургия',
      issuedOn: '2024-01-15',
    });
    assert.equal(again.status, 409, JSON.stringify(again.body));
    assert.equal((again.body as unknown as ErrorBody).error.code, 'document_exists');
    const someoneElse = await newSpecialist('Петров Алексей Викторович');
    const theirs = await addDocument(someoneElse, {
      kind: 'accreditation',
      series,
      number,
      specialty: 'Терапия',
      issuedOn: '2024-01-15',
    });
    assert.equal(theirs.status, 409);
    assert.equal((await documents(person)).length, 1);
  });

  it('replays a retried POST with the same Idempotency-Key instead of adding twice', async () => {
    const person = await newSpecialist();
    const body = {
      kind: 'accreditation',
      ...accreditationNumber(),
      specialty: 'Терапия',
      issuedOn: '2024-01-15',
    };
    const key = { 'Idempotency-Key': randomUUID() };
    const first = await addDocument(person, body, key);
    const second = await addDocument(person, body, key);
    assert.equal(first.status, 201);
    assert.equal(second.status, 201);
    assert.equal(second.headers.get('idempotent-replayed'), 'true');
    assert.equal(second.body.document.id, first.body.document.id);
    assert.equal((await documents(person)).length, 1);
  });

  it('opens one cycle per document: a second specialty is a second cycle', async () => {
    const person = await newSpecialist();
    const first = await addDocument(person, {
      kind: 'accreditation',
      ...accreditationNumber(),
      specialty: 'Терапия',
      issuedOn: '2024-01-15',
    });
    const second = await addDocument(person, {
      kind: 'specialist_certificate',
      fullNumber: `01771${String(sequence).padStart(8, '0')}`,
      specialty: 'Кардиология',
      issuedOn: '2023-12-31',
    });
    assert.equal(first.status, 201, JSON.stringify(first.body));
    assert.equal(second.status, 201, JSON.stringify(second.body));

    const cycles = await person.api<Page<Cycle>>('GET', '/v1/me/cycles', { token: person.token });
    assert.equal(cycles.status, 200);
    assert.deepEqual(
      cycles.body.items.map((c) => [c.specialty, c.documentKind, c.startsOn, c.endsOn, c.documentId]),
      [
        ['Кардиология', 'specialist_certificate', '2023-12-31', '2028-12-30', second.body.document.id],
        ['Терапия', 'accreditation', '2024-01-15', '2029-01-14', first.body.document.id],
      ],
    );
    assert.equal(cycles.body.nextCursor, null);

    // Pages: one at a time, newest first.
    const page1 = await person.api<Page<Cycle>>('GET', '/v1/me/cycles?limit=1', { token: person.token });
    assert.equal(page1.body.items[0]?.specialty, 'Кардиология');
    assert.ok(page1.body.nextCursor);
    const page2 = await person.api<Page<Cycle>>(
      'GET',
      `/v1/me/cycles?limit=1&cursor=${page1.body.nextCursor}`,
      { token: person.token },
    );
    assert.equal(page2.body.items[0]?.specialty, 'Терапия');
    assert.equal(page2.body.nextCursor, null);
    const docs1 = await person.api<Page<Doc>>('GET', '/v1/me/documents?limit=1', { token: person.token });
    const docs2 = await person.api<Page<Doc>>(
      'GET',
      `/v1/me/documents?limit=1&cursor=${docs1.body.nextCursor}`,
      { token: person.token },
    );
    assert.deepEqual(
      [docs1.body.items[0]?.id, docs2.body.items[0]?.id, docs2.body.nextCursor],
      [second.body.document.id, first.body.document.id, null],
    );
    const badCursor = await person.api('GET', '/v1/me/cycles?cursor=nonsense', { token: person.token });
    assert.equal(badCursor.status, 400);
  });

  it('shows nobody else my documents and cycles', async () => {
    const me = await newSpecialist();
    const added = await addDocument(me, {
      kind: 'accreditation',
      ...accreditationNumber(),
      specialty: 'Терапия',
      issuedOn: '2024-01-15',
    });
    assert.equal(added.status, 201);
    const stranger = await newSpecialist('Петров Алексей Викторович');
    assert.deepEqual(await documents(stranger), []);
    const cycles = await stranger.api<Page<Cycle>>('GET', '/v1/me/cycles', { token: stranger.token });
    assert.deepEqual(cycles.body.items, []);
    // My cursor does not open my list to them either.
    const mine = await stranger.api<Page<Doc>>(
      'GET',
      `/v1/me/documents?cursor=${Buffer.from(JSON.stringify([added.body.document.id])).toString('base64url')}`,
      {
        token: stranger.token,
      },
    );
    assert.deepEqual(mine.body.items, []);
    assert.equal((await documents(me)).length, 1);
  });
});
