import assert from 'node:assert/strict';
import { eventually, readCodeFromSms, setUpOrganization, uniquePhone } from './flow.ts';
import type { HttpCall } from './http.ts';
import type { TestSystem } from './system.ts';

export const PASSWORD = 'Надёжный-пароль-1';

/** An organization whose service is active (its admin activated), ready to invite employees. */
export async function setUpActiveService(system: TestSystem, slug: string) {
  const org = await setUpOrganization(system, `ООО ${slug}`);
  const connect = await org.api('POST', `/v1/organizations/${org.orgId}/service/connect`, {
    token: org.key,
    body: { serviceName: 'Кабинет', slug, adminEmployeeId: org.adminId },
  });
  assert.equal(connect.status, 202);
  const code = await readCodeFromSms(system, org.adminPhone);
  const activated = await org.api('POST', '/v1/activation', {
    body: { phone: org.adminPhone, code, password: PASSWORD },
  });
  assert.equal(activated.status, 200, JSON.stringify(activated.body));
  return org;
}

/** Upserts employees and returns their ids by externalId. */
export async function addEmployees(
  system: TestSystem,
  org: Awaited<ReturnType<typeof setUpOrganization>>,
  employees: { externalId: string; fullName?: string; phone?: string; employed?: boolean }[],
): Promise<Map<string, { id: string; phone: string | null }>> {
  const upsert = await org.api<{ invalid: unknown[] }>('PUT', `/v1/organizations/${org.orgId}/employees`, {
    token: org.key,
    body: { employees: employees.map((e) => ({ fullName: `Сотрудник ${e.externalId}`, ...e })) },
  });
  assert.equal(upsert.status, 200);
  assert.deepEqual(upsert.body.invalid, []);
  const ids = new Map<string, { id: string; phone: string | null }>();
  let cursor: string | null = null;
  do {
    const page: {
      body: { items: { id: string; externalId: string; phone: string | null }[]; nextCursor: string | null };
    } = await org.api(
      'GET',
      `/v1/organizations/${org.orgId}/employees?limit=500${cursor ? `&cursor=${cursor}` : ''}`,
      {
        token: org.key,
      },
    );
    for (const e of page.body.items) ids.set(e.externalId, { id: e.id, phone: e.phone });
    cursor = page.body.nextCursor;
  } while (cursor);
  return ids;
}

export type BatchProgress = {
  total: number;
  pending: number;
  sent: number;
  delivered: number;
  failed: number;
  activated: number;
  rejected: number;
  rejections: { employeeId: string; reason: string }[];
  done: boolean;
};

export async function waitForBatch(
  system: TestSystem,
  org: { api: HttpCall; orgId: string; key: string },
  batchId: string,
  until: (p: BatchProgress) => boolean = (p) => p.done,
  timeoutMs = 60_000,
): Promise<BatchProgress> {
  return eventually(
    async () => {
      const res = await org.api<BatchProgress>(
        'GET',
        `/v1/organizations/${org.orgId}/invitations/batches/${batchId}`,
        {
          token: org.key,
        },
      );
      assert.equal(res.status, 200);
      return until(res.body) ? res.body : undefined;
    },
    `batch ${batchId}`,
    timeoutMs,
  );
}

export { uniquePhone };
