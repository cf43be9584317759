import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eventually, readCodeFromSms, setUpOrganization } from '../support/flow.ts';
import { startTestSystem, type TestSystem } from '../support/system.ts';

describe('trial reminders', () => {
  let system: TestSystem;
  before(async () => {
    // A 20-second trial; the administrator is reminded 10 s and 30 min before its end (the latter has
    // already passed when the cabinet is activated, so it is not sent late).
    system = await startTestSystem({ trialDurationMs: 20_000, trialReminderLeadsMs: [1_800_000, 10_000] });
  });
  after(async () => system?.close());

  it('e-mails the administrator once before the trial ends, then the service expires', async () => {
    const { api, orgId, key, adminId, adminPhone } = await setUpOrganization(system);
    // Whatever the hour the suite runs at, the reminder is not held for the send window.
    const settings = await api('PUT', `/v1/organizations/${orgId}/notification-settings`, {
      token: key,
      body: { deferralEnabled: false },
    });
    assert.equal(settings.status, 200, JSON.stringify(settings.body));
    const connect = await api('POST', `/v1/organizations/${orgId}/service/connect`, {
      token: key,
      body: { serviceName: 'Кабинет Ромашки', slug: `trial-${orgId.slice(0, 8)}`, adminEmployeeId: adminId },
    });
    assert.equal(connect.status, 202);
    const code = await readCodeFromSms(system, adminPhone);
    const activated = await api('POST', '/v1/activation', {
      body: { phone: adminPhone, code, password: 'Надёжный-пароль-1' },
    });
    assert.equal(activated.status, 200);

    const letter = await system.mail.waitForLetter('anna@romashka.ru', (l) =>
      /Пробный период/.test(l.subject),
    );
    assert.match(letter.subject, /«Кабинет Ромашки» заканчивается/);
    assert.match(letter.text, /Петрова Анна Сергеевна/);
    const state = await api<{ status: string }>('GET', `/v1/organizations/${orgId}/service`, { token: key });
    assert.equal(state.body.status, 'active', 'the reminder comes before the end');

    await eventually(
      async () => {
        const res = await api<{ status: string }>('GET', `/v1/organizations/${orgId}/service`, {
          token: key,
        });
        return res.body.status === 'expired' ? true : undefined;
      },
      'the trial over',
      30_000,
    );
    const reminders = (await system.mail.letters('anna@romashka.ru')).filter((l) =>
      /Пробный период/.test(l.subject),
    );
    assert.equal(reminders.length, 1, 'one reminder: the 30-minute one had passed already');
  });
});
