// The HTTP steps that make an organization ready to invite in bulk: an organization with an API key,
// its employees, the service connected and its administrator activated with the code from the SMS.
// (The same steps as test/support, without node:test.)
import { setTimeout as sleep } from 'node:timers/promises';
import type { RunningSmscServer } from '../../dev/smsc-server.ts';

export const ADMIN_PHONE = '+79161999999';
const PASSWORD = 'Надёжный-пароль-1';

/**
 * Distinct valid mobile numbers +7916 2000000…: the SMSC server's reserved fault numbers end in
 * 0000001–0000025, 0000500 and 0000503, far from these.
 */
export const employeePhone = (i: number) => `+7916${String(2_000_000 + i).padStart(7, '0')}`;

export type Api = ReturnType<typeof jsonApi>;

export function jsonApi(baseUrl: string) {
  return async function call<T>(method: string, path: string, token?: string, body?: unknown): Promise<T> {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${text.slice(0, 500)}`);
    return (text ? JSON.parse(text) : null) as T;
  };
}

export async function setUpOrganization(opts: {
  api: Api;
  operatorToken: string;
  smsc: RunningSmscServer;
  employees: number;
}): Promise<{ orgId: string; key: string; employeeIds: string[]; phones: string[] }> {
  const { api, operatorToken, smsc } = opts;
  const org = await api<{ id: string }>('POST', '/v1/organizations', operatorToken, {
    name: 'ООО «Бенчмарк»',
    inn: '7707083893',
  });
  const { key } = await api<{ key: string }>('POST', `/v1/organizations/${org.id}/api-keys`, operatorToken);

  const phones = Array.from({ length: opts.employees }, (_, i) => employeePhone(i));
  const everyone = [
    { externalId: 'ADM', fullName: 'Петрова Анна Сергеевна', email: 'anna@bench.ru', phone: ADMIN_PHONE },
    ...phones.map((phone, i) => ({ externalId: `E${i}`, fullName: `Сотрудник ${i}`, phone })),
  ];
  // At most 10,000 per call: 10,000 employees and the admin take two.
  for (let i = 0; i < everyone.length; i += 5_000) {
    const upsert = await api<{ invalid: unknown[] }>('PUT', `/v1/organizations/${org.id}/employees`, key, {
      employees: everyone.slice(i, i + 5_000),
    });
    if (upsert.invalid.length) throw new Error(`invalid employees: ${JSON.stringify(upsert.invalid.slice(0, 3))}`);
  }

  const idByExternalId = new Map<string, string>();
  let cursor: string | null = null;
  do {
    const page: { items: { id: string; externalId: string }[]; nextCursor: string | null } = await api(
      'GET',
      `/v1/organizations/${org.id}/employees?limit=500${cursor ? `&cursor=${cursor}` : ''}`,
      key,
    );
    for (const e of page.items) idByExternalId.set(e.externalId, e.id);
    cursor = page.nextCursor;
  } while (cursor);
  const adminId = idByExternalId.get('ADM')!;
  const employeeIds = phones.map((_, i) => idByExternalId.get(`E${i}`)!);

  await api('POST', `/v1/organizations/${org.id}/service/connect`, key, {
    serviceName: 'Кабинет',
    slug: 'bench',
    adminEmployeeId: adminId,
  });
  const code = await codeFor(smsc, ADMIN_PHONE);
  await api('POST', '/v1/activation', undefined, { phone: ADMIN_PHONE, code, password: PASSWORD });
  for (const deadline = Date.now() + 30_000; ; await sleep(100)) {
    const service = await api<{ status: string }>('GET', `/v1/organizations/${org.id}/service`, key);
    if (service.status === 'active') break;
    if (Date.now() > deadline) throw new Error(`the service is ${service.status}, not active, after activation`);
  }
  return { orgId: org.id, key, employeeIds, phones };
}

async function codeFor(smsc: RunningSmscServer, phone: string, timeoutMs = 60_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = smsc.outbox.list({ phone }).at(-1)?.text;
    const code = text && /\b(\d{6})\b/.exec(text)?.[1];
    if (code) return code;
    if (Date.now() > deadline) throw new Error(`no SMS with a code for ${phone} in ${timeoutMs} ms`);
    await sleep(100);
  }
}
