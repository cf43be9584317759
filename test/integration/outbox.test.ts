// The one outbox (issue 5): queued messages go out once through SMTP or SMSC, are held outside the send
// window unless urgent, follow settings changes, and say why they wait or failed. All real: Temporal,
// PostgreSQL, the local SMTP catcher and SMSC server; only the activities' clock is the test's.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  insertOutboxMessages,
  queueMessage,
  startMessageDelivery,
  type OutgoingMessage,
} from '../../processes/outbox/queue.ts';
import { messageWorkflowId } from '../../workflows/ids.ts';
import type { MessageDeliveryOutcome, MessageDeliveryStatus } from '../../workflows/message-delivery.ts';
import { eventually, setUpOrganization } from '../support/flow.ts';
import type { HttpCall } from '../support/http.ts';
import { stepsAfterSignal } from '../support/history.ts';
import { moscowDateTime, todayAtUtc } from '../support/clock.ts';
import { startTestSystem, type TestSystem } from '../support/system.ts';

type MessageView = {
  id: string;
  channel: string;
  kind: string;
  status: string;
  urgent: boolean;
  recipient: string | null;
  notBefore: string | null;
  waitReason: string | null;
  failureReason: string | null;
  createdAt: string;
  sentAt: string | null;
  deliveredAt: string | null;
};

type Row = {
  status: string;
  body: string | null;
  html: string | null;
  subject: string | null;
  sealed_content: Buffer | null;
  not_before: Date | null;
  sent_at: Date | null;
};

// 23:00 in Moscow (UTC+3), the organization's zone; its default window is 09:00–21:00.
const AT_23_MOSCOW = todayAtUtc(20);
const AT_09_MOSCOW = todayAtUtc(6, 0, 1);

describe('the outbox', () => {
  let system: TestSystem;
  let now = AT_23_MOSCOW;
  let api: HttpCall;
  let orgId: string;
  let key: string;
  let counter = 0;

  before(async () => {
    system = await startTestSystem({ clock: () => now });
    ({ api, orgId, key } = await setUpOrganization(system));
  });
  after(async () => system?.close());

  const queue = (message: Partial<OutgoingMessage> & Pick<OutgoingMessage, 'to' | 'urgent'>) =>
    queueMessage(
      {
        em: system.db.orm.em.fork(),
        temporal: system.temporal,
        taskQueue: system.taskQueue,
        secret: system.secret,
      },
      {
        organizationId: orgId,
        kind: 'test_notice',
        channel: 'email',
        template: 'notice',
        data: { subject: `Уведомление ${++counter}`, paragraphs: ['Текст уведомления'] },
        ...message,
      },
    );
  const email = (name: string) => `${name}-${++counter}@romashka.ru`;
  const row = async (id: string): Promise<Row> => {
    const [r] = await system.db.orm.em
      .fork()
      .execute<Row[]>(
        'select status, body, html, subject, sealed_content, not_before, sent_at from outbox_messages where id = ?',
        [id],
      );
    assert.ok(r, `outbox row ${id}`);
    return r;
  };
  const message = async (id: string): Promise<MessageView> => {
    const list = await api<{ items: MessageView[] }>('GET', `/v1/organizations/${orgId}/messages?limit=500`, {
      token: key,
    });
    assert.equal(list.status, 200, JSON.stringify(list.body));
    const found = list.body.items.find((m) => m.id === id);
    assert.ok(found, `message ${id} in the list`);
    return found;
  };
  const waitForStatus = (id: string, status: string) =>
    eventually(async () => ((await row(id)).status === status ? true : undefined), `message ${id} ${status}`);
  const settings = (body: Record<string, unknown>) =>
    api('PUT', `/v1/organizations/${orgId}/notification-settings`, { token: key, body });

  it('an urgent secret e-mail at 23:00 goes at once, exactly once; its content is never stored in the clear', async () => {
    now = AT_23_MOSCOW;
    const to = email('code');
    const code = '493817';
    const { id, workflowId } = await queue({
      to,
      urgent: true,
      secret: true,
      kind: 'password_recovery',
      data: { subject: 'Код восстановления', paragraphs: [`Ваш код: ${code}`] },
    });
    assert.equal(workflowId, messageWorkflowId(id));
    assert.match(id, /^msg-/);

    const letter = await system.mail.waitForLetter(to);
    assert.match(letter.text, new RegExp(code));
    assert.equal(letter.subject, 'Код восстановления');
    assert.equal(letter.messageId, `<${id}@kabinet>`);
    await system.temporal.workflow.getHandle(workflowId).result();

    const stored = await row(id);
    assert.equal(stored.status, 'delivered');
    assert.equal(stored.sealed_content, null, 'sealed content erased once sent');
    assert.equal(stored.body, null);
    assert.equal(stored.html, null);
    assert.equal(stored.not_before, null);
    assert.equal(stored.sent_at && new Date(stored.sent_at).toISOString(), AT_23_MOSCOW.toISOString());
    assert.equal((await system.mail.letters(to)).length, 1);
    const view = await message(id);
    assert.equal(view.recipient, `c***@romashka.ru`);
    assert.equal(view.urgent, true);
  });

  it('a non-urgent message at 23:00 waits for 09:00 with a reason, sealed meanwhile, and goes out then', async () => {
    now = AT_23_MOSCOW;
    const to = email('held');
    const { id, workflowId } = await queue({
      to,
      urgent: false,
      secret: true,
      data: { subject: 'Ссылка', paragraphs: ['Секретная ссылка https://k.example/t/abc123'] },
    });
    const held = await eventually(async () => {
      const m = await message(id);
      return m.notBefore ? m : undefined;
    }, 'the message held');
    assert.equal(held.status, 'queued');
    assert.equal(held.notBefore, AT_09_MOSCOW.toISOString());
    const expectedReason = `outside the send window 09:00–21:00 Europe/Moscow; deferred to ${moscowDateTime(AT_09_MOSCOW)}`;
    assert.ok(held.waitReason?.includes(expectedReason), held.waitReason ?? 'no wait reason');
    const stored = await row(id);
    assert.ok(stored.sealed_content && stored.sealed_content.length > 28, 'sealed while it waits');
    assert.equal(stored.body, null);
    assert.ok(!JSON.stringify(stored).includes('abc123'));

    const handle = system.temporal.workflow.getHandle(workflowId);
    const status = await handle.query<MessageDeliveryStatus>('status');
    assert.equal(status.stage, 'waiting');
    assert.equal(status.notBefore, AT_09_MOSCOW.toISOString());
    const detail = await api<{ process: { stage: string; details?: string } | null }>(
      'GET',
      `/v1/organizations/${orgId}/messages/${id}`,
      { token: key },
    );
    assert.equal(detail.status, 200);
    assert.equal(detail.body.process?.stage, 'waiting');
    assert.match(detail.body.process?.details ?? '', /outside the send window/);
    assert.equal((await system.mail.letters(to)).length, 0);

    // A recheck before the window opens changes nothing: once the workflow has planned again and
    // decided, it has scheduled no send and gone back to waiting.
    await handle.signal('recheck');
    const replanned = await stepsAfterSignal(handle, 'recheck', 'planOutboxMessage');
    assert.deepEqual(replanned.activities, ['planOutboxMessage'], 'no send scheduled');
    assert.equal(replanned.timerStarted, true, 'waiting for the window again');
    assert.equal((await handle.query<MessageDeliveryStatus>('status')).stage, 'waiting');
    assert.equal((await row(id)).status, 'queued');
    assert.equal((await system.mail.letters(to)).length, 0);

    // Nothing is kept in the worker: a new one carries on.
    await system.restartWorker();
    now = AT_09_MOSCOW;
    await handle.signal('recheck');
    const letter = await system.mail.waitForLetter(to);
    assert.match(letter.text, /abc123/);
    await handle.result();
    const sent = await message(id);
    assert.equal(sent.status, 'delivered');
    assert.equal(sent.sentAt, AT_09_MOSCOW.toISOString());
    assert.equal(sent.notBefore, null);
    assert.equal(sent.waitReason, null);
    assert.equal((await row(id)).sealed_content, null);
  });

  it('an urgent SMS at 23:00 goes at once and is followed to delivery', async () => {
    now = AT_23_MOSCOW;
    const phone = '+79161234501';
    const { id, workflowId } = await queue({
      channel: 'sms',
      to: phone,
      urgent: true,
      secret: true,
      kind: 'registration_confirmation',
      template: 'invitation-code',
      data: { serviceName: 'Ромашка', code: '120934', url: 'http://localhost:3000/s/romashka' },
    });
    await system.temporal.workflow.getHandle(workflowId).result();
    const sms = system.smsc.outbox.list({ phone });
    assert.equal(sms.length, 1);
    assert.equal(sms[0]!.clientId, id);
    assert.match(sms[0]!.text, /120934/);
    const view = await message(id);
    assert.equal(view.status, 'delivered');
    assert.equal(view.sentAt, AT_23_MOSCOW.toISOString());
    assert.equal(view.notBefore, null);
    assert.equal(view.recipient, '+7916*****01');
  });

  it('settings changed while messages wait: a wider window, then deferral off, release them', async () => {
    now = AT_23_MOSCOW;
    const first = email('wider');
    const a = await queue({ to: first, urgent: false });
    await eventually(async () => ((await message(a.id)).notBefore ? true : undefined), 'first held');

    const widened = await settings({ sendWindowEnd: '23:30' });
    assert.equal(widened.status, 200, JSON.stringify(widened.body));
    await system.mail.waitForLetter(first);
    await waitForStatus(a.id, 'delivered');

    now = todayAtUtc(20, 45); // 23:45 Moscow, after the wider window closed
    const second = email('deferral-off');
    const b = await queue({ to: second, urgent: false });
    const held = await eventually(async () => {
      const m = await message(b.id);
      return m.notBefore ? m : undefined;
    }, 'second held');
    assert.match(held.waitReason ?? '', /09:00–23:30 Europe\/Moscow/);
    const off = await settings({ deferralEnabled: false });
    assert.equal(off.status, 200);
    await system.mail.waitForLetter(second);
    await waitForStatus(b.id, 'delivered');

    const restored = await settings({ deferralEnabled: true, sendWindowEnd: '21:00' });
    assert.equal(restored.status, 200);
  });

  it('SMTP 451 twice: retried, and in the end exactly one letter', async () => {
    now = AT_23_MOSCOW;
    const to = email('deferred-by-server');
    system.mail.faults.add({ reject: 2, code: 451 });
    const { id, workflowId } = await queue({ to, urgent: true });
    await system.temporal.workflow.getHandle(workflowId).result();
    const letters = await system.mail.letters(to);
    assert.equal(letters.length, 1);
    assert.equal(letters[0]!.messageId, `<${id}@kabinet>`);
    assert.equal((await row(id)).status, 'delivered');
    assert.equal(system.mail.faults.pending(), undefined);
  });

  it('SMTP 550: failed with the reason, nothing sent', async () => {
    const to = email('refused');
    system.mail.faults.add({ reject: 1, code: 550 });
    const { id, workflowId } = await queue({ to, urgent: true });
    const outcome = (await system.temporal.workflow.getHandle(workflowId).result()) as MessageDeliveryOutcome;
    assert.equal(outcome.status, 'failed');
    const view = await message(id);
    assert.equal(view.status, 'failed');
    assert.match(view.failureReason ?? '', /550/);
    assert.equal((await system.mail.letters(to)).length, 0);
  });

  it('SMSC permanent error: failed with the reason', async () => {
    const phone = '+79160000007'; // the local SMSC answers error 7 (bad number) for …0000007
    const { id, workflowId } = await queue({
      channel: 'sms',
      to: phone,
      urgent: true,
      template: 'invitation-code',
      data: { serviceName: 'Ромашка', code: '000111', url: 'http://localhost:3000/s/romashka' },
    });
    const outcome = (await system.temporal.workflow.getHandle(workflowId).result()) as MessageDeliveryOutcome;
    assert.equal(outcome.status, 'failed');
    const failed = await api<{ items: MessageView[] }>(
      'GET',
      `/v1/organizations/${orgId}/messages?status=failed&kind=test_notice`,
      { token: key },
    );
    const view = failed.body.items.find((m) => m.id === id);
    assert.ok(view);
    assert.match(view.failureReason ?? '', /SMSC 7/);
    assert.equal(system.smsc.outbox.list({ phone }).length, 0);
  });

  it('SMSC needs an operator (no money): the message waits visibly, and goes once it is fixed', async () => {
    const phone = '+79161234502';
    system.smsc.faults.add({ phone, errorCode: 3, times: 1 });
    const { id, workflowId } = await queue({
      channel: 'sms',
      to: phone,
      urgent: true,
      template: 'invitation-code',
      data: { serviceName: 'Ромашка', code: '222333', url: 'http://localhost:3000/s/romashka' },
    });
    const handle = system.temporal.workflow.getHandle(workflowId);
    const waiting = await eventually(async () => {
      const status = await handle.query<MessageDeliveryStatus>('status');
      return status.stage === 'waiting_for_provider' ? status : undefined;
    }, 'waiting for an operator');
    assert.match(waiting.waitReason ?? '', /SMSC 3/);
    const view = await message(id);
    assert.equal(view.status, 'queued');
    assert.match(view.waitReason ?? '', /SMSC 3/);
    assert.equal(system.smsc.outbox.list({ phone }).length, 0);

    // The operator topped up the account; a recheck tries at once instead of after a minute.
    await handle.signal('recheck');
    const outcome = (await handle.result()) as MessageDeliveryOutcome;
    assert.equal(outcome.status, 'delivered');
    assert.equal(system.smsc.outbox.list({ phone }).length, 1);
    assert.equal((await message(id)).waitReason, null);
  });

  it('queuing the same id twice sends once', async () => {
    now = AT_23_MOSCOW;
    const to = email('twice');
    const id = `msg-twice-${counter}`;
    const first = await queue({ id, to, urgent: true });
    const second = await queue({ id, to, urgent: true });
    assert.equal(first.workflowId, second.workflowId);
    await system.temporal.workflow.getHandle(first.workflowId).result();
    assert.equal((await system.mail.letters(to)).length, 1);
  });

  it('bulk rows: one set-based insert, existing ids kept, any text survives the array literal', async () => {
    now = AT_23_MOSCOW;
    const to = email('bulk');
    const tricky = 'Кавычки " и \\ обратная черта, {скобки}, запятые, NULL и перевод\nстроки';
    const rows = [1, 2, 3].map((n) => ({
      id: `msg-bulk-${counter}-${n}`,
      organizationId: orgId,
      kind: 'bulk_notice',
      channel: 'email' as const,
      to,
      subject: `Массовое ${n}`,
      text: `${tricky} ${n}`,
      html: n === 2 ? null : `<p>${n}</p>`,
      urgent: true,
      sourceKind: 'test_source',
      sourceId: `src-${counter}`,
    }));
    const em = system.db.orm.em.fork();
    assert.equal(await insertOutboxMessages(em, rows.slice(0, 2)), 2);
    assert.equal(await insertOutboxMessages(em, rows), 1, 'only the new row is inserted');
    assert.equal(await insertOutboxMessages(em, []), 0);
    const stored = await em.execute<
      { id: string; body: string; html: string | null; email: string; status: string }[]
    >(
      'select id, body, html, email, status from outbox_messages where source_kind = ? and source_id = ? order by id',
      ['test_source', `src-${counter}`],
    );
    assert.deepEqual(
      stored.map((r) => [r.id, r.body, r.html, r.email, r.status]),
      rows.map((r) => [r.id, r.text, r.html, to, 'queued']),
    );
    const workflowId = await startMessageDelivery(
      { temporal: system.temporal, taskQueue: system.taskQueue },
      { id: rows[1]!.id, organizationId: orgId, kind: 'bulk_notice' },
    );
    await system.temporal.workflow.getHandle(workflowId).result();
    const letter = await system.mail.waitForLetter(to);
    assert.equal(letter.text.trim(), `${tricky} 2`);
    assert.equal(letter.subject, 'Массовое 2');
  });

  it('lists messages newest first, page by page', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: { items: MessageView[]; nextCursor: string | null } } = await api(
        'GET',
        `/v1/organizations/${orgId}/messages?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        { token: key },
      );
      assert.equal(page.status, 200, JSON.stringify(page.body));
      seen.push(...page.body.items.map((m) => m.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    const [counted] = await system.db.orm.em
      .fork()
      .execute<{ count: string }[]>(
        'select count(*) as count from outbox_messages where organization_id = ?',
        [orgId],
      );
    assert.equal(seen.length, Number(counted?.count));
    assert.equal(new Set(seen).size, seen.length);
    const bad = await api('GET', `/v1/organizations/${orgId}/messages?cursor=nonsense`, { token: key });
    assert.equal(bad.status, 400);
  });
});
