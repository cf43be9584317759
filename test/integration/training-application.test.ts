// The training application (заявка на обучение по ДПП ПК) end to end: the API over HTTP, one real
// workflow per application on a real worker, documents rendered in Chromium, a real PostgreSQL.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Specialist } from '../../db/entities/index.ts';
import { SESSION_COOKIE } from '../../api/http/middleware/auth.ts';
import { trainingApplicationWorkflowId } from '../../workflows/ids.ts';
import { applicationStateQuery } from '../../workflows/training-application.ts';
import { createCycleDirectly, createProvider, createSpecialist } from '../support/education.ts';
import { eventually } from '../support/flow.ts';
import { createProgrammeCycle, daysFromToday } from '../support/programmes.ts';
import { startTestSystem, type TestSystem } from '../support/system.ts';

const GRACE_MS = 3_000;
const GUARANTEE = 'Заявка не является гарантией зачисления на обучение';

interface ApplicationBody {
  id: string;
  status: string;
  workflowId: string;
  specialist: { id: string; fullName: string };
  programme: { title: string; credits: number; provider: { id: string } };
  document: { formedAt: string; htmlUrl: string; pdfUrl: string } | null;
  signature: { method: string; fileName: string | null; scanUrl: string | null } | null;
  decisionReason: string | null;
  flaggedAt: string | null;
}
type ErrorBody = { error: { code: string; message: string; details?: { fields?: { field: string }[] } } };

const FORM = {
  workplace: 'ГБУЗ «Городская поликлиника № 1»',
  position: 'Врач-терапевт участковый',
  phone: '8 (916) 123-45-67',
  email: 'Ivanov@Example.RU',
};
const PNG = new Uint8Array([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52,
]);

/** The PDF's document title (Chromium writes the HTML <title> as UTF-16BE hex). */
function pdfTitle(pdf: Buffer): string | undefined {
  const hex = /\/Title\s*<FEFF([0-9A-F]*)>/i.exec(pdf.toString('latin1'))?.[1];
  return hex === undefined ? undefined : Buffer.from(hex, 'hex').swap16().toString('utf16le');
}

describe('training applications', () => {
  let system: TestSystem;
  let provider: Awaited<ReturnType<typeof createProvider>>;

  before(async () => {
    system = await startTestSystem({ applicationCreditGraceMs: GRACE_MS });
    provider = await createProvider(system);
  });
  after(async () => system?.close());

  /** A specialist with a SNILS and a therapy cycle, and a programme cycle of the shared provider. */
  async function setUp(fullName = 'Иванов Иван Иванович') {
    const specialist = await createSpecialist(system, fullName);
    await system.db.orm.em
      .fork()
      .nativeUpdate(Specialist, { id: specialist.specialistId }, { snils: '11223344595' });
    const { cycleId } = await createCycleDirectly(system, specialist.specialistId);
    const programme = await createProgrammeCycle(system, provider.providerId);
    const call = <T = ApplicationBody>(method: string, path: string, body?: unknown) =>
      specialist.api<T>(method, path, { token: specialist.token, ...(body === undefined ? {} : { body }) });
    const asProvider = <T = ApplicationBody>(
      method: string,
      path: string,
      body?: unknown,
      key = provider.key,
    ) => specialist.api<T>(method, path, { token: key, ...(body === undefined ? {} : { body }) });
    return { ...specialist, cycleId, programme, call, asProvider };
  }
  type Ctx = Awaited<ReturnType<typeof setUp>>;

  async function createDraft(ctx: Ctx): Promise<ApplicationBody> {
    const res = await ctx.call('POST', '/v1/me/applications', {
      cycleId: ctx.cycleId,
      programmeCycleId: ctx.programme.programmeCycleId,
      form: FORM,
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body;
  }

  async function step(ctx: Ctx, id: string, action: string, body?: unknown): Promise<ApplicationBody> {
    const res = await ctx.call('POST', `/v1/me/applications/${id}/${action}`, body);
    assert.equal(res.status, 200, `${action}: ${JSON.stringify(res.body)}`);
    return res.body;
  }

  /** Draft → formed → signed (confirmation) → submitted. */
  async function submitted(ctx: Ctx): Promise<ApplicationBody> {
    const draft = await createDraft(ctx);
    await step(ctx, draft.id, 'form');
    await step(ctx, draft.id, 'sign', { confirm: true });
    return step(ctx, draft.id, 'submit');
  }

  async function decide(ctx: Ctx, id: string, body: unknown, key?: string) {
    return ctx.asProvider('POST', `/v1/providers/me/applications/${id}/decision`, body, key);
  }

  const creditRows = (applicationId: string) =>
    system.db.orm.em
      .fork()
      .execute<{ cycleId: string; credits: number }[]>(
        `select cycle_id as "cycleId", credits from credit_entries where source = 'programme' and source_id = ?`,
        [applicationId],
      );

  async function download(path: string, token: string) {
    const res = await fetch(`${system.baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(res.status, 200, path);
    return { contentType: res.headers.get('content-type'), bytes: Buffer.from(await res.arrayBuffer()) };
  }

  const workflowResult = (id: string) =>
    system.temporal.workflow.getHandle(trainingApplicationWorkflowId(id)).result() as Promise<{
      status: string;
    }>;

  it('goes from draft to credited: document, scan, submission, enrolment, completion, credits once', async () => {
    const ctx = await setUp();
    const draft = await createDraft(ctx);
    assert.equal(draft.status, 'draft');
    assert.equal(draft.workflowId, `application/${draft.id}`);
    assert.equal(draft.document, null);
    const state = await system.temporal.workflow.getHandle(draft.workflowId).query(applicationStateQuery);
    assert.equal(state.status, 'draft');

    const formed = await step(ctx, draft.id, 'form');
    assert.equal(formed.status, 'formed');
    assert.equal(formed.document?.pdfUrl, `/v1/me/applications/${draft.id}/document.pdf`);

    const html = await fetch(`${system.baseUrl}${formed.document.htmlUrl}`, {
      headers: { authorization: `Bearer ${ctx.token}` },
    });
    assert.equal(html.status, 200);
    assert.match(html.headers.get('content-type') ?? '', /^text\/html/);
    const text = await html.text();
    for (const expected of [
      'Иванов Иван Иванович',
      ctx.programme.title,
      '112-233-445 95',
      'Терапия',
      'ФГБОУ ДПО «Академия»',
      FORM.position,
      '+79161234567',
      'ivanov@example.ru',
      `${ctx.programme.credits} ЗЕТ`,
      GUARANTEE,
    ]) {
      assert.ok(text.includes(expected), `the document shows ${expected}`);
    }

    const pdf = await fetch(`${system.baseUrl}${formed.document.pdfUrl}`, {
      headers: { authorization: `Bearer ${ctx.token}` },
    });
    assert.equal(pdf.status, 200);
    assert.equal(pdf.headers.get('content-type'), 'application/pdf');
    const bytes = Buffer.from(await pdf.arrayBuffer());
    assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-');
    assert.ok(bytes.length > 5_000, `a real document, not a stub (${bytes.length} bytes)`);
    assert.equal(pdfTitle(bytes), `Заявка на обучение — ${ctx.programme.title}`);

    // The signed scan goes up as multipart; the bytes decide the type, not the name.
    const upload = new FormData();
    upload.set('scan', new Blob([PNG], { type: 'application/octet-stream' }), 'скан заявки.png');
    const signedRes = await fetch(`${system.baseUrl}/v1/me/applications/${draft.id}/sign`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ctx.token}` },
      body: upload,
    });
    const signed = (await signedRes.json()) as ApplicationBody;
    assert.equal(signedRes.status, 200, JSON.stringify(signed));
    assert.equal(signed.status, 'signed');
    assert.deepEqual(
      { ...signed.signature, signedAt: undefined },
      {
        method: 'scan',
        fileName: 'скан заявки.png',
        scanUrl: `/v1/me/applications/${draft.id}/scan`,
        signedAt: undefined,
      },
    );
    const scan = await download(signed.signature!.scanUrl!, ctx.token);
    assert.equal(scan.contentType, 'image/png', 'stored as what the bytes are');
    assert.deepEqual(new Uint8Array(scan.bytes), PNG);

    assert.equal((await step(ctx, draft.id, 'submit')).status, 'submitted');
    const inbox = await ctx.asProvider<{ items: ApplicationBody[] }>(
      'GET',
      '/v1/providers/me/applications?status=submitted',
    );
    assert.equal(inbox.status, 200);
    const received = inbox.body.items.find((a) => a.id === draft.id);
    assert.equal(received?.specialist.fullName, 'Иванов Иван Иванович');
    // The provider gets the document and the signed scan through its own paths.
    assert.equal(received.document?.pdfUrl, `/v1/providers/me/applications/${draft.id}/document.pdf`);
    const providerPdf = await download(received.document.pdfUrl, provider.key);
    assert.equal(providerPdf.bytes.subarray(0, 5).toString('latin1'), '%PDF-');
    assert.deepEqual(new Uint8Array((await download(received.signature!.scanUrl!, provider.key)).bytes), PNG);

    const enrolled = await decide(ctx, draft.id, { decision: 'enrolled' });
    assert.equal(enrolled.status, 200, JSON.stringify(enrolled.body));
    assert.equal(enrolled.body.status, 'enrolled');

    const completed = await ctx.asProvider('POST', `/v1/providers/me/applications/${draft.id}/complete`);
    assert.equal(completed.status, 200, JSON.stringify(completed.body));
    assert.ok(['completed', 'credited'].includes(completed.body.status));
    assert.deepEqual(await workflowResult(draft.id), { status: 'credited' });

    const credited = await ctx.call('GET', `/v1/me/applications/${draft.id}`);
    assert.equal(credited.body.status, 'credited');
    assert.equal(credited.body.flaggedAt, null, 'credited in time: never flagged');
    assert.deepEqual(await creditRows(draft.id), [{ cycleId: ctx.cycleId, credits: ctx.programme.credits }]);

    // The provider's retry after a timeout: the same answer, and still one credit entry.
    const again = await ctx.asProvider('POST', `/v1/providers/me/applications/${draft.id}/complete`);
    assert.equal(again.status, 200);
    assert.equal(again.body.status, 'credited');
    assert.equal((await creditRows(draft.id)).length, 1);

    const mine = await ctx.call<{ items: ApplicationBody[] }>('GET', '/v1/me/applications');
    assert.deepEqual(
      mine.body.items.map((a) => [a.id, a.status]),
      [[draft.id, 'credited']],
    );
  });

  it('can be cancelled before enrolment, and the process ends', async () => {
    const ctx = await setUp();
    const draft = await createDraft(ctx);
    assert.equal((await step(ctx, draft.id, 'cancel')).status, 'cancelled');
    assert.deepEqual(await workflowResult(draft.id), { status: 'cancelled' });

    const sent = await submitted(ctx);
    assert.equal((await step(ctx, sent.id, 'cancel')).status, 'cancelled');
    assert.deepEqual(await workflowResult(sent.id), { status: 'cancelled' });
    const res = await ctx.call<ErrorBody>('POST', `/v1/me/applications/${sent.id}/submit`);
    assert.equal(res.status, 409);
    assert.equal(res.body.error.code, 'invalid_transition');
    assert.equal(
      (await decide(ctx, sent.id, { decision: 'enrolled' })).status,
      404,
      'no longer with the provider',
    );
  });

  it('cannot be cancelled once enrolled (409), and stays enrolled', async () => {
    const ctx = await setUp();
    const sent = await submitted(ctx);
    assert.equal((await decide(ctx, sent.id, { decision: 'enrolled' })).status, 200);
    const res = await ctx.call<ErrorBody>('POST', `/v1/me/applications/${sent.id}/cancel`);
    assert.equal(res.status, 409);
    assert.equal(res.body.error.code, 'invalid_transition');
    assert.equal((await ctx.call('GET', `/v1/me/applications/${sent.id}`)).body.status, 'enrolled');
  });

  it('is rejected by the provider with a reason, which ends it', async () => {
    const ctx = await setUp();
    const sent = await submitted(ctx);
    const noReason = await decide(ctx, sent.id, { decision: 'rejected' });
    assert.equal(noReason.status, 422);
    assert.deepEqual(
      (noReason.body as unknown as ErrorBody).error.details?.fields?.map((f) => f.field),
      ['reason'],
    );
    const rejected = await decide(ctx, sent.id, {
      decision: 'rejected',
      reason: 'Нет свободных мест в группе',
    });
    assert.equal(rejected.status, 200, JSON.stringify(rejected.body));
    assert.equal(rejected.body.status, 'rejected');
    assert.equal(rejected.body.decisionReason, 'Нет свободных мест в группе');
    assert.deepEqual(await workflowResult(sent.id), { status: 'rejected' });
    assert.equal(
      (await ctx.call('GET', `/v1/me/applications/${sent.id}`)).body.decisionReason,
      'Нет свободных мест в группе',
    );
    const complete = await ctx.asProvider<ErrorBody>(
      'POST',
      `/v1/providers/me/applications/${sent.id}/complete`,
    );
    assert.equal(complete.status, 409);
    assert.deepEqual(await creditRows(sent.id), []);
  });

  it('refuses transitions the current state does not allow (409)', async () => {
    const ctx = await setUp();
    const draft = await createDraft(ctx);
    const expectConflict = async (res: Promise<{ status: number; body: unknown }>, what: string) => {
      const { status, body } = await res;
      assert.equal(status, 409, `${what}: ${JSON.stringify(body)}`);
      assert.equal((body as ErrorBody).error.code, 'invalid_transition', what);
    };
    await expectConflict(
      ctx.call('POST', `/v1/me/applications/${draft.id}/sign`, { confirm: true }),
      'sign a draft',
    );
    await expectConflict(ctx.call('POST', `/v1/me/applications/${draft.id}/submit`), 'submit a draft');
    await step(ctx, draft.id, 'form');
    await expectConflict(ctx.call('POST', `/v1/me/applications/${draft.id}/submit`), 'submit unsigned');
    await step(ctx, draft.id, 'sign', { confirm: true });
    await expectConflict(ctx.call('POST', `/v1/me/applications/${draft.id}/form`), 'form a signed one');
    await expectConflict(
      ctx.call('POST', `/v1/me/applications/${draft.id}/sign`, { confirm: true }),
      'sign twice',
    );
    await step(ctx, draft.id, 'submit');
    await expectConflict(
      ctx.asProvider('POST', `/v1/providers/me/applications/${draft.id}/complete`),
      'complete before enrolment',
    );
    assert.equal((await decide(ctx, draft.id, { decision: 'enrolled' })).status, 200);
    await expectConflict(
      decide(ctx, draft.id, { decision: 'rejected', reason: 'передумали' }),
      'decide twice',
    );
    assert.equal((await ctx.call('GET', `/v1/me/applications/${draft.id}`)).body.status, 'enrolled');
  });

  it('checks the scan: a PDF, JPEG or PNG of at most 10 MB', async () => {
    const ctx = await setUp();
    const draft = await createDraft(ctx);
    await step(ctx, draft.id, 'form');
    const sign = async (blob: Blob, name: string) => {
      const upload = new FormData();
      upload.set('scan', blob, name);
      const res = await fetch(`${system.baseUrl}/v1/me/applications/${draft.id}/sign`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ctx.token}` },
        body: upload,
      });
      return { status: res.status, body: (await res.json()) as ErrorBody };
    };
    const text = await sign(new Blob(['not a scan'], { type: 'image/png' }), 'scan.png');
    assert.equal(text.status, 422);
    assert.deepEqual(
      text.body.error.details?.fields?.map((f) => f.field),
      ['scan'],
    );
    const huge = new Uint8Array(10 * 1024 * 1024 + 1);
    huge.set([0x25, 0x50, 0x44, 0x46, 0x2d]);
    const tooBig = await sign(new Blob([huge]), 'scan.pdf');
    assert.equal(tooBig.status, 413);
    assert.deepEqual(
      tooBig.body.error.details?.fields?.map((f) => f.field),
      ['scan'],
    );
    const nothing = await ctx.call<ErrorBody>('POST', `/v1/me/applications/${draft.id}/sign`, {});
    assert.equal(nothing.status, 422);
    const count = await system.db.orm.em
      .fork()
      .execute<{ n: string }[]>(
        'select count(*) as n from training_application_signatures where application_id = ?',
        [draft.id],
      );
    assert.equal(Number(count[0]!.n), 0, 'nothing refused is kept');
    assert.equal((await ctx.call('GET', `/v1/me/applications/${draft.id}`)).body.status, 'formed');
  });

  it('flags an enrolled application still without credits after the grace period, notifies, and keeps waiting', async () => {
    const ctx = await setUp();
    const sent = await submitted(ctx);
    // The programme has run its course by the time the provider gets round to enrolling.
    await system.db.orm.em
      .fork()
      .execute('update programme_cycles set starts_on = ?, ends_on = ? where id = ?', [
        daysFromToday(-60),
        daysFromToday(-40),
        ctx.programme.programmeCycleId,
      ]);
    const enrolledAt = Date.now();
    assert.equal((await decide(ctx, sent.id, { decision: 'enrolled' })).status, 200);
    assert.equal(
      (await ctx.call('GET', `/v1/me/applications/${sent.id}`)).body.flaggedAt,
      null,
      'not before the grace',
    );

    const flaggedAt = await eventually(async () => {
      const res = await ctx.call('GET', `/v1/me/applications/${sent.id}`);
      return res.body.flaggedAt ?? undefined;
    }, 'the application flagged');
    assert.ok(Date.parse(flaggedAt) >= enrolledAt + GRACE_MS - 500, 'flagged only after the grace period');
    const providerView = await ctx.asProvider<{ items: ApplicationBody[] }>(
      'GET',
      '/v1/providers/me/applications?status=enrolled',
    );
    assert.equal(
      providerView.body.items.find((a) => a.id === sent.id)?.flaggedAt,
      flaggedAt,
      'the provider sees it',
    );

    const handle = system.temporal.workflow.getHandle(trainingApplicationWorkflowId(sent.id));
    const notified = await eventually(async () => {
      const events = (await handle.fetchHistory()).events ?? [];
      const scheduled = events
        .filter(
          (e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'notifyApplicationFlagged',
        )
        .map((e) => String(e.eventId));
      const completed = events.filter((e) =>
        scheduled.includes(String(e.activityTaskCompletedEventAttributes?.scheduledEventId)),
      );
      return completed.length ? { scheduled: scheduled.length, completed: completed.length } : undefined;
    }, 'the notification sent');
    assert.deepEqual(
      notified,
      { scheduled: 1, completed: 1 },
      'both sides are notified by one activity, once',
    );
    assert.equal((await handle.query(applicationStateQuery)).status, 'enrolled', 'still waiting');

    const page = await fetch(`${system.baseUrl}/applications/${sent.id}`, {
      headers: { cookie: `${SESSION_COOKIE}=${ctx.token}` },
    });
    assert.match(await page.text(), /ЗЕТ не начислены в срок/);

    assert.equal(
      (await ctx.asProvider('POST', `/v1/providers/me/applications/${sent.id}/complete`)).status,
      200,
    );
    assert.deepEqual(await workflowResult(sent.id), { status: 'credited' });
    assert.equal((await creditRows(sent.id)).length, 1);
  });

  it("answers 404 for another specialist's application and another provider's", async () => {
    const owner = await setUp();
    const other = await setUp('Петров Пётр Петрович');
    const draft = await createDraft(owner);
    await step(owner, draft.id, 'form');
    for (const [method, path] of [
      ['GET', `/v1/me/applications/${draft.id}`],
      ['GET', `/v1/me/applications/${draft.id}/document.html`],
      ['GET', `/v1/me/applications/${draft.id}/document.pdf`],
      ['POST', `/v1/me/applications/${draft.id}/sign`],
      ['POST', `/v1/me/applications/${draft.id}/cancel`],
    ] as const) {
      const res = await other.call<ErrorBody>(
        method,
        path,
        method === 'POST' ? { confirm: true } : undefined,
      );
      assert.equal(res.status, 404, `${method} ${path}`);
    }
    const list = await other.call<{ items: ApplicationBody[] }>('GET', '/v1/me/applications');
    assert.ok(!list.body.items.some((a) => a.id === draft.id));
    const page = await fetch(`${system.baseUrl}/applications/${draft.id}`, {
      headers: { cookie: `${SESSION_COOKIE}=${other.token}` },
    });
    assert.equal(page.status, 404);
    assert.equal(
      (await owner.call('GET', `/v1/me/applications/${draft.id}`)).body.status,
      'formed',
      'untouched',
    );

    await step(owner, draft.id, 'sign', { confirm: true });
    await step(owner, draft.id, 'submit');
    const stranger = await createProvider(system, 'АНО ДПО «Другой центр»');
    assert.equal((await decide(owner, draft.id, { decision: 'enrolled' }, stranger.key)).status, 404);
    const strangerPdf = await owner.asProvider(
      'GET',
      `/v1/providers/me/applications/${draft.id}/document.pdf`,
      undefined,
      stranger.key,
    );
    assert.equal(strangerPdf.status, 404);
    const strangersInbox = await owner.asProvider<{ items: unknown[] }>(
      'GET',
      '/v1/providers/me/applications',
      undefined,
      stranger.key,
    );
    assert.deepEqual(strangersInbox.body.items, []);
    assert.equal(
      (await owner.call('GET', '/v1/providers/me/applications')).status,
      403,
      'a specialist is no provider',
    );
  });

  it('validates a new application, naming the fields', async () => {
    const ctx = await setUp();
    const other = await setUp('Сидорова Анна Павловна');
    const create = (body: Record<string, unknown>) =>
      ctx.call<ErrorBody>('POST', '/v1/me/applications', {
        cycleId: ctx.cycleId,
        programmeCycleId: ctx.programme.programmeCycleId,
        form: FORM,
        ...body,
      });
    const fieldsOf = async (body: Record<string, unknown>) => {
      const res = await create(body);
      assert.equal(res.status, 422, JSON.stringify(res.body));
      return res.body.error.details?.fields?.map((f) => f.field);
    };
    assert.deepEqual(await fieldsOf({ form: { ...FORM, workplace: ' ' } }), ['form.workplace']);
    assert.deepEqual(await fieldsOf({ form: { ...FORM, phone: '12345' } }), ['form.phone']);
    assert.deepEqual(await fieldsOf({ form: { ...FORM, email: 'ivanov' } }), ['form.email']);
    assert.deepEqual(await fieldsOf({ cycleId: other.cycleId }), ['cycleId']);
    assert.deepEqual(await fieldsOf({ programmeCycleId: randomUUID() }), ['programmeCycleId']);
    const surgery = await createProgrammeCycle(system, provider.providerId, { specialties: ['Хирургия'] });
    assert.deepEqual(await fieldsOf({ programmeCycleId: surgery.programmeCycleId }), ['programmeCycleId']);
    const event = await createProgrammeCycle(system, provider.providerId, { type: 'event' });
    assert.deepEqual(await fieldsOf({ programmeCycleId: event.programmeCycleId }), ['programmeCycleId']);
    const past = await createProgrammeCycle(system, provider.providerId, {
      startsOn: daysFromToday(-30),
      endsOn: daysFromToday(-1),
    });
    assert.deepEqual(await fieldsOf({ programmeCycleId: past.programmeCycleId }), ['programmeCycleId']);

    assert.equal((await create({})).status, 201);
    const twice = await create({});
    assert.equal(twice.status, 409);
    assert.equal(twice.body.error.code, 'application_exists');
  });

  it('documents every endpoint in the OpenAPI document', async () => {
    const res = await fetch(`${system.baseUrl}/openapi.json`);
    const doc = (await res.json()) as { paths: Record<string, Record<string, unknown>> };
    const expected: Record<string, string[]> = {
      '/v1/me/applications': ['get', 'post'],
      '/v1/me/applications/{applicationId}': ['get'],
      '/v1/me/applications/{applicationId}/form': ['post'],
      '/v1/me/applications/{applicationId}/sign': ['post'],
      '/v1/me/applications/{applicationId}/submit': ['post'],
      '/v1/me/applications/{applicationId}/cancel': ['post'],
      '/v1/me/applications/{applicationId}/document.html': ['get'],
      '/v1/me/applications/{applicationId}/document.pdf': ['get'],
      '/v1/providers/me/applications': ['get'],
      '/v1/providers/me/applications/{applicationId}/decision': ['post'],
      '/v1/providers/me/applications/{applicationId}/complete': ['post'],
      '/v1/me/applications/{applicationId}/scan': ['get'],
      '/v1/providers/me/applications/{applicationId}/document.pdf': ['get'],
      '/v1/providers/me/applications/{applicationId}/scan': ['get'],
    };
    for (const [path, methods] of Object.entries(expected)) {
      assert.deepEqual(Object.keys(doc.paths[path] ?? {}).sort(), methods, path);
    }
  });

  it('shows its state on a page that says an application does not guarantee enrolment', async () => {
    const ctx = await setUp();
    const draft = await createDraft(ctx);
    await step(ctx, draft.id, 'form');
    const res = await fetch(`${system.baseUrl}/applications/${draft.id}`, {
      headers: { cookie: `${SESSION_COOKIE}=${ctx.token}` },
    });
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.ok(html.includes(`${GUARANTEE}.`));
    assert.ok(html.includes('Сформирована'));
    assert.ok(html.includes(ctx.programme.title));
    assert.ok(html.includes(`/v1/me/applications/${draft.id}/document.pdf`));
    const anonymous = await fetch(`${system.baseUrl}/applications/${draft.id}`, { redirect: 'manual' });
    assert.equal(anonymous.status, 303);
    assert.equal(anonymous.headers.get('location'), '/login');
  });
});
