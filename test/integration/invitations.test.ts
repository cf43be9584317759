import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Invitation } from '../../db/entities/index.ts';
import { invitationStageQuery } from '../../workflows/invitation.ts';
import { eventually, readCodeFromSms, setUpOrganization } from '../support/flow.ts';
import {
  addEmployees,
  PASSWORD,
  setUpActiveService,
  uniquePhone,
  waitForBatch,
} from '../support/invitations.ts';
import { startTestSystem, type TestSystem } from '../support/system.ts';
import type { HttpCall } from '../support/http.ts';

type InvitationBody = { id: string; employeeId: string; status: string; failureReason?: string };
type Page = { items: InvitationBody[]; nextCursor: string | null };

async function invitationOf(
  system: TestSystem,
  orgId: string,
  key: string,
  employeeId: string,
  api: HttpCall,
) {
  const res = await api<Page>('GET', `/v1/organizations/${orgId}/invitations?limit=500`, { token: key });
  return res.body.items.find((i) => i.employeeId === employeeId);
}

describe('bulk invitations', () => {
  let system: TestSystem;
  before(async () => {
    system = await startTestSystem({ resendCooldownMs: 1_500 });
  });
  after(async () => system?.close());

  it('invites in bulk, reports who cannot be invited and why, one SMS each, delivery tracked', async () => {
    const org = await setUpActiveService(system, 'bulk');
    const valid = Array.from({ length: 25 }, (_, i) => ({ externalId: `V${i}`, phone: uniquePhone() }));
    const ids = await addEmployees(system, org, [
      ...valid,
      { externalId: 'NOPHONE' },
      { externalId: 'GONE', phone: uniquePhone(), employed: false },
    ]);
    const unknown = '00000000-0000-4000-8000-000000000000';
    const validIds = valid.map((v) => ids.get(v.externalId)!.id);
    const employeeIds = [
      ...validIds,
      ids.get('NOPHONE')!.id,
      ids.get('GONE')!.id,
      unknown,
      org.adminId,
      validIds[0]!,
    ];

    const post = await org.api<{ batchId: string; total: number }>(
      'POST',
      `/v1/organizations/${org.orgId}/invitations`,
      {
        token: org.key,
        body: { employeeIds },
      },
    );
    assert.equal(post.status, 202, JSON.stringify(post.body));
    assert.equal(post.body.total, employeeIds.length);

    const done = await waitForBatch(system, org, post.body.batchId, (p) => p.done && p.delivered === 25);
    assert.equal(done.total, 30);
    assert.equal(done.rejected, 5);
    assert.equal(done.pending, 0);
    assert.deepEqual(done.rejections.map((r) => r.reason).sort(), [
      'already_active',
      'already_invited',
      'no_mobile_phone',
      'not_employed',
      'not_found',
    ]);
    assert.deepEqual(
      done.rejections.find((r) => r.reason === 'no_mobile_phone')?.employeeId,
      ids.get('NOPHONE')!.id,
    );
    for (const v of valid)
      assert.equal(system.smsc.outbox.list({ phone: v.phone }).length, 1, `one SMS to ${v.phone}`);

    // The same employees again: each already has an open invitation.
    const again = await org.api<{ batchId: string }>('POST', `/v1/organizations/${org.orgId}/invitations`, {
      token: org.key,
      body: { employeeIds: validIds.slice(0, 3) },
    });
    const secondBatch = await waitForBatch(system, org, again.body.batchId);
    assert.equal(secondBatch.rejected, 3);
    assert.ok(secondBatch.rejections.every((r) => r.reason === 'already_invited'));

    // An employee activates with their code.
    const first = valid[0]!;
    const code = await readCodeFromSms(system, first.phone);
    const ok = await org.api('POST', '/v1/activation', {
      body: { phone: first.phone, code, password: PASSWORD },
    });
    assert.equal(ok.status, 200);
    const after = await waitForBatch(system, org, post.body.batchId, (p) => p.activated === 1);
    assert.equal(after.delivered, 24);

    const activated = await org.api<Page>(
      'GET',
      `/v1/organizations/${org.orgId}/invitations?status=activated`,
      {
        token: org.key,
      },
    );
    // The admin's own invitation is activated too; of this batch, exactly the one employee.
    assert.deepEqual(activated.body.items.map((i) => i.employeeId).sort(), [validIds[0], org.adminId].sort());
    const pageOne = await org.api<Page>('GET', `/v1/organizations/${org.orgId}/invitations?limit=10`, {
      token: org.key,
    });
    const pageTwo = await org.api<Page>(
      'GET',
      `/v1/organizations/${org.orgId}/invitations?limit=10&cursor=${pageOne.body.nextCursor}`,
      { token: org.key },
    );
    assert.equal(pageOne.body.items.length, 10);
    assert.equal(pageTwo.body.items.length, 10);
    assert.equal(new Set([...pageOne.body.items, ...pageTwo.body.items].map((i) => i.id)).size, 20);
  });

  it('resend: cooldown answers 429 with Retry-After, then a new code replaces the old one', async () => {
    const org = await setUpActiveService(system, 'resend');
    const phone = uniquePhone();
    const ids = await addEmployees(system, org, [{ externalId: 'R1', phone }]);
    const employeeId = ids.get('R1')!.id;
    const post = await org.api<{ batchId: string }>('POST', `/v1/organizations/${org.orgId}/invitations`, {
      token: org.key,
      body: { employeeIds: [employeeId] },
    });
    await waitForBatch(system, org, post.body.batchId);
    const oldCode = await readCodeFromSms(system, phone);
    const inv = (await invitationOf(system, org.orgId, org.key, employeeId, org.api))!;

    const tooSoon = await org.api<{ error: { code: string } }>(
      'POST',
      `/v1/organizations/${org.orgId}/invitations/${inv.id}/resend`,
      { token: org.key },
    );
    assert.equal(tooSoon.status, 429);
    assert.equal(tooSoon.body.error.code, 'resend_cooldown');
    assert.ok(Number(tooSoon.headers.get('retry-after')) >= 1);

    await sleep(1_600);
    const resent = await org.api('POST', `/v1/organizations/${org.orgId}/invitations/${inv.id}/resend`, {
      token: org.key,
    });
    assert.equal(resent.status, 202);
    const newCode = await readCodeFromSms(system, phone, 1);
    assert.equal(system.smsc.outbox.list({ phone }).length, 2);

    if (newCode !== oldCode) {
      const stale = await org.api('POST', '/v1/activation', {
        body: { phone, code: oldCode, password: PASSWORD },
      });
      assert.equal(stale.status, 422, 'the old code is void');
    }
    const ok = await org.api('POST', '/v1/activation', {
      body: { phone, code: newCode, password: PASSWORD },
    });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
  });

  it('revoke: the code is void and the process ends; a closed invitation cannot be resent', async () => {
    const org = await setUpActiveService(system, 'revoke');
    const phone = uniquePhone();
    const ids = await addEmployees(system, org, [{ externalId: 'X1', phone }]);
    const employeeId = ids.get('X1')!.id;
    const post = await org.api<{ batchId: string }>('POST', `/v1/organizations/${org.orgId}/invitations`, {
      token: org.key,
      body: { employeeIds: [employeeId] },
    });
    await waitForBatch(system, org, post.body.batchId);
    const code = await readCodeFromSms(system, phone);
    const inv = (await invitationOf(system, org.orgId, org.key, employeeId, org.api))!;

    const revoked = await org.api<InvitationBody>(
      'POST',
      `/v1/organizations/${org.orgId}/invitations/${inv.id}/revoke`,
      {
        token: org.key,
      },
    );
    assert.equal(revoked.status, 200);
    assert.equal(revoked.body.status, 'revoked');
    const refused = await org.api<{ error: { code: string } }>('POST', '/v1/activation', {
      body: { phone, code, password: PASSWORD },
    });
    assert.equal(refused.status, 410);
    assert.equal(refused.body.error.code, 'code_expired');
    const description = await eventually(async () => {
      const d = await system.temporal.workflow.getHandle(`invitation/${inv.id}`).describe();
      return d.status.name === 'COMPLETED' ? d : undefined;
    }, 'the invitation process to end');
    assert.equal(description.status.name, 'COMPLETED');
    const resend = await org.api<{ error: { code: string } }>(
      'POST',
      `/v1/organizations/${org.orgId}/invitations/${inv.id}/resend`,
      { token: org.key },
    );
    assert.equal(resend.status, 409);
    assert.equal(resend.body.error.code, 'invitation_closed');
  });

  it('provider failures: error 8 fails with the reason, HTTP 500 is retried, undelivered shows why; resend after failure', async () => {
    const org = await setUpActiveService(system, 'faults');
    const flaky = uniquePhone();
    const ids = await addEmployees(system, org, [
      { externalId: 'E8', phone: '+79160000008' }, // the local SMSC answers error 8 for …0000008
      { externalId: 'U25', phone: '+79160000025' }, // accepted, then status 25 (unreachable)
      { externalId: 'FLAKY', phone: flaky },
    ]);
    system.smsc.faults.add({ phone: flaky, httpStatus: 500, times: 2 });
    const post = await org.api<{ batchId: string }>('POST', `/v1/organizations/${org.orgId}/invitations`, {
      token: org.key,
      body: { employeeIds: ['E8', 'U25', 'FLAKY'].map((x) => ids.get(x)!.id) },
    });
    const progress = await waitForBatch(
      system,
      org,
      post.body.batchId,
      (p) => p.failed === 2 && p.delivered === 1,
      90_000,
    );
    assert.equal(progress.rejected, 0);
    assert.equal(system.smsc.outbox.list({ phone: flaky }).length, 1, 'retried after HTTP 500, sent once');

    const rejected = (await invitationOf(system, org.orgId, org.key, ids.get('E8')!.id, org.api))!;
    assert.equal(rejected.status, 'failed');
    assert.match(rejected.failureReason ?? '', /SMSC 8/);
    const unreachable = (await invitationOf(system, org.orgId, org.key, ids.get('U25')!.id, org.api))!;
    assert.equal(unreachable.status, 'failed');
    assert.match(unreachable.failureReason ?? '', /25/);
    const failedList = await org.api<Page>(
      'GET',
      `/v1/organizations/${org.orgId}/invitations?status=failed`,
      {
        token: org.key,
      },
    );
    assert.equal(failedList.body.items.length, 2);

    const resend = await org.api(
      'POST',
      `/v1/organizations/${org.orgId}/invitations/${unreachable.id}/resend`,
      {
        token: org.key,
      },
    );
    assert.equal(resend.status, 202);
    await eventually(
      () =>
        Promise.resolve(system.smsc.outbox.list({ phone: '+79160000025' }).length === 2 ? true : undefined),
      'a second SMS after resend',
    );
    const row = await system.db.orm.em.fork().findOneOrFail(Invitation, unreachable.id);
    assert.equal(row.codeGeneration, 2);
  });

  it('SMSC error 9 (the same request within a minute) counts as accepted: no failure, no retry storm', async () => {
    const org = await setUpActiveService(system, 'dup-nine');
    const phone = uniquePhone();
    const ids = await addEmployees(system, org, [{ externalId: 'D9', phone }]);
    const employeeId = ids.get('D9')!.id;
    system.smsc.faults.add({ phone, errorCode: 9, times: 5 });
    const post = await org.api<{ batchId: string }>('POST', `/v1/organizations/${org.orgId}/invitations`, {
      token: org.key,
      body: { employeeIds: [employeeId] },
    });
    const progress = await waitForBatch(system, org, post.body.batchId, (p) => p.done);
    assert.equal(progress.sent, 1);
    assert.equal(progress.failed, 0);
    const invitation = (await invitationOf(system, org.orgId, org.key, employeeId, org.api))!;
    assert.equal(invitation.status, 'sent');
    assert.equal(invitation.failureReason, undefined);
    // One request answered 9; the other four faults are still pending, so nothing was sent again.
    const pending = (await fetch(`${system.smsc.url}/_outbox/faults`).then((r) => r.json())) as {
      faults: { phone?: string; times: number }[];
    };
    assert.equal(pending.faults.find((f) => f.phone === phone)?.times, 4);
  });

  it('SMSC error 3 (no money): the invitation waits visibly for an operator, and a resend tries again', async () => {
    const org = await setUpActiveService(system, 'no-money');
    const phone = uniquePhone();
    const ids = await addEmployees(system, org, [{ externalId: 'M1', phone }]);
    const employeeId = ids.get('M1')!.id;
    system.smsc.faults.add({ phone, errorCode: 3, times: 1 });
    await org.api('POST', `/v1/organizations/${org.orgId}/invitations`, {
      token: org.key,
      body: { employeeIds: [employeeId] },
    });

    const waiting = await eventually(async () => {
      const i = await invitationOf(system, org.orgId, org.key, employeeId, org.api);
      return i?.failureReason ? i : undefined;
    }, 'the provider problem to show');
    assert.equal(waiting.status, 'pending');
    assert.match(waiting.failureReason!, /SMSC 3/);
    const stage = await system.temporal.workflow
      .getHandle(`invitation/${waiting.id}`)
      .query(invitationStageQuery);
    assert.equal(stage.stage, 'waiting_for_provider');
    assert.match(stage.providerProblem ?? '', /SMSC 3/);
    assert.equal(system.smsc.outbox.list({ phone }).length, 0);

    await sleep(1_600); // the resend cooldown counts from the first attempt
    const resend = await org.api('POST', `/v1/organizations/${org.orgId}/invitations/${waiting.id}/resend`, {
      token: org.key,
    });
    assert.equal(resend.status, 202);
    const code = await readCodeFromSms(system, phone);
    assert.equal(system.smsc.outbox.list({ phone }).length, 1);
    const ok = await org.api('POST', '/v1/activation', { body: { phone, code, password: PASSWORD } });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
  });
});

describe('invitation expiry and re-invite', () => {
  let system: TestSystem;
  before(async () => {
    system = await startTestSystem({ codeTtlMs: 2_500 });
  });
  after(async () => system?.close());

  it('an expired invitation can be re-invited with a new code', async () => {
    const org = await setUpActiveService(system, 'reinvite').catch(() => undefined);
    // The admin's own code lives only 2.5 s here; activation above may race it, so check it worked.
    assert.ok(org, 'service activated within the short code lifetime');
    const phone = uniquePhone();
    const ids = await addEmployees(system, org, [{ externalId: 'E1', phone }]);
    const employeeId = ids.get('E1')!.id;
    const invite = () =>
      org.api<{ batchId: string }>('POST', `/v1/organizations/${org.orgId}/invitations`, {
        token: org.key,
        body: { employeeIds: [employeeId] },
      });
    const first = await invite();
    await waitForBatch(system, org, first.body.batchId);
    const code = await readCodeFromSms(system, phone);
    await eventually(async () => {
      const i = await invitationOf(system, org.orgId, org.key, employeeId, org.api);
      return i?.status === 'expired' ? true : undefined;
    }, 'expiry');
    const late = await org.api('POST', '/v1/activation', { body: { phone, code, password: PASSWORD } });
    assert.equal(late.status, 410);

    const second = await invite();
    const progress = await waitForBatch(system, org, second.body.batchId);
    assert.equal(progress.rejected, 0);
    const newCode = await readCodeFromSms(system, phone, 1);
    const ok = await org.api('POST', '/v1/activation', {
      body: { phone, code: newCode, password: PASSWORD },
    });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
  });

  it('an administrator whose first code expired is invited again, and activating then activates the service', async () => {
    const org = await setUpOrganization(system, 'ООО Повтор');
    const connect = await org.api('POST', `/v1/organizations/${org.orgId}/service/connect`, {
      token: org.key,
      body: { serviceName: 'Кабинет', slug: 'again-admin', adminEmployeeId: org.adminId },
    });
    assert.equal(connect.status, 202);
    await readCodeFromSms(system, org.adminPhone);
    await eventually(async () => {
      const i = await invitationOf(system, org.orgId, org.key, org.adminId, org.api);
      return i?.status === 'expired' ? true : undefined;
    }, 'the admin code to expire');

    const again = await org.api<{ batchId: string }>('POST', `/v1/organizations/${org.orgId}/invitations`, {
      token: org.key,
      body: { employeeIds: [org.adminId] },
    });
    assert.equal(again.status, 202);
    const code = await readCodeFromSms(system, org.adminPhone, 1);
    const ok = await org.api('POST', '/v1/activation', {
      body: { phone: org.adminPhone, code, password: PASSWORD },
    });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    const service = await org.api<{ status: string }>('GET', `/v1/organizations/${org.orgId}/service`, {
      token: org.key,
    });
    assert.equal(service.body.status, 'active');
  });
});
