import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eventually, readCodeFromSms, setUpOrganization, uniquePhone } from '../support/flow.ts';
import { startTestSystem, type TestSystem } from '../support/system.ts';

type Page<T> = { items: T[]; nextCursor: string | null };
type InvitationRow = { id: string; employeeId: string; status: string };

describe('employees chosen at connect', () => {
  let system: TestSystem;
  before(async () => {
    system = await startTestSystem();
  });
  after(async () => system?.close());

  it('are invited once the administrator has activated the cabinet, not before', async () => {
    const { api, orgId, key, adminId, adminPhone } = await setUpOrganization(system);
    const workerPhone = uniquePhone();
    await api('PUT', `/v1/organizations/${orgId}/employees`, {
      token: key,
      body: { employees: [{ externalId: 'EMP-3', fullName: 'Иванов Иван', phone: workerPhone }] },
    });
    const employees = await api<Page<{ id: string; externalId: string }>>(
      'GET',
      `/v1/organizations/${orgId}/employees`,
      { token: key },
    );
    const idOf = (externalId: string) => employees.body.items.find((e) => e.externalId === externalId)!.id;

    const connect = await api('POST', `/v1/organizations/${orgId}/service/connect`, {
      token: key,
      body: {
        serviceName: 'Кабинет',
        slug: `initial-${orgId.slice(0, 8)}`,
        adminEmployeeId: adminId,
        employeeIds: [idOf('EMP-3'), idOf('EMP-2')],
      },
    });
    assert.equal(connect.status, 202, JSON.stringify(connect.body));

    const code = await readCodeFromSms(system, adminPhone);
    const listInvitations = async () =>
      (await api<Page<InvitationRow>>('GET', `/v1/organizations/${orgId}/invitations`, { token: key })).body
        .items;
    assert.deepEqual(
      (await listInvitations()).map((i) => i.employeeId),
      [adminId],
      'only the administrator is invited before activation',
    );

    const ok = await api('POST', '/v1/activation', {
      body: { phone: adminPhone, code, password: 'Надёжный-пароль-1' },
    });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));

    const invited = await eventually(async () => {
      const rows = await listInvitations();
      const worker = rows.find((i) => i.employeeId === idOf('EMP-3'));
      return worker && worker.status !== 'pending' ? rows : undefined;
    }, 'the chosen employee invited');
    // EMP-2 has no mobile phone: skipped, never invited.
    assert.equal(invited.filter((i) => i.employeeId === idOf('EMP-2')).length, 0);
    assert.equal(invited.length, 2);
    await readCodeFromSms(system, workerPhone);
    assert.equal(system.smsc.outbox.list({ phone: workerPhone }).length, 1);
  });
});
