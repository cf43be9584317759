import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createCycleDirectly, createProvider, createSpecialist } from '../support/education.ts';
import { eventually } from '../support/flow.ts';
import { httpClient } from '../support/http.ts';
import { startTestSystem, type TestSystem } from '../support/system.ts';

type ErrorBody = {
  error: { code: string; message: string; details?: { fields?: { field: string }[]; field?: string } };
};
type CodeBody = {
  id: string;
  elementId: string;
  code: string;
  status: string;
  rejection: { code: string; message: string } | null;
  verifiedAt: string | null;
};
type RunBody = {
  runId: string;
  total: number;
  processed: number;
  verified: number;
  rejected: number;
  rejections: Record<string, number>;
  finishedAt: string | null;
};

describe('event codes, attendance and verification runs over HTTP', () => {
  let system: TestSystem;
  before(async () => {
    system = await startTestSystem();
  });
  after(async () => system?.close());

  async function addElement(
    providerId: string,
    type: 'event' | 'iom',
    minutes: number | null = 90,
    credits = 6,
  ) {
    const id = randomUUID();
    await system.db.orm.em.fork().execute(
      `insert into catalog_elements (id, type, title, provider_id, credits, starts_on, min_attendance_minutes)
       values (?, ?, ?, ?, ?, '2025-02-10', ?)`,
      [id, type, `${type} ${id.slice(0, 6)}`, providerId, credits, minutes],
    );
    return id;
  }

  it('specialists enter codes, providers report attendance, an operator runs the check, specialists see why', async () => {
    const api = httpClient(system.baseUrl);
    const anna = await createSpecialist(system, 'Смирнова Анна Павловна');
    const boris = await createSpecialist(system, 'Орлов Борис Ильич');
    const { cycleId } = await createCycleDirectly(system, anna.specialistId);
    const borisCycle = await createCycleDirectly(system, boris.specialistId);
    const academy = await createProvider(system, 'Академия');
    const institute = await createProvider(system, 'Институт');
    const attended = await addElement(academy.providerId, 'event', 90, 6);
    const shortStay = await addElement(academy.providerId, 'event', 120, 4);
    const mistyped = await addElement(academy.providerId, 'event', 60, 3);
    const elsewhere = await addElement(institute.providerId, 'event', 60, 2);
    const module = await addElement(academy.providerId, 'iom', null);
    await system.db.orm.em
      .fork()
      .execute(`insert into plan_items (id, cycle_id, element_id) values (?, ?, ?)`, [
        randomUUID(),
        cycleId,
        attended,
      ]);
    const codes = `/v1/me/cycles/${cycleId}/event-codes`;
    const enter = (elementId: string, code: string, token = anna.token, path = codes) =>
      api<CodeBody & ErrorBody>('POST', path, { token, body: { elementId, code } });

    // Entering codes.
    const first = await enter(attended, '  nmo-2025-0001 ');
    assert.equal(first.status, 201, JSON.stringify(first.body));
    assert.equal(first.body.status, 'pending_verification');
    assert.equal(first.body.code, 'NMO-2025-0001');
    assert.equal(first.body.rejection, null);
    assert.equal((await enter(shortStay, 'NMO-2025-0002')).status, 201);
    assert.equal((await enter(mistyped, 'NMO-2025-9999')).status, 201);
    assert.equal((await enter(elsewhere, 'INST-77')).status, 201);

    const duplicate = await enter(attended, 'NMO-2025-0003');
    assert.equal(duplicate.status, 409);
    assert.equal(duplicate.body.error.code, 'code_already_entered');
    const notEvent = await enter(module, 'X-1');
    assert.equal(notEvent.status, 422);
    assert.equal(notEvent.body.error.code, 'not_an_event');
    assert.deepEqual(
      notEvent.body.error.details?.fields?.map((f) => f.field),
      ['elementId'],
    );
    const unknownElement = await enter(randomUUID(), 'X-1');
    assert.equal(unknownElement.status, 422);
    assert.equal(unknownElement.body.error.code, 'unknown_element');
    const blank = await enter(attended, '   ');
    assert.equal(blank.status, 422);
    assert.deepEqual(
      blank.body.error.details?.fields?.map((f) => f.field),
      ['code'],
    );
    const noElement = await api<ErrorBody>('POST', codes, { token: anna.token, body: { code: 'X-1' } });
    assert.equal(noElement.status, 422);
    assert.deepEqual(
      noElement.body.error.details?.fields?.map((f) => f.field),
      ['elementId'],
    );
    const othersCycle = await enter(
      attended,
      'NMO-1',
      anna.token,
      `/v1/me/cycles/${borisCycle.cycleId}/event-codes`,
    );
    assert.equal(othersCycle.status, 404);
    assert.equal(
      (await enter(attended, 'NMO-1', anna.token, `/v1/me/cycles/${randomUUID()}/event-codes`)).status,
      404,
    );
    assert.equal((await api('POST', codes, { body: { elementId: attended, code: 'X' } })).status, 401);
    // A provider key is not a specialist's session.
    assert.equal((await enter(attended, 'X-1', academy.key)).status, 401);
    // Boris may use the same code text for the same event: codes are per person.
    const borisCode = await enter(
      attended,
      'NMO-2025-0001',
      boris.token,
      `/v1/me/cycles/${borisCycle.cycleId}/event-codes`,
    );
    assert.equal(borisCode.status, 201);

    // The provider reports attendance: its own events only.
    const attendance = (token: string, records: unknown[]) =>
      api<{
        created: number;
        updated: number;
        unchanged: number;
        invalid: { index: number; errors: { field: string }[] }[];
      }>('PUT', '/v1/providers/me/attendance', { token, body: { records } });
    const report = await attendance(academy.key, [
      { elementId: attended, code: 'nmo-2025-0001', specialistId: anna.specialistId, minutesAttended: 95 },
      { elementId: shortStay, code: 'NMO-2025-0002', specialistId: anna.specialistId, minutesAttended: 30 },
      { elementId: mistyped, code: 'NMO-2025-0009', specialistId: anna.specialistId, minutesAttended: 60 },
      { elementId: elsewhere, code: 'INST-77', specialistId: anna.specialistId, minutesAttended: 60 },
      { elementId: attended, code: 'NMO-2025-0001', specialistId: anna.specialistId, minutesAttended: 95 },
      { elementId: attended, code: 'B-1', specialistId: 'not-a-uuid', minutesAttended: -1 },
    ]);
    assert.equal(report.status, 200, JSON.stringify(report.body));
    assert.equal(report.body.created, 3);
    assert.equal(report.body.updated, 0);
    assert.deepEqual(
      report.body.invalid.map((r) => [r.index, r.errors.map((e) => e.field).sort()]),
      [
        [3, ['elementId']],
        [4, ['code']],
        [5, ['minutesAttended', 'specialistId']],
      ],
    );
    const again = await attendance(academy.key, [
      { elementId: shortStay, code: 'NMO-2025-0002', specialistId: anna.specialistId, minutesAttended: 35 },
      { elementId: attended, code: 'NMO-2025-0001', specialistId: anna.specialistId, minutesAttended: 95 },
    ]);
    assert.deepEqual(again.body, { created: 0, updated: 1, unchanged: 1, invalid: [] });
    assert.equal((await attendance(anna.token, [])).status, 422);
    assert.equal((await attendance(anna.token, [{}])).status, 403);
    assert.equal((await attendance(institute.key, [{ elementId: elsewhere }])).status, 200);

    // The operator triggers a run and follows it.
    const notOperator = await api('POST', '/v1/operator/verification-runs', { token: anna.token });
    assert.equal(notOperator.status, 403);
    const trigger = await api<{ runId: string; workflowId: string }>(
      'POST',
      '/v1/operator/verification-runs',
      {
        token: system.operatorToken,
      },
    );
    assert.equal(trigger.status, 202, JSON.stringify(trigger.body));
    assert.match(trigger.body.workflowId, /^event-code-verification\//);
    const run = await eventually(async () => {
      const res = await api<RunBody>('GET', `/v1/operator/verification-runs/${trigger.body.runId}`, {
        token: system.operatorToken,
      });
      assert.equal(res.status, 200);
      return res.body.finishedAt ? res.body : undefined;
    }, 'the run to finish');
    assert.deepEqual(
      { total: run.total, processed: run.processed, verified: run.verified, rejected: run.rejected },
      { total: 5, processed: 5, verified: 1, rejected: 4 },
    );
    assert.deepEqual(run.rejections, {
      unknown_code: 2,
      another_persons_code: 1,
      not_attended_long_enough: 1,
    });
    assert.equal(
      (await api('GET', `/v1/operator/verification-runs/${randomUUID()}`, { token: system.operatorToken }))
        .status,
      404,
    );
    assert.equal(
      (await api('GET', `/v1/operator/verification-runs/${trigger.body.runId}`, { token: anna.token }))
        .status,
      403,
    );

    // The specialist sees each outcome, rejections with the reason in Russian.
    const list = await api<{ items: CodeBody[]; nextCursor: string | null }>('GET', codes, {
      token: anna.token,
    });
    assert.equal(list.status, 200);
    const byElement = new Map(list.body.items.map((i) => [i.elementId, i]));
    assert.equal(byElement.get(attended)?.status, 'verified');
    assert.ok(byElement.get(attended)?.verifiedAt);
    assert.deepEqual(
      [shortStay, mistyped, elsewhere].map((id) => byElement.get(id)?.rejection?.code),
      ['not_attended_long_enough', 'unknown_code', 'unknown_code'],
    );
    assert.match(byElement.get(shortStay)!.rejection!.message, /меньше необходимого времени/);
    const [credit] = await system.db.orm.em
      .fork()
      .execute<{ credits: number; n: number }[]>(
        `select sum(credits)::int as credits, count(*)::int as n from credit_entries where cycle_id = ?`,
        [cycleId],
      );
    assert.deepEqual(credit, { credits: 6, n: 1 });
    const [plan] = await system.db.orm.em
      .fork()
      .execute<{ status: string }[]>('select status from plan_items where cycle_id = ? and element_id = ?', [
        cycleId,
        attended,
      ]);
    assert.equal(plan?.status, 'done');
    // Boris's code is the one the provider reported for Anna: not his.
    const borisList = await api<{ items: CodeBody[] }>(
      'GET',
      `/v1/me/cycles/${borisCycle.cycleId}/event-codes`,
      {
        token: boris.token,
      },
    );
    assert.equal(borisList.body.items[0]?.rejection?.code, 'another_persons_code');

    // Pages and the status filter.
    const rejected = await api<{ items: CodeBody[] }>('GET', `${codes}?status=rejected`, {
      token: anna.token,
    });
    assert.equal(rejected.body.items.length, 3);
    const page1 = await api<{ items: CodeBody[]; nextCursor: string }>('GET', `${codes}?limit=2`, {
      token: anna.token,
    });
    const page2 = await api<{ items: CodeBody[]; nextCursor: string | null }>(
      'GET',
      `${codes}?limit=2&cursor=${page1.body.nextCursor}`,
      { token: anna.token },
    );
    assert.equal(page2.body.nextCursor, null);
    assert.equal(new Set([...page1.body.items, ...page2.body.items].map((i) => i.id)).size, 4);
    assert.equal((await api('GET', `${codes}?cursor=nonsense`, { token: anna.token })).status, 400);
    assert.equal(
      (await api('GET', `/v1/me/cycles/${borisCycle.cycleId}/event-codes`, { token: anna.token })).status,
      404,
    );

    // A rejected code can be corrected: it waits for the next run again; a verified one cannot.
    const corrected = await enter(mistyped, 'NMO-2025-0009');
    assert.equal(corrected.status, 201);
    assert.equal(corrected.body.status, 'pending_verification');
    assert.equal(corrected.body.id, byElement.get(mistyped)?.id);
    assert.equal((await enter(attended, 'NMO-2025-0001')).status, 409);
  });
});
