// Notification settings over HTTP (PRODUCT §3): only the organization's administrators, validated
// field by field.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createSpecialist } from '../support/education.ts';
import { setUpOrganization } from '../support/flow.ts';
import { setUpActiveService, PASSWORD } from '../support/invitations.ts';
import { startTestSystem, type TestSystem } from '../support/system.ts';

type Settings = {
  sendWindowStart: string;
  sendWindowEnd: string;
  timeZone: string;
  timeZoneInherited: boolean;
  deferralEnabled: boolean;
  payslipRemindersEnabled: boolean;
  reminderDelayDays: number;
  reminderMaxCount: number;
  managersSeeUnread: boolean;
  updatedAt: string | null;
};
type ValidationError = { error: { code: string; details: { fields: { field: string }[] } } };

describe('notification settings API', () => {
  let system: TestSystem;
  let org: Awaited<ReturnType<typeof setUpActiveService>>;
  let path: string;

  before(async () => {
    system = await startTestSystem();
    org = await setUpActiveService(system, 'settings-romashka');
    path = `/v1/organizations/${org.orgId}/notification-settings`;
  });
  after(async () => system?.close());

  it('starts from the defaults in the organization’s time zone', async () => {
    const got = await org.api<Settings>('GET', path, { token: org.key });
    assert.equal(got.status, 200, JSON.stringify(got.body));
    assert.deepEqual(got.body, {
      sendWindowStart: '09:00',
      sendWindowEnd: '21:00',
      timeZone: 'Europe/Moscow',
      timeZoneInherited: true,
      deferralEnabled: true,
      payslipRemindersEnabled: false,
      reminderDelayDays: 3,
      reminderMaxCount: 2,
      managersSeeUnread: false,
      updatedAt: null,
    });
  });

  it('the organization’s key changes them; what a PUT leaves out stays', async () => {
    const put = await org.api<Settings>('PUT', path, {
      token: org.key,
      body: {
        sendWindowStart: '08:30',
        sendWindowEnd: '20:00',
        timeZone: 'Asia/Vladivostok',
        payslipRemindersEnabled: true,
        reminderDelayDays: 5,
        reminderMaxCount: 3,
      },
    });
    assert.equal(put.status, 200, JSON.stringify(put.body));
    assert.equal(put.body.timeZone, 'Asia/Vladivostok');
    assert.equal(put.body.timeZoneInherited, false);
    assert.ok(put.body.updatedAt);
    const again = await org.api<Settings>('PUT', path, { token: org.key, body: { managersSeeUnread: true } });
    assert.equal(again.status, 200);
    assert.deepEqual(
      { ...again.body, updatedAt: null },
      {
        sendWindowStart: '08:30',
        sendWindowEnd: '20:00',
        timeZone: 'Asia/Vladivostok',
        timeZoneInherited: false,
        deferralEnabled: true,
        payslipRemindersEnabled: true,
        reminderDelayDays: 5,
        reminderMaxCount: 3,
        managersSeeUnread: true,
        updatedAt: null,
      },
    );
    const inherit = await org.api<Settings>('PUT', path, { token: org.key, body: { timeZone: null } });
    assert.equal(inherit.body.timeZone, 'Europe/Moscow');
    assert.equal(inherit.body.timeZoneInherited, true);
    const read = await org.api<Settings>('GET', path, { token: org.key });
    assert.deepEqual(read.body, inherit.body);
  });

  it('the service administrator (logged in) and the operator may; others may not', async () => {
    const login = await org.api<{ token: string }>('POST', '/v1/auth/login', {
      body: { login: org.adminPhone, password: PASSWORD },
    });
    assert.equal(login.status, 200, JSON.stringify(login.body));
    const byAdmin = await org.api<Settings>('PUT', path, {
      token: login.body.token,
      body: { reminderMaxCount: 0 },
    });
    assert.equal(byAdmin.status, 200, JSON.stringify(byAdmin.body));
    assert.equal(byAdmin.body.reminderMaxCount, 0);
    const byOperator = await org.api<Settings>('GET', path, { token: system.operatorToken });
    assert.equal(byOperator.status, 200);

    const other = await setUpOrganization(system, 'ООО Другая');
    const otherKey = await org.api('PUT', path, { token: other.key, body: { deferralEnabled: false } });
    assert.equal(otherKey.status, 403);
    assert.equal((await org.api('GET', path, { token: other.key })).status, 403);
    assert.equal(
      (await org.api('GET', `/v1/organizations/${org.orgId}/messages`, { token: other.key })).status,
      403,
    );

    const plain = await createSpecialist(system);
    assert.equal(
      (await org.api('PUT', path, { token: plain.token, body: { deferralEnabled: false } })).status,
      403,
    );
    assert.equal((await org.api('GET', path)).status, 401);

    const unchanged = await org.api<Settings>('GET', path, { token: org.key });
    assert.equal(unchanged.body.deferralEnabled, true);
  });

  it('bad values are 422 naming the field', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ sendWindowStart: '9:00' }, 'sendWindowStart'],
      [{ sendWindowEnd: '24:00' }, 'sendWindowEnd'],
      [{ timeZone: 'Mars/Olympus' }, 'timeZone'],
      [{ reminderDelayDays: 0 }, 'reminderDelayDays'],
      [{ reminderDelayDays: 31 }, 'reminderDelayDays'],
      [{ reminderDelayDays: 2.5 }, 'reminderDelayDays'],
      [{ reminderMaxCount: 11 }, 'reminderMaxCount'],
      [{ reminderMaxCount: -1 }, 'reminderMaxCount'],
      [{ deferralEnabled: 'yes' }, 'deferralEnabled'],
    ];
    for (const [body, field] of cases) {
      const res = await org.api<ValidationError>('PUT', path, { token: org.key, body });
      assert.equal(res.status, 422, `${JSON.stringify(body)} → ${res.status}`);
      assert.deepEqual(
        res.body.error.details.fields.map((f) => f.field),
        [field],
        JSON.stringify(res.body),
      );
    }
    const unknown = await org.api<ValidationError>('PUT', path, {
      token: org.key,
      body: { sendWindow: '09:00' },
    });
    assert.equal(unknown.status, 422);
    const notJson = await org.api('PUT', path, { token: org.key, rawBody: '{' });
    assert.equal(notJson.status, 400);
  });
});
