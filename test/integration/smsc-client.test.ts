// The real SMSC client against the real local SMSC-compatible server, over HTTP.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createSmscClient, SmscError } from '../../integrations/smsc/client.ts';
import type { SmscClient, SmscErrorCode, SmscErrorKind } from '../../integrations/smsc/client.ts';
import { startSmscServer } from '../../dev/smsc-server.ts';
import type { OutboxItem, RunningSmscServer } from '../../dev/smsc-server.ts';

const LOGIN = 'kabinet';
const PASSWORD = 'Pa55-w0rd-secret';
const SECRET_TEXT = 'Ваш код активации 918273';

let server: RunningSmscServer;
let client: SmscClient;
let nextPhone = 1;
let nextId = 1;

// Ordinary numbers, unique per test, never in the reserved …0000NNN range.
const freshPhone = () => `+7912345${String(nextPhone++).padStart(4, '0')}`;
const freshId = () => `msg-${process.pid}-${nextId++}`;
const reservedPhone = (suffix: string) => `+7999${suffix}`;

async function outbox(query = ''): Promise<OutboxItem[]> {
  const response = await fetch(`${server.url}/_outbox${query}`);
  assert.equal(response.status, 200);
  return ((await response.json()) as { items: OutboxItem[] }).items;
}

async function injectFault(fault: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${server.url}/_outbox/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(fault),
  });
  assert.equal(response.status, 201);
}

/** Awaits an SmscError with that code and kind, and checks it leaks neither the password nor the text. */
async function expectSmscError(promise: Promise<unknown>, code: SmscErrorCode, kind: SmscErrorKind) {
  const error = await promise.then(
    () => assert.fail(`expected SmscError ${code}`),
    (e: unknown) => e,
  );
  assert.ok(error instanceof SmscError, `not an SmscError: ${String(error)}`);
  assert.equal(error.code, code);
  assert.equal(error.kind, kind);
  assert.match(error.reason, /[а-яА-Я]/, 'reason has a Russian part');
  assert.match(error.reason, /[a-zA-Z]{3}/, 'reason has an English part');
  const everything = [
    error.message,
    error.reason,
    error.stack ?? '',
    JSON.stringify(error),
    String(error),
  ].join('\n');
  assert.ok(!everything.includes(PASSWORD), 'error leaks the password');
  assert.ok(!everything.includes(SECRET_TEXT), 'error leaks the message text');
  assert.ok(!everything.includes('918273'), 'error leaks the code');
  return error;
}

before(async () => {
  server = await startSmscServer({ port: 0, login: LOGIN, password: PASSWORD, deliveryDelayMs: 150 });
  client = createSmscClient({ baseUrl: server.url, login: LOGIN, password: PASSWORD, sender: 'Kabinet' });
});

after(async () => {
  await server.close();
});

describe('send', () => {
  it('is accepted and lands in the outbox with our id, text, sender and part count', async () => {
    const phone = freshPhone();
    const id = freshId();
    const text = 'Приглашение в личный кабинет: '.padEnd(71, 'ж'); // 71 Cyrillic characters: 2 parts
    const result = await client.send({ id, phone, text });

    assert.equal(result.parts, 2);
    assert.match(result.providerId, /^\d+$/);
    assert.equal(result.cost, 5);
    assert.equal(typeof result.balance, 'number');

    const items = await outbox(`?phone=${encodeURIComponent(phone)}`);
    assert.equal(items.length, 1);
    const [item] = items;
    assert.equal(item?.id, Number(result.providerId));
    assert.equal(item?.clientId, id);
    assert.equal(item?.phone, phone);
    assert.equal(item?.text, text);
    assert.equal(item?.sender, 'Kabinet');
    assert.equal(item?.parts, 2);
    assert.equal(item?.status, 0);
  });

  it('counts GSM-7 parts by 160/153', async () => {
    assert.equal((await client.send({ id: freshId(), phone: freshPhone(), text: 'x'.repeat(160) })).parts, 1);
    assert.equal((await client.send({ id: freshId(), phone: freshPhone(), text: 'x'.repeat(161) })).parts, 2);
  });

  it('treats the same request within a minute as a duplicate and stores one message', async () => {
    const message = { id: freshId(), phone: freshPhone(), text: SECRET_TEXT };
    await client.send(message);
    await expectSmscError(client.send(message), 9, 'duplicate');
    assert.equal((await outbox(`?phone=${encodeURIComponent(message.phone)}`)).length, 1);
    // Another id is another message.
    await client.send({ ...message, id: freshId() });
    assert.equal((await outbox(`?phone=${encodeURIComponent(message.phone)}`)).length, 2);
  });

  it('rejects a bad password as needs_operator (SMSC 2)', async () => {
    const intruder = createSmscClient({ baseUrl: server.url, login: LOGIN, password: `${PASSWORD}-wrong` });
    const phone = freshPhone();
    await expectSmscError(intruder.send({ id: freshId(), phone, text: SECRET_TEXT }), 2, 'needs_operator');
    assert.equal((await outbox(`?phone=${encodeURIComponent(phone)}`)).length, 0);
  });

  it('maps an empty text to permanent (SMSC 1)', async () => {
    await expectSmscError(client.send({ id: freshId(), phone: freshPhone(), text: '' }), 1, 'permanent');
  });

  it('maps a malformed phone to permanent (SMSC 7)', async () => {
    const error = await expectSmscError(
      client.send({ id: freshId(), phone: '12-34', text: SECRET_TEXT }),
      7,
      'permanent',
    );
    assert.match(error.reason, /\(SMSC 7\)$/);
  });

  const reserved: Array<[suffix: string, code: number, kind: SmscErrorKind]> = [
    ['0000003', 3, 'needs_operator'],
    ['0000004', 4, 'needs_operator'],
    ['0000006', 6, 'permanent'],
    ['0000007', 7, 'permanent'],
    ['0000008', 8, 'permanent'],
  ];
  for (const [suffix, code, kind] of reserved) {
    it(`maps SMSC ${code} (reserved …${suffix}) to ${kind}`, async () => {
      const phone = reservedPhone(suffix);
      await expectSmscError(client.send({ id: freshId(), phone, text: SECRET_TEXT }), code, kind);
      assert.equal((await outbox(`?phone=${encodeURIComponent(phone)}`)).length, 0);
    });
  }

  it('maps HTTP 500 to transient', async () => {
    await expectSmscError(
      client.send({ id: freshId(), phone: reservedPhone('0000500'), text: SECRET_TEXT }),
      'http_500',
      'transient',
    );
  });

  it('applies an injected fault to the next N sends to that phone only', async () => {
    const phone = freshPhone();
    await injectFault({ phone, httpStatus: 503, times: 2 });
    await client.send({ id: freshId(), phone: freshPhone(), text: 'other phone is not affected' });
    await expectSmscError(client.send({ id: freshId(), phone, text: SECRET_TEXT }), 'http_503', 'transient');
    await expectSmscError(client.send({ id: freshId(), phone, text: SECRET_TEXT }), 'http_503', 'transient');
    await client.send({ id: freshId(), phone, text: SECRET_TEXT });
    assert.equal((await outbox(`?phone=${encodeURIComponent(phone)}`)).length, 1);
  });

  it('maps an injected SMSC error code like a real one', async () => {
    const phone = freshPhone();
    await injectFault({ phone, errorCode: 3 });
    await expectSmscError(client.send({ id: freshId(), phone, text: SECRET_TEXT }), 3, 'needs_operator');
  });

  it('maps a hanging provider to a transient timeout', async () => {
    const impatient = createSmscClient({
      baseUrl: server.url,
      login: LOGIN,
      password: PASSWORD,
      timeoutMs: 200,
    });
    const phone = freshPhone();
    await injectFault({ phone, delayMs: 2000 });
    const started = Date.now();
    await expectSmscError(
      impatient.send({ id: freshId(), phone, text: SECRET_TEXT }),
      'timeout',
      'transient',
    );
    assert.ok(Date.now() - started < 1500, 'the client gave up on its own timeout');
  });

  it('maps a refused connection to a transient network error', async () => {
    const gone = await startSmscServer({ port: 0 });
    await gone.close();
    const orphan = createSmscClient({ baseUrl: gone.url, login: LOGIN, password: PASSWORD });
    await expectSmscError(
      orphan.send({ id: freshId(), phone: freshPhone(), text: SECRET_TEXT }),
      'network',
      'transient',
    );
  });

  it('maps a non-JSON answer to a transient bad_response', async () => {
    // SMSC's plain-text format (fmt=0), as a misconfigured proxy or endpoint would give it.
    const plain = createServer((_request, response) => response.end('OK - 1 SMS, ID - 5'));
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = plain.address() as AddressInfo;
      const confused = createSmscClient({
        baseUrl: `http://127.0.0.1:${port}`,
        login: LOGIN,
        password: PASSWORD,
      });
      await expectSmscError(
        confused.send({ id: freshId(), phone: freshPhone(), text: SECRET_TEXT }),
        'bad_response',
        'transient',
      );
      await expectSmscError(confused.status({ id: '5', phone: freshPhone() }), 'bad_response', 'transient');
    } finally {
      plain.closeAllConnections();
      await new Promise((resolve) => plain.close(resolve));
    }
  });

  it('maps an unknown 4xx to permanent', async () => {
    const misconfigured = createSmscClient({
      baseUrl: `${server.url}/nowhere`,
      login: LOGIN,
      password: PASSWORD,
    });
    await expectSmscError(
      misconfigured.send({ id: freshId(), phone: freshPhone(), text: SECRET_TEXT }),
      'http_404',
      'permanent',
    );
  });
});

describe('status', () => {
  it('goes from passed to operator (0) to delivered (1)', async () => {
    const phone = freshPhone();
    const { providerId } = await client.send({ id: freshId(), phone, text: 'Статус' });

    const first = await client.status({ id: providerId, phone });
    assert.deepEqual(first, { status: 0, description: first.description, final: false, delivered: false });
    assert.match(first.description, /Передано оператору/);

    await sleep(250);
    const later = await client.status({ id: providerId, phone });
    assert.equal(later.status, 1);
    assert.equal(later.final, true);
    assert.equal(later.delivered, true);
    assert.equal(later.errorCode, undefined);
    assert.equal((await outbox(`?phone=${encodeURIComponent(phone)}`))[0]?.status, 1);
  });

  it('finds a message by our own id too', async () => {
    const phone = freshPhone();
    const id = freshId();
    await client.send({ id, phone, text: 'by client id' });
    assert.equal((await client.status({ id, phone })).status, 0);
  });

  it('ends in a failure status for reserved undeliverable numbers', async () => {
    const phone = reservedPhone('0000025');
    const { providerId } = await client.send({ id: freshId(), phone, text: 'unreachable' });
    await sleep(250);
    const status = await client.status({ id: providerId, phone });
    assert.equal(status.status, 25);
    assert.equal(status.final, true);
    assert.equal(status.delivered, false);
    assert.equal(status.errorCode, 6);
  });

  it('answers −3 for an unknown id', async () => {
    const status = await client.status({ id: '987654321', phone: freshPhone() });
    assert.equal(status.status, -3);
    assert.equal(status.final, false);
    assert.equal(status.delivered, false);
  });

  it('maps a bad password to needs_operator (SMSC 2)', async () => {
    const intruder = createSmscClient({ baseUrl: server.url, login: LOGIN, password: 'nope-not-it' });
    await expectSmscError(intruder.status({ id: '1', phone: freshPhone() }), 2, 'needs_operator');
  });
});

describe('outbox endpoints', () => {
  it('filters by phone in any spelling and by time', async () => {
    const phone = freshPhone(); // +7912345NNNN
    const before = new Date().toISOString();
    await client.send({ id: freshId(), phone, text: 'filter me' });
    const digits = phone.slice(1);
    const spelled = `+${digits.slice(0, 1)} (${digits.slice(1, 4)}) ${digits.slice(4, 7)}-${digits.slice(7, 9)}-${digits.slice(9)}`;
    assert.equal((await outbox(`?phone=${encodeURIComponent(spelled)}`)).length, 1);
    assert.equal(
      (await outbox(`?phone=${encodeURIComponent(phone)}&since=${encodeURIComponent(before)}`)).length,
      1,
    );
    const future = new Date(Date.now() + 60_000).toISOString();
    assert.equal(
      (await outbox(`?phone=${encodeURIComponent(phone)}&since=${encodeURIComponent(future)}`)).length,
      0,
    );
  });

  it('escapes message text on the HTML page', async () => {
    await client.send({ id: freshId(), phone: freshPhone(), text: '<script>alert(1)</script> & "x"' });
    const html = await (await fetch(`${server.url}/`)).text();
    assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;'));
    assert.ok(!html.includes('<script>alert(1)'));
  });

  it('keeps the outbox across restarts when given a file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'smsc-outbox-'));
    try {
      const outboxFile = join(dir, 'nested', 'outbox.json');
      const first = await startSmscServer({ port: 0, outboxFile });
      const c1 = createSmscClient({ baseUrl: first.url, login: 'any', password: 'any' });
      const sent = await c1.send({ id: 'persist-1', phone: '+79161234567', text: 'переживёт рестарт' });
      await first.close();

      const second = await startSmscServer({ port: 0, outboxFile });
      try {
        const items = second.outbox.list();
        assert.equal(items.length, 1);
        assert.equal(items[0]?.text, 'переживёт рестарт');
        // Provider ids keep growing after a restart.
        const c2 = createSmscClient({ baseUrl: second.url, login: 'any', password: 'any' });
        const next = await c2.send({ id: 'persist-2', phone: '+79161234567', text: 'второе' });
        assert.ok(Number(next.providerId) > Number(sent.providerId));
      } finally {
        await second.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('DELETE /_outbox clears it', async () => {
    await client.send({ id: freshId(), phone: freshPhone(), text: 'to be cleared' });
    assert.ok((await outbox()).length > 0);
    assert.equal((await fetch(`${server.url}/_outbox`, { method: 'DELETE' })).status, 204);
    assert.deepEqual(await outbox(), []);
  });
});
