import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { httpClient } from './http.ts';
import type { TestSystem } from './system.ts';

/** Polls until `check` returns a value (not undefined) or the time runs out. */
export async function eventually<T>(check: () => Promise<T | undefined>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

let counter = 0;
/** A distinct valid mobile number per call, outside the SMSC server's reserved fault numbers. */
export const uniquePhone = () => `+7916${String(1_100_000 + (process.pid % 1000) * 1000 + ++counter).padStart(7, '0')}`;

/** An organization with an API key and an administrator who has both contacts. */
export async function setUpOrganization(system: TestSystem, name = 'ООО «Ромашка»') {
  const api = httpClient(system.baseUrl);
  const org = await api<{ id: string }>('POST', '/v1/organizations', {
    token: system.operatorToken,
    body: { name, inn: '7707083893' },
  });
  assert.equal(org.status, 201, JSON.stringify(org.body));
  const key = await api<{ key: string }>('POST', `/v1/organizations/${org.body.id}/api-keys`, {
    token: system.operatorToken,
  });
  assert.equal(key.status, 201);
  const adminPhone = uniquePhone();
  const upsert = await api('PUT', `/v1/organizations/${org.body.id}/employees`, {
    token: key.body.key,
    body: {
      employees: [
        { externalId: 'ADM-1', fullName: 'Петрова Анна Сергеевна', email: 'anna@romashka.ru', phone: adminPhone },
        { externalId: 'EMP-2', fullName: 'Сидоров Пётр', email: 'petr@romashka.ru' },
      ],
    },
  });
  assert.equal(upsert.status, 200);
  const employees = await api<{ items: { id: string; externalId: string }[] }>(
    'GET',
    `/v1/organizations/${org.body.id}/employees`,
    { token: key.body.key },
  );
  const admin = employees.body.items.find((e) => e.externalId === 'ADM-1');
  assert.ok(admin);
  return { api, orgId: org.body.id, key: key.body.key, adminId: admin.id, adminPhone };
}

/** The 6-digit code from the newest SMS the local SMSC server holds for a phone. */
export async function readCodeFromSms(system: TestSystem, phone: string, afterCount = 0): Promise<string> {
  return eventually(() => {
    const messages = system.smsc.outbox.list({ phone });
    if (messages.length <= afterCount) return Promise.resolve(undefined);
    return Promise.resolve(/\b(\d{6})\b/.exec(messages.at(-1)!.text)?.[1]);
  }, `an SMS with a code for ${phone}`);
}
