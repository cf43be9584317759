// Payslip publication end to end, all real: the API stores the payslips, the publication workflow
// notifies each employee once through the one outbox (the local SMSC server and SMTP catcher), within
// the send window of a controllable clock, reminds those who have not acknowledged, and the
// employee and manager APIs read and acknowledge.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { shortPayslipId } from '../../domain/payslip.ts';
import { smsSegments } from '../../integrations/smsc/client.ts';
import { eventually, uniquePhone } from '../support/flow.ts';
import { setUpActiveService } from '../support/invitations.ts';
import {
  employeeSession,
  publish,
  putEmployees,
  sampleLines,
  saveNotificationSettings,
  totals,
  waitForTotals,
} from '../support/payslips.ts';
import { todayAtUtc } from '../support/clock.ts';
import { startTestSystem, type TestSystem } from '../support/system.ts';

// Midday in Moscow: inside the default 09:00–21:00 window whatever the real time is.
const MIDDAY_MSK = todayAtUtc(9);
const LATE_EVENING_MSK = todayAtUtc(20); // 23:00 Moscow
const NEXT_MORNING_MSK = todayAtUtc(6, 0, 1); // 09:00 Moscow
let clockNow = MIDDAY_MSK;
let slugs = 0;

const smsTo = (system: TestSystem, phone: string) => system.smsc.outbox.list({ phone });

describe('payslip publication', () => {
  let system: TestSystem;
  before(async () => {
    // A reminder "day" of 3 seconds.
    system = await startTestSystem({ clock: () => clockNow, payslipReminderDayMs: 3000 });
  });
  after(async () => system?.close());

  async function activeOrg() {
    clockNow = MIDDAY_MSK;
    return setUpActiveService(system, `payslips-${process.pid}-${++slugs}`);
  }

  it('notifies each employee exactly once (SMS, else e-mail, else no contacts), totals, open and acknowledge', async () => {
    const org = await activeOrg();
    const phones = { p1: uniquePhone(), p2: uniquePhone() };
    const ids = await putEmployees(org, [
      { externalId: 'P1', fullName: 'Иванов Иван Иванович', phone: phones.p1, email: 'p1@romashka.ru' },
      { externalId: 'P2', phone: phones.p2 },
      { externalId: 'E1', email: 'e1@romashka.ru' },
      { externalId: 'N1' },
    ]);
    const accepted = await publish(org, {
      period: '2026-02',
      payslips: [
        { externalId: 'P1', lines: sampleLines(), net: 57_000.43 },
        { employeeId: ids.get('P2'), lines: sampleLines(70_000) },
        { externalId: 'E1', lines: sampleLines(60_000) },
        { externalId: 'N1', lines: sampleLines(50_000) },
        { externalId: 'NOBODY', lines: sampleLines() },
      ],
    });
    assert.equal(accepted.status, 202, JSON.stringify(accepted.body));
    assert.equal(accepted.body.total, 4);
    assert.equal(accepted.body.workflowId, `payslip-publication/${accepted.body.publicationId}`);
    assert.deepEqual(accepted.body.unknown, [{ index: 4, externalId: 'NOBODY' }]);
    const publicationId = accepted.body.publicationId;

    const done = await waitForTotals(org, publicationId, (t) => t.done, 'the publication done');
    assert.equal(done.status, 'done');
    assert.deepEqual(
      {
        total: done.total,
        queued: done.queued,
        sent: done.sent,
        delivered: done.delivered,
        failed: done.failed,
      },
      { total: 4, queued: 0, sent: 3, delivered: 3, failed: 1 },
    );
    assert.equal(done.noContacts, 1);
    assert.equal(done.reminded, 0, 'reminders are off by default');

    // Exactly one notification each, on the right channel, with a link to the payslip page and no secrets.
    const em = system.db.orm.em.fork();
    const payslips = await em.execute<{ id: string; external_id: string }[]>(
      `select p.id, e.external_id from payslips p join employees e on e.id = p.employee_id where p.publication_id = ?`,
      [publicationId],
    );
    const payslipOf = new Map(payslips.map((p) => [p.external_id, p.id]));
    for (const [key, phone] of [
      ['P1', phones.p1],
      ['P2', phones.p2],
    ] as const) {
      const sms = smsTo(system, phone);
      assert.equal(sms.length, 1, `${key}: ${sms.length} SMS`);
      assert.match(sms[0]!.text, /расчётный листок за февраль 2026/);
      const short = `/p/${shortPayslipId(payslipOf.get(key)!)}`;
      assert.ok(sms[0]!.text.endsWith(`localhost:3000${short}`), sms[0]!.text);
      assert.ok(smsSegments(sms[0]!.text).segments <= 2, sms[0]!.text);
      // The short link leads to the payslip page.
      const link = await fetch(`${system.baseUrl}${short}`, { redirect: 'manual' });
      assert.equal(link.status, 303);
      assert.equal(link.headers.get('location'), `/payslips/${payslipOf.get(key)}`);
    }
    assert.equal((await system.mail.letters('p1@romashka.ru')).length, 0, 'a phone wins over the e-mail');
    const letters = await system.mail.letters('e1@romashka.ru');
    assert.equal(letters.length, 1);
    assert.equal(letters[0]!.subject, 'Расчётный листок за февраль 2026');
    assert.ok(letters[0]!.text.includes(`/payslips/${payslipOf.get('E1')}`));
    const [outbox] = await em.execute<{ n: number; ids: string[] }[]>(
      `select count(*)::int as n, array_agg(id order by id) as ids from outbox_messages
       where source_kind = 'payslip_publication' and source_id = ?`,
      [publicationId],
    );
    assert.equal(outbox!.n, 3);
    assert.ok(
      outbox!.ids.every((id) => /^payslip-[0-9a-f-]{36}-n0$/.test(id)),
      outbox!.ids.join(),
    );

    // The employee reads it: opened, then "Ознакомлен" (twice: the first counts).
    const p1 = await employeeSession(system, ids.get('P1')!);
    const list = await org.api<{ items: { id: string; period: string; acknowledgedAt: string | null }[] }>(
      'GET',
      '/v1/me/payslips',
      { token: p1.token },
    );
    assert.equal(list.status, 200);
    assert.deepEqual(
      list.body.items.map((i) => [i.id, i.period, i.acknowledgedAt]),
      [[payslipOf.get('P1'), '2026-02', null]],
    );
    const opened = await org.api<{
      lines: unknown[];
      totals: Record<string, number>;
      openedAt: string | null;
    }>('GET', `/v1/me/payslips/${payslipOf.get('P1')}`, { token: p1.token });
    assert.equal(opened.status, 200);
    assert.equal(opened.body.lines.length, 4);
    assert.deepEqual(opened.body.totals, {
      accrued: 100_000.5,
      deducted: 13_000.07,
      paid: 30_000,
      net: 57_000.43,
    });
    assert.ok(opened.body.openedAt);
    assert.equal((await totals(org, publicationId)).opened, 1);
    assert.equal((await totals(org, publicationId)).acknowledged, 0);

    const first = await org.api<{ acknowledgedAt: string }>(
      'POST',
      `/v1/me/payslips/${payslipOf.get('P1')}/acknowledge`,
      { token: p1.token },
    );
    assert.equal(first.status, 200);
    const again = await org.api<{ acknowledgedAt: string }>(
      'POST',
      `/v1/me/payslips/${payslipOf.get('P1')}/acknowledge`,
      { token: p1.token },
    );
    assert.equal(again.body.acknowledgedAt, first.body.acknowledgedAt);
    const after = await totals(org, publicationId);
    assert.deepEqual([after.opened, after.acknowledged], [1, 1]);

    // Someone else's payslip does not exist for this employee.
    for (const [method, path] of [
      ['GET', `/v1/me/payslips/${payslipOf.get('P2')}`],
      ['POST', `/v1/me/payslips/${payslipOf.get('P2')}/acknowledge`],
    ] as const) {
      assert.equal((await org.api(method, path, { token: p1.token })).status, 404, path);
    }
    assert.equal((await totals(org, publicationId)).acknowledged, 1);

    // The admin's list of publications.
    const publications = await org.api<{ items: { publicationId: string; total: number }[] }>(
      'GET',
      `/v1/organizations/${org.orgId}/payslips/publications`,
      { token: org.key },
    );
    assert.deepEqual(
      publications.body.items.map((p) => [p.publicationId, p.total]),
      [[publicationId, 4]],
    );
  });

  it('validates every row (422 naming the index and field) and accepts 10,000 payslips at once', async () => {
    const org = await activeOrg();
    await putEmployees(org, [{ externalId: 'V1' }, { externalId: 'V2' }]);
    const invalid = await publish(org, {
      period: '2026-02',
      payslips: [
        { externalId: 'V1', lines: sampleLines() },
        { externalId: 'V2', lines: [{ kind: 'bonus', name: 'Премия', amount: 1 }] },
        { externalId: 'V1', lines: sampleLines() },
        { externalId: 'V2', employeeId: '6f1c1b8e-4a43-4b4e-9d38-1d1f3d3f3f3f', lines: sampleLines() },
        { externalId: 'V2', lines: [{ kind: 'accrual', name: 'Оклад', amount: 'много' }] },
      ],
    });
    assert.equal(invalid.status, 422, JSON.stringify(invalid.body));
    const details = (
      invalid.body as unknown as {
        error: { details: { fields: { index: number; field: string }[]; invalidCount: number } };
      }
    ).error.details;
    const fields = details.fields.map((f) => f.field);
    assert.ok(fields.includes('payslips.1.lines.0.kind'), fields.join());
    assert.ok(fields.includes('payslips.2.externalId'), fields.join());
    assert.ok(fields.includes('payslips.3.employeeId'), fields.join());
    assert.ok(fields.includes('payslips.4.lines.0.amount'), fields.join());
    assert.equal(details.invalidCount, 4);

    // A retried call with the same Idempotency-Key publishes once.
    const once = { period: '2026-02', payslips: [{ externalId: 'V1', lines: sampleLines() }] };
    const headers = { 'idempotency-key': `payslips-${org.orgId}` };
    const first = await org.api<{ publicationId: string }>(
      'POST',
      `/v1/organizations/${org.orgId}/payslips/publications`,
      { token: org.key, body: once, headers },
    );
    const retried = await org.api<{ publicationId: string }>(
      'POST',
      `/v1/organizations/${org.orgId}/payslips/publications`,
      { token: org.key, body: once, headers },
    );
    assert.deepEqual([first.status, retried.status], [202, 202]);
    assert.equal(retried.body.publicationId, first.body.publicationId);
    assert.equal(retried.headers.get('idempotent-replayed'), 'true');

    const badPeriod = await publish(org, {
      period: '2026-13',
      payslips: [{ externalId: 'V1', lines: sampleLines() }],
    });
    assert.equal(badPeriod.status, 422);
    assert.match(JSON.stringify(badPeriod.body), /"field":"period"/);
    const nobody = await publish(org, {
      period: '2026-02',
      payslips: [{ externalId: 'X', lines: sampleLines() }],
    });
    assert.equal(nobody.status, 422);
    assert.match(JSON.stringify(nobody.body), /no_known_employees/);
    const tooMany = await publish(org, {
      period: '2026-02',
      payslips: Array.from({ length: 10_001 }, (_, i) => ({ externalId: `B${i}`, lines: sampleLines() })),
    });
    assert.equal(tooMany.status, 422);

    // 10,000 employees without contacts: stored in one call, each recorded as not reachable.
    const bulk = Array.from({ length: 10_000 }, (_, i) => ({ externalId: `B${i}` }));
    await putEmployees(org, bulk);
    const started = performance.now();
    const accepted = await publish(org, {
      period: '2026-02',
      payslips: bulk.map((e, i) => ({ externalId: e.externalId, lines: sampleLines(50_000 + i) })),
    });
    const ms = performance.now() - started;
    assert.equal(accepted.status, 202, JSON.stringify(accepted.body).slice(0, 500));
    assert.equal(accepted.body.total, 10_000);
    console.log(`# publish POST of 10,000 payslips: ${ms.toFixed(0)} ms`);
    const done = await waitForTotals(
      org,
      accepted.body.publicationId,
      (t) => t.done,
      'the bulk publication done',
      120_000,
    );
    assert.deepEqual([done.total, done.failed, done.noContacts, done.sent], [10_000, 10_000, 10_000, 0]);
  });

  it('reminds those who have not acknowledged, round by round, and stops for each who acknowledges', async () => {
    const org = await activeOrg();
    await saveNotificationSettings(system, org.orgId, {
      payslipRemindersEnabled: true,
      reminderDelayDays: 1,
      reminderMaxCount: 3,
    });
    const phones = { a: uniquePhone(), b: uniquePhone(), c: uniquePhone() };
    const ids = await putEmployees(org, [
      { externalId: 'A', phone: phones.a },
      { externalId: 'B', phone: phones.b },
      { externalId: 'C', phone: phones.c },
    ]);
    const accepted = await publish(org, {
      period: '2026-01',
      payslips: ['A', 'B', 'C'].map((externalId) => ({ externalId, lines: sampleLines() })),
    });
    assert.equal(accepted.status, 202);
    const sessions = {
      a: await employeeSession(system, ids.get('A')!),
      b: await employeeSession(system, ids.get('B')!),
    };
    const mine = async (who: 'a' | 'b') =>
      (await org.api<{ items: { id: string }[] }>('GET', '/v1/me/payslips', { token: sessions[who].token }))
        .body;

    // A acknowledges as soon as the first SMS arrives; B after the first reminder; C never.
    await eventually(
      () => Promise.resolve(smsTo(system, phones.a).length > 0 ? true : undefined),
      'the first SMS to A',
    );
    const aPayslip = (await mine('a')).items[0]!.id;
    assert.equal(
      (await org.api('POST', `/v1/me/payslips/${aPayslip}/acknowledge`, { token: sessions.a.token })).status,
      200,
    );
    await eventually(
      () => Promise.resolve(smsTo(system, phones.b).length >= 2 ? true : undefined),
      'the first reminder to B',
    );
    const bPayslip = (await mine('b')).items[0]!.id;
    assert.equal(
      (await org.api('POST', `/v1/me/payslips/${bPayslip}/acknowledge`, { token: sessions.b.token })).status,
      200,
    );

    const done = await waitForTotals(
      org,
      accepted.body.publicationId,
      (t) => t.done,
      'the reminders finished',
      90_000,
    );
    assert.deepEqual(
      [smsTo(system, phones.a).length, smsTo(system, phones.b).length, smsTo(system, phones.c).length],
      [1, 2, 4],
    );
    assert.match(smsTo(system, phones.c).at(-1)!.text, /напоминаем — расчётный листок за январь 2026/);
    assert.deepEqual([done.reminded, done.reminders, done.acknowledged, done.sent], [2, 4, 2, 3]);
  });

  it('holds notifications outside the send window, and settings changed mid-publication apply to what is unsent', async () => {
    const org = await activeOrg();
    await saveNotificationSettings(system, org.orgId, {
      payslipRemindersEnabled: true,
      reminderDelayDays: 30,
      reminderMaxCount: 2,
    });
    const phones = { a: uniquePhone(), b: uniquePhone() };
    await putEmployees(org, [
      { externalId: 'W1', phone: phones.a },
      { externalId: 'W2', phone: phones.b },
    ]);
    clockNow = LATE_EVENING_MSK;
    const accepted = await publish(org, {
      period: '2026-03',
      payslips: ['W1', 'W2'].map((externalId) => ({ externalId, lines: sampleLines() })),
    });
    assert.equal(accepted.status, 202);
    const publicationId = accepted.body.publicationId;
    const em = system.db.orm.em.fork();
    const waiting = await eventually(async () => {
      const rows = await em.execute<
        { status: string; not_before: Date | null; wait_reason: string | null }[]
      >(`select status, not_before, wait_reason from outbox_messages where source_id = ?`, [publicationId]);
      return rows.length === 2 && rows.every((r) => r.not_before) ? rows : undefined;
    }, 'the notifications held for the window');
    for (const row of waiting) {
      assert.equal(row.status, 'queued');
      assert.equal(new Date(row.not_before!).toISOString(), NEXT_MORNING_MSK.toISOString());
      assert.match(row.wait_reason ?? '', /09:00/);
    }
    assert.equal((await totals(org, publicationId)).queued, 2);
    assert.equal(smsTo(system, phones.a).length + smsTo(system, phones.b).length, 0);

    // Deferral turned off while they wait: they go at once.
    const off = await org.api('PUT', `/v1/organizations/${org.orgId}/notification-settings`, {
      token: org.key,
      body: { deferralEnabled: false },
    });
    assert.equal(off.status, 200, JSON.stringify(off.body));
    await waitForTotals(org, publicationId, (t) => t.sent === 2, 'the held notifications sent');
    assert.deepEqual([smsTo(system, phones.a).length, smsTo(system, phones.b).length], [1, 1]);

    // Reminders turned off while the process waits to remind: it ends without reminding anyone.
    const noReminders = await org.api('PUT', `/v1/organizations/${org.orgId}/notification-settings`, {
      token: org.key,
      body: { payslipRemindersEnabled: false },
    });
    assert.equal(noReminders.status, 200, JSON.stringify(noReminders.body));
    const done = await waitForTotals(org, publicationId, (t) => t.done, 'the publication ended');
    assert.equal(done.reminders, 0);
    assert.deepEqual([smsTo(system, phones.a).length, smsTo(system, phones.b).length], [1, 1]);
  });

  it('shows a manager exactly their own direct reports who have not acknowledged, only when enabled', async () => {
    const org = await activeOrg();
    const ids = await putEmployees(org, [
      { externalId: 'M1', fullName: 'Руководитель Первый', managerExternalId: 'BOSS' },
      { externalId: 'M2', fullName: 'Руководитель Второй' },
      { externalId: 'R1', fullName: 'Алексеев Алексей', managerExternalId: 'M1' },
      { externalId: 'R2', fullName: 'Борисов Борис', managerExternalId: 'M1', department: 'Бухгалтерия' },
      { externalId: 'R3', fullName: 'Васильев Василий', managerExternalId: 'M2' },
      { externalId: 'R4', fullName: 'Григорьев Григорий', managerExternalId: 'R1' },
    ]);
    const accepted = await publish(org, {
      period: '2026-02',
      payslips: ['M1', 'M2', 'R1', 'R2', 'R3', 'R4'].map((externalId) => ({
        externalId,
        lines: sampleLines(),
      })),
    });
    assert.equal(accepted.status, 202);
    const publicationId = accepted.body.publicationId;
    await waitForTotals(org, publicationId, (t) => t.status !== 'publishing', 'the payslips stored');
    const r1 = await employeeSession(system, ids.get('R1')!);
    const r1Payslip = (
      await org.api<{ items: { id: string }[] }>('GET', '/v1/me/payslips', { token: r1.token })
    ).body.items[0]!.id;
    await org.api('POST', `/v1/me/payslips/${r1Payslip}/acknowledge`, { token: r1.token });

    const m1 = await employeeSession(system, ids.get('M1')!);
    const m2 = await employeeSession(system, ids.get('M2')!);
    const unread = (token: string, query = `?publicationId=${publicationId}`) =>
      org.api<{
        teamTotal: number;
        items: { fullName: string; department: string | null }[];
        error?: { code: string };
      }>('GET', `/v1/me/team/unread-payslips${query}`, { token });

    const disabled = await unread(m1.token);
    assert.equal(disabled.status, 403);
    assert.equal(disabled.body.error?.code, 'feature_disabled');

    await saveNotificationSettings(system, org.orgId, { managersSeeUnread: true });
    const first = await unread(m1.token);
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.equal(first.body.teamTotal, 2, 'R1 and R2 report to M1 (R4 reports to R1, R3 to M2)');
    assert.deepEqual(
      first.body.items.map((i) => [i.fullName, i.department]),
      [['Борисов Борис', 'Бухгалтерия']],
    );
    const second = await unread(m2.token, '');
    assert.deepEqual(
      second.body.items.map((i) => i.fullName),
      ['Васильев Василий'],
    );
    // R1 manages R4 only.
    assert.deepEqual(
      (await unread(r1.token)).body.items.map((i) => i.fullName),
      ['Григорьев Григорий'],
    );
    // Another organization's publication is not there for this manager.
    const other = await activeOrg();
    await putEmployees(other, [{ externalId: 'R9', managerExternalId: 'M1' }]);
    const foreign = await publish(other, {
      period: '2026-02',
      payslips: [{ externalId: 'R9', lines: sampleLines() }],
    });
    assert.equal(foreign.status, 202);
    assert.equal((await unread(m1.token, `?publicationId=${foreign.body.publicationId}`)).status, 404);
  });

  it('a worker restart mid-publication still sends exactly one notification each', async () => {
    const org = await activeOrg();
    const people = Array.from({ length: 150 }, (_, i) => ({ externalId: `K${i}`, phone: uniquePhone() }));
    await putEmployees(org, people);
    const accepted = await publish(org, {
      period: '2026-02',
      payslips: people.map((p) => ({ externalId: p.externalId, lines: sampleLines() })),
    });
    assert.equal(accepted.status, 202);
    const phones = new Set(people.map((p) => p.phone));
    const delivered = () => system.smsc.outbox.list().filter((m) => phones.has(m.phone)).length;
    await eventually(
      () => Promise.resolve(delivered() > 0 ? true : undefined),
      'the first notifications sent',
      60_000,
    );
    await system.restartWorker();
    const done = await waitForTotals(
      org,
      accepted.body.publicationId,
      (t) => t.done,
      'the publication done',
      120_000,
    );
    assert.equal(done.sent, 150);
    for (const person of people) assert.equal(smsTo(system, person.phone).length, 1, person.externalId);
  });
});
