import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Invitation, Service, OutboxMessage } from '../../db/entities/index.ts';
import { onboardingStageQuery } from '../../workflows/service-onboarding.ts';
import { eventually, readCodeFromSms, setUpOrganization } from '../support/flow.ts';
import { startTestSystem, type TestSystem } from '../support/system.ts';

const PASSWORD = 'Надёжный-пароль-1';

async function connect(system: TestSystem, slug: string, adminPhone?: string) {
  const org = await setUpOrganization(system, `ООО ${slug}`);
  let adminId = org.adminId;
  let phone = org.adminPhone;
  if (adminPhone) {
    await org.api('PUT', `/v1/organizations/${org.orgId}/employees`, {
      token: org.key,
      body: { employees: [{ externalId: 'ADM-X', fullName: 'Админ', email: 'x@romashka.ru', phone: adminPhone }] },
    });
    const list = await org.api<{ items: { id: string; externalId: string }[] }>(
      'GET',
      `/v1/organizations/${org.orgId}/employees`,
      { token: org.key },
    );
    adminId = list.body.items.find((e) => e.externalId === 'ADM-X')!.id;
    phone = adminPhone;
  }
  const res = await org.api('POST', `/v1/organizations/${org.orgId}/service/connect`, {
    token: org.key,
    body: { serviceName: `Кабинет ${slug}`, slug, adminEmployeeId: adminId },
  });
  assert.equal(res.status, 202, JSON.stringify(res.body));
  const invitation = await eventually(
    () => system.db.orm.em.fork().findOne(Invitation, { organizationId: org.orgId }).then((i) => i ?? undefined),
    'the admin invitation',
  );
  return { ...org, adminId, adminPhone: phone, invitationId: invitation.id };
}

const serviceStatus = (system: TestSystem, orgId: string) =>
  system.db.orm.em.fork().findOneOrFail(Service, orgId).then((s) => s.status);

describe('invitation workflow: attempts, secrets, search attributes, worker restart', () => {
  let system: TestSystem;
  before(async () => {
    system = await startTestSystem();
  });
  after(async () => system?.close());

  it('five wrong codes → too_many_attempts, and the right code is refused after that', async () => {
    const { api, adminPhone } = await connect(system, 'five-wrong');
    const code = await readCodeFromSms(system, adminPhone);
    const wrong = code === '999999' ? '888888' : '999999';
    const attemptsLeft: number[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await api<{ error: { details: { attemptsLeft: number } } }>('POST', '/v1/activation', {
        body: { phone: adminPhone, code: wrong, password: PASSWORD },
      });
      assert.equal(res.status, 422);
      attemptsLeft.push(res.body.error.details.attemptsLeft);
    }
    assert.deepEqual(attemptsLeft, [4, 3, 2, 1, 0]);
    const sixth = await api<{ error: { code: string } }>('POST', '/v1/activation', {
      body: { phone: adminPhone, code: wrong, password: PASSWORD },
    });
    assert.equal(sixth.status, 410);
    assert.equal(sixth.body.error.code, 'too_many_attempts');
    const right = await api<{ error: { code: string } }>('POST', '/v1/activation', {
      body: { phone: adminPhone, code, password: PASSWORD },
    });
    assert.equal(right.status, 410);
    assert.equal(right.body.error.code, 'too_many_attempts');
  });

  it('20 parallel wrong codes: exactly 5 are counted, the rest refused', async () => {
    const { api, adminPhone, invitationId } = await connect(system, 'parallel-wrong');
    const code = await readCodeFromSms(system, adminPhone);
    const wrong = code === '999999' ? '888888' : '999999';
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        api<{ error: { code: string } }>('POST', '/v1/activation', {
          body: { phone: adminPhone, code: wrong, password: PASSWORD },
        }),
      ),
    );
    const counted = results.filter((r) => r.status === 422 && r.body.error.code === 'invalid_code').length;
    const refused = results.filter((r) => r.status === 410 && r.body.error.code === 'too_many_attempts').length;
    assert.equal(counted, 5);
    assert.equal(refused, 15);
    const invitation = await system.db.orm.em.fork().findOneOrFail(Invitation, invitationId);
    assert.equal(invitation.attemptsUsed, 5);
  });

  it('keeps codes and passwords out of workflow history, and is findable by organization', async () => {
    const { api, adminPhone, orgId, invitationId } = await connect(system, 'no-secrets');
    const code = await readCodeFromSms(system, adminPhone);
    const ok = await api('POST', '/v1/activation', { body: { phone: adminPhone, code, password: PASSWORD } });
    assert.equal(ok.status, 200);
    // The database says active as soon as the code is right; wait for the process to record it too.
    await eventually(async () => {
      const { stage } = await system.temporal.workflow.getHandle(`onboarding/${orgId}`).query(onboardingStageQuery);
      return stage === 'active' ? true : undefined;
    }, 'the onboarding process to reach active');

    for (const workflowId of [`onboarding/${orgId}`, `invitation/${invitationId}`]) {
      const history = await system.temporal.workflow.getHandle(workflowId).fetchHistory();
      const text = JSON.stringify(history, (_k, v: unknown) =>
        v instanceof Uint8Array ? Buffer.from(v).toString('utf8') : typeof v === 'bigint' ? String(v) : v,
      );
      assert.ok(text.includes('activateService') || text.includes('verifyActivationAttempt'), 'history was read');
      assert.ok(!text.includes(code), `the code appears in ${workflowId} history`);
      assert.ok(!text.includes(PASSWORD), `the password appears in ${workflowId} history`);
    }

    const found = await eventually(async () => {
      const ids: string[] = [];
      for await (const wf of system.temporal.workflow.list({ query: `OrganizationId = "${orgId}"` })) ids.push(wf.workflowId);
      return ids.length >= 2 ? ids.sort() : undefined;
    }, 'workflows by organization in visibility');
    assert.deepEqual(found, [`invitation/${invitationId}`, `onboarding/${orgId}`]);
  });

  it('survives a worker restart while waiting for the code', async () => {
    const { api, adminPhone, orgId } = await connect(system, 'restart');
    const code = await readCodeFromSms(system, adminPhone);
    await system.restartWorker();
    const ok = await api('POST', '/v1/activation', { body: { phone: adminPhone, code, password: PASSWORD } });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    await eventually(async () => ((await serviceStatus(system, orgId)) === 'active' ? true : undefined), 'active');
    assert.equal(system.smsc.outbox.list({ phone: adminPhone }).length, 1, 'exactly one SMS');
  });

  it('a number the provider rejects fails the invitation with the reason, without retries', async () => {
    const rejected = '+79160000007'; // the local SMSC server answers error 7 for …0000007
    const { invitationId } = await connect(system, 'bad-phone', rejected);
    const invitation = await eventually(async () => {
      const i = await system.db.orm.em.fork().findOneOrFail(Invitation, invitationId);
      return i.status === 'failed' ? i : undefined;
    }, 'the invitation to fail');
    assert.match(invitation.failureReason ?? '', /SMSC 7/);
    const sms = await system.db.orm.em.fork().find(OutboxMessage, { invitationId });
    assert.deepEqual(
      sms.map((m) => m.status),
      ['failed'],
    );
  });
});

describe('deadlines: code expiry and trial end', () => {
  let system: TestSystem;
  before(async () => {
    system = await startTestSystem({ codeTtlMs: 2_000, trialDurationMs: 6_000 });
  });
  after(async () => system?.close());

  it('an expired code answers 410 code_expired and the invitation is expired', async () => {
    const { api, adminPhone, invitationId } = await connect(system, 'expiry');
    const code = await readCodeFromSms(system, adminPhone);
    await eventually(async () => {
      const i = await system.db.orm.em.fork().findOneOrFail(Invitation, invitationId);
      return i.status === 'expired' ? true : undefined;
    }, 'the invitation to expire');
    const res = await api<{ error: { code: string } }>('POST', '/v1/activation', {
      body: { phone: adminPhone, code, password: PASSWORD },
    });
    assert.equal(res.status, 410);
    assert.equal(res.body.error.code, 'code_expired');
  });

  it('an activated service becomes expired when the trial ends', async () => {
    const { api, adminPhone, orgId } = await connect(system, 'trial-end');
    const code = await readCodeFromSms(system, adminPhone);
    const ok = await api('POST', '/v1/activation', { body: { phone: adminPhone, code, password: PASSWORD } });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    await eventually(async () => ((await serviceStatus(system, orgId)) === 'active' ? true : undefined), 'active');
    await eventually(
      async () => ((await serviceStatus(system, orgId)) === 'expired' ? true : undefined),
      'the trial to end',
      15_000,
    );
    const service = await api<{ status: string }>('GET', `/v1/organizations/${orgId}/service`, {
      token: system.operatorToken,
    });
    assert.equal(service.body.status, 'expired');
  });
});
