// The worker is SIGKILLed in the middle of a bulk send, a new worker process takes over the task
// queue, and in the end every employee has received exactly one SMS, with a code that works.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { uniquePhone } from '../support/flow.ts';
import { addEmployees, PASSWORD, setUpActiveService, waitForBatch } from '../support/invitations.ts';
import { startTestSystem, type TestSystem } from '../support/system.ts';
import { startWorkerProcess, type WorkerProcess } from '../support/worker-process.ts';

const EMPLOYEES = 300;
/** The kill comes once the provider holds at least this many of the batch's messages. */
const KILL_AFTER_SENT = 60;

const digits = (phone: string) => phone.replace(/\D/g, '');

interface SmsRow {
  id: string;
  invitation_id: string;
  phone: string;
  status: string;
  failure_reason: string | null;
}

describe('worker crash during a bulk send', () => {
  let system: TestSystem | undefined;
  const workers: WorkerProcess[] = [];
  before(async () => {
    system = await startTestSystem({ inProcessWorker: false });
  });
  after(async () => {
    // Kill the worker processes first, even when the test failed half-way.
    await Promise.allSettled(workers.map((w) => w.destroy()));
    await system?.close();
  });

  it('SIGKILL mid-send, then a new worker: every employee gets exactly one SMS, and its code works', async (t) => {
    const sys = system!;
    const started = performance.now();
    const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;

    const first = await startWorkerProcess('worker-1', sys.workerEnv());
    workers.push(first);
    t.diagnostic(`worker-1 (pid ${first.pid}) started after ${elapsed()}`);

    const org = await setUpActiveService(sys, 'crash');
    const people = Array.from({ length: EMPLOYEES }, (_, i) => ({
      externalId: `K${i}`,
      phone: uniquePhone(),
    }));
    const ids = await addEmployees(sys, org, people);
    const employeeIds = people.map((p) => ids.get(p.externalId)!.id);
    const employeePhones = new Set(people.map((p) => digits(p.phone)));
    t.diagnostic(`service active, ${EMPLOYEES} employees added after ${elapsed()}`);
    const batchOutbox = () => sys.smsc.outbox.list().filter((m) => employeePhones.has(digits(m.phone)));

    // A slow provider: each person's first send waits 1–3 s at SMSC, so about a hundred sends
    // (the worker's activity slots) are in flight at any moment and the bulk takes several seconds.
    for (const p of people)
      sys.smsc.faults.add({ phone: p.phone, delayMs: 1_000 + Math.floor(Math.random() * 2_000) });

    const post = await org.api<{ batchId: string; total: number }>(
      'POST',
      `/v1/organizations/${org.orgId}/invitations`,
      { token: org.key, body: { employeeIds } },
    );
    assert.equal(post.status, 202, JSON.stringify(post.body));
    const batchId = post.body.batchId;

    // Kill once the batch page has started every invitation process and part of the SMS are out.
    let atKill = -1;
    const deadline = Date.now() + 90_000;
    while (atKill < 0) {
      const pageDone = first.messages().includes('batch page invited');
      if (pageDone && batchOutbox().length >= KILL_AFTER_SENT) {
        first.kill('SIGKILL');
        atKill = batchOutbox().length; // same tick as the kill: nothing can have arrived since
      } else {
        assert.ok(Date.now() < deadline, `no kill point reached; worker-1 said:\n${first.tail()}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    }
    const death = await first.exited;
    assert.equal(death.signal, 'SIGKILL', 'worker-1 died of SIGKILL');
    t.diagnostic(`worker-1 killed after ${elapsed()} with ${atKill}/${EMPLOYEES} SMS at the provider`);
    assert.ok(atKill > 0 && atKill < EMPLOYEES, `killed mid-send: ${atKill} of ${EMPLOYEES} sent`);

    // The dead worker writes nothing more: this is the outbox table as the crash left it.
    const em = sys.db.orm.em.fork();
    const batchSms = () =>
      em.execute<SmsRow[]>(
        `select m.id, m.invitation_id, m.phone, m.status, m.failure_reason
         from outbox_messages m join invitations i on i.id = m.invitation_id where i.batch_id = ?`,
        [batchId],
      );
    const rowsAtKill = await batchSms();
    const sendingAtKill = rowsAtKill.filter((r) => r.status === 'sending');
    const acceptedAtKill = rowsAtKill.filter((r) => r.status === 'sent' || r.status === 'delivered');
    const untouchedAtKill = EMPLOYEES - new Set(rowsAtKill.map((r) => r.invitation_id)).size;
    t.diagnostic(
      `at the kill: ${acceptedAtKill.length} recorded sent, ${sendingAtKill.length} in flight, ${untouchedAtKill} not begun`,
    );
    assert.ok(
      sendingAtKill.length > 0,
      'some SMS were in flight (outbox rows "sending") when the worker died',
    );
    assert.ok(untouchedAtKill > 0, 'some invitations had not begun sending when the worker died');

    // And the provider's status.php fails once for half of those: when the retried send cannot learn
    // whether its message arrived, it must ask again later, not send a second code.
    const statusDown = sendingAtKill.filter((_, i) => i % 2 === 0);
    for (const r of statusDown) sys.smsc.faults.add({ on: 'status', phone: r.phone, httpStatus: 503 });

    const second = await startWorkerProcess('worker-2', sys.workerEnv());
    workers.push(second);
    t.diagnostic(`worker-2 (pid ${second.pid}) started after ${elapsed()}`);

    let allSentAt = '';
    const done = await waitForBatch(
      sys,
      org,
      batchId,
      (p) => {
        if (!allSentAt && p.pending === 0) allSentAt = elapsed();
        return p.done && p.delivered === EMPLOYEES;
      },
      // Redelivery waits for the killed attempts' 30 s start-to-close timeout; a busy machine adds more.
      120_000,
    ).catch((err: unknown) => {
      throw new Error(`${String(err)}\nworker-2 said:\n${second.tail()}`);
    });
    t.diagnostic(`every SMS handed over after ${allSentAt}, all delivered after ${elapsed()}`);
    assert.equal(done.total, EMPLOYEES);
    assert.equal(done.rejected, 0);
    assert.equal(done.failed, 0);

    // What the people see: exactly one SMS each, nothing more.
    const outbox = sys.smsc.outbox.list();
    const perPhone = new Map<string, number>();
    for (const m of outbox) perPhone.set(digits(m.phone), (perPhone.get(digits(m.phone)) ?? 0) + 1);
    const notOne = [...employeePhones]
      .map((phone) => ({ phone, sms: perPhone.get(phone) ?? 0 }))
      .filter((x) => x.sms !== 1);
    assert.equal(
      notOne.length,
      0,
      `every employee has exactly one SMS; not so for ${notOne.length}, e.g. ${JSON.stringify(notOne.slice(0, 5))}`,
    );
    assert.equal(batchOutbox().length, EMPLOYEES, 'the provider got one SMS per employee');
    assert.equal(outbox.length, EMPLOYEES + 1, 'and nothing else but the administrator’s code');

    // Our outbox table: one accepted message per invitation, the very one the provider holds.
    const rows = await batchSms();
    const providerIds = new Set(outbox.map((m) => m.clientId));
    const accepted = rows.filter((r) => r.status === 'sent' || r.status === 'delivered');
    const acceptedPer = new Map<string, number>();
    for (const r of accepted) acceptedPer.set(r.invitation_id, (acceptedPer.get(r.invitation_id) ?? 0) + 1);
    assert.equal(acceptedPer.size, EMPLOYEES, 'every invitation has an accepted message');
    assert.deepEqual(
      [...acceptedPer].filter(([, n]) => n !== 1),
      [],
      'no invitation has two accepted messages',
    );
    assert.ok(
      accepted.every((r) => providerIds.has(r.id)),
      'each accepted row is the message the provider holds',
    );
    const others = rows.filter((r) => r.status !== 'sent' && r.status !== 'delivered');
    // A send the provider never got may be superseded by a new code; nothing else may be left over.
    assert.deepEqual(
      others.filter((r) => r.status !== 'failed' || r.failure_reason !== 'not accepted by the provider'),
      [],
      'no message left sending or failed for another reason',
    );
    assert.deepEqual(
      others.filter((r) => providerIds.has(r.id)).map((r) => r.id),
      [],
      'a message marked "not accepted" really never reached the provider',
    );
    // The in-flight sends the provider completed after the worker had died: recovered by asking
    // the provider (status.php), not by sending again.
    const recovered = sendingAtKill.filter((r) => providerIds.has(r.id));
    t.diagnostic(
      `${recovered.length} in-flight SMS reached the provider after the crash; ${others.length} superseded`,
    );
    assert.ok(recovered.length > 0, 'some SMS reached the provider while no worker was alive');

    const pending = (await (await fetch(`${sys.smsc.url}/_outbox/faults`)).json()) as {
      faults: { on: string }[];
    };
    assert.deepEqual(
      pending.faults.filter((f) => f.on === 'status'),
      [],
      'every retried send met the failing status.php once',
    );

    // Each kind of survivor can activate with the code from their single SMS.
    const sample = [
      ...acceptedAtKill.slice(0, 2),
      ...recovered.slice(0, 2),
      ...accepted.filter((r) => !rowsAtKill.some((k) => k.invitation_id === r.invitation_id)).slice(0, 2),
    ];
    assert.equal(sample.length, 6, 'two of each: sent before, in flight at, and begun after the crash');
    for (const row of sample) {
      const phone = row.phone;
      const [sms] = sys.smsc.outbox.list({ phone });
      const code = /\b(\d{6})\b/.exec(sms?.text ?? '')?.[1];
      assert.ok(code, `a code in the SMS to ${phone}`);
      const activated = await org.api('POST', '/v1/activation', {
        body: { phone, code, password: PASSWORD },
      });
      assert.equal(activated.status, 200, `${phone}: ${JSON.stringify(activated.body)}`);
    }
    t.diagnostic(`finished after ${elapsed()}`);
  });
});
