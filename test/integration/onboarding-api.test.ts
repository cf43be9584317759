import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eventually, readCodeFromSms, setUpOrganization } from '../support/flow.ts';
import { startTestSystem, type TestSystem } from '../support/system.ts';

type ServiceBody = { status: string; trialEndsAt: string | null; admin: { invitationId: string | null }; url: string };

describe('connecting the service over HTTP', () => {
  let system: TestSystem;
  before(async () => {
    system = await startTestSystem();
  });
  after(async () => system?.close());

  it('connect → SMS with a code → activate → service active → admin logs in', async () => {
    const { api, orgId, key, adminId, adminPhone } = await setUpOrganization(system);

    const connect = await api<{ status: string; workflowId: string; url: string }>(
      'POST',
      `/v1/organizations/${orgId}/service/connect`,
      { token: key, body: { serviceName: 'Кабинет Ромашки', slug: 'romashka', adminEmployeeId: adminId } },
    );
    assert.equal(connect.status, 202, JSON.stringify(connect.body));
    assert.equal(connect.body.workflowId, `onboarding/${orgId}`);
    assert.equal(connect.body.url, 'http://localhost:3000/s/romashka');

    const awaiting = await eventually(async () => {
      const res = await api<ServiceBody>('GET', `/v1/organizations/${orgId}/service`, { token: key });
      return res.body.status === 'awaiting_admin' && res.body.admin.invitationId ? res.body : undefined;
    }, 'service awaiting the admin');
    assert.ok(awaiting.trialEndsAt);

    const code = await readCodeFromSms(system, adminPhone);
    const sms = system.smsc.outbox.list({ phone: adminPhone }).at(-1)!;
    assert.match(sms.text, /Кабинет Ромашки/);
    assert.equal(sms.clientId, `inv-${awaiting.admin.invitationId}-1`);

    const wrong = code === '000000' ? '111111' : '000000';
    const miss = await api('POST', '/v1/activation', {
      body: { phone: adminPhone, code: wrong, password: 'Надёжный-пароль-1' },
    });
    assert.equal(miss.status, 422);
    assert.deepEqual(miss.body.error, {
      code: 'invalid_code',
      message: 'Неверный код. Осталось попыток: 4.',
      details: { attemptsLeft: 4 },
    });

    // Any common spelling of the number works.
    const spelled = `8 (${adminPhone.slice(2, 5)}) ${adminPhone.slice(5, 8)}-${adminPhone.slice(8, 10)}-${adminPhone.slice(10)}`;
    const ok = await api<{ userId: string; login: string }>('POST', '/v1/activation', {
      body: { phone: spelled, code, password: 'Надёжный-пароль-1' },
    });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.equal(ok.body.login, adminPhone);

    await eventually(async () => {
      const res = await api<ServiceBody>('GET', `/v1/organizations/${orgId}/service`, { token: key });
      return res.body.status === 'active' ? true : undefined;
    }, 'service active');

    const again = await api('POST', '/v1/activation', { body: { phone: adminPhone, code, password: 'Другой-пароль-2' } });
    assert.equal(again.status, 409);

    const badLogin = await api('POST', '/v1/auth/login', { body: { login: adminPhone, password: 'не тот пароль' } });
    assert.equal(badLogin.status, 401);
    assert.equal((badLogin.body.error as { code: string }).code, 'invalid_credentials');
    const login = await api<{ token: string; user: { id: string } }>('POST', '/v1/auth/login', {
      body: { login: adminPhone, password: 'Надёжный-пароль-1' },
    });
    assert.equal(login.status, 200);
    assert.equal(login.body.user.id, ok.body.userId);
    const me = await api<{ login: string }>('GET', '/v1/me', { token: login.body.token });
    assert.equal(me.status, 200);
    assert.equal(me.body.login, adminPhone);

    const second = await api('POST', `/v1/organizations/${orgId}/service/connect`, {
      token: key,
      body: { serviceName: 'Ещё раз', slug: 'romashka-2', adminEmployeeId: adminId },
    });
    assert.equal(second.status, 409);
    assert.equal((second.body.error as { code: string }).code, 'already_connected');
  });

  it('Idempotency-Key: a retried connect gets the same answer, a different body with the key is refused', async () => {
    const { api, orgId, key, adminId } = await setUpOrganization(system, 'ООО «Лютик»');
    const body = { serviceName: 'Кабинет Лютика', slug: 'lyutik', adminEmployeeId: adminId };
    const headers = { 'idempotency-key': `connect-${orgId}` };
    const first = await api('POST', `/v1/organizations/${orgId}/service/connect`, { token: key, body, headers });
    const retry = await api('POST', `/v1/organizations/${orgId}/service/connect`, { token: key, body, headers });
    assert.equal(first.status, 202);
    assert.equal(retry.status, 202);
    assert.deepEqual(retry.body, first.body);
    assert.equal(retry.headers.get('idempotent-replayed'), 'true');

    const other = await api<{ error: { code: string } }>('POST', `/v1/organizations/${orgId}/service/connect`, {
      token: key,
      body: { ...body, slug: 'lyutik-2' },
      headers,
    });
    assert.equal(other.status, 422);
    assert.equal(other.body.error.code, 'idempotency_key_reused');

    const withoutKey = await api<{ error: { code: string } }>('POST', `/v1/organizations/${orgId}/service/connect`, {
      token: key,
      body,
    });
    assert.equal(withoutKey.status, 409);
    assert.equal(withoutKey.body.error.code, 'already_connected');
  });
});
