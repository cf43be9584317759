import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { loadEnv } from '../../config/env.ts';
import { upsertVerificationSchedule } from '../../worker/schedules.ts';
import { ProcessKindKey } from '../../workflows/search-attributes.ts';
import { eventually } from '../support/flow.ts';
import { startTestSystem, type TestSystem } from '../support/system.ts';

describe('daily verification schedule', () => {
  let system: TestSystem;
  const scheduleId = `event-code-verification-test-${randomBytes(4).toString('hex')}`;
  before(async () => {
    system = await startTestSystem();
  });
  after(async () => {
    await system?.temporal.schedule
      .getHandle(scheduleId)
      .delete()
      .catch(() => undefined);
    await system?.close();
  });

  it('is created at 03:00 Moscow time with overlap SKIP and a day of catch-up, then kept up to date', async () => {
    const options = { scheduleId, taskQueue: system.taskQueue, time: '03:00', timeZone: 'Europe/Moscow' };
    assert.equal(await upsertVerificationSchedule(system.temporal, options), 'created');
    const handle = system.temporal.schedule.getHandle(scheduleId);
    const created = await handle.describe();

    assert.equal(created.spec.timezone, 'Europe/Moscow');
    assert.deepEqual(
      created.spec.calendars?.map((c) => ({ hour: c.hour, minute: c.minute, second: c.second })),
      [
        {
          hour: [{ start: 3, end: 3, step: 1 }],
          minute: [{ start: 0, end: 0, step: 1 }],
          second: [{ start: 0, end: 0, step: 1 }],
        },
      ],
    );
    assert.equal(created.policies.overlap, 'SKIP');
    assert.equal(created.policies.catchupWindow, 24 * 3600_000);
    assert.equal(created.action.type, 'startWorkflow');
    assert.equal(created.action.workflowType, 'eventCodeVerification');
    assert.equal(created.action.taskQueue, system.taskQueue);
    const actionAttributes = created.action.typedSearchAttributes;
    assert.ok(actionAttributes && 'get' in actionAttributes);
    assert.equal(actionAttributes.get(ProcessKindKey), 'event_code_verification');
    // Moscow is UTC+3 all year: 03:00 there is 00:00 UTC.
    const next = created.info.nextActionTimes[0]!;
    assert.deepEqual([next.getUTCHours(), next.getUTCMinutes()], [0, 0]);
    assert.ok(next.getTime() - Date.now() <= 24 * 3600_000);

    // An operator paused it; a worker restarting with a new time changes the time, not the pause.
    await handle.pause('maintenance');
    assert.equal(await upsertVerificationSchedule(system.temporal, { ...options, time: '04:30' }), 'updated');
    const updated = await handle.describe();
    assert.equal(updated.state.paused, true);
    assert.deepEqual(updated.spec.calendars?.[0]?.hour, [{ start: 4, end: 4, step: 1 }]);
    assert.deepEqual(updated.spec.calendars?.[0]?.minute, [{ start: 30, end: 30, step: 1 }]);
    assert.equal(updated.policies.overlap, 'SKIP');
    assert.equal(updated.typedSearchAttributes.get(ProcessKindKey), 'event_code_verification');
  });

  it('triggering it by hand (as from the Temporal UI) runs a verification on the worker', async () => {
    const handle = system.temporal.schedule.getHandle(scheduleId);
    await handle.trigger();
    const workflowId = await eventually(async () => {
      const recent = (await handle.describe()).info.recentActions;
      return recent[0]?.action.workflow.workflowId;
    }, 'the triggered run');
    assert.ok(workflowId.startsWith(scheduleId), workflowId);
    const result = (await system.temporal.workflow.getHandle(workflowId).result()) as {
      done: boolean;
      runId: string;
    };
    assert.equal(result.done, true);
    const [run] = await system.db.orm.em
      .fork()
      .execute<{ workflow_id: string; finished: boolean }[]>(
        'select workflow_id, finished_at is not null as finished from verification_runs where id = ?',
        [result.runId],
      );
    assert.deepEqual(run, { workflow_id: workflowId, finished: true });
  });

  it('configuration: VERIFICATION_TIME and VERIFICATION_TIMEZONE default to 03:00 Europe/Moscow and are checked', () => {
    const base = {
      DATABASE_URL: 'postgres://u:p@localhost/db',
      KABINET_OPERATOR_TOKEN: 'x'.repeat(16),
      KABINET_SECRET: 'y'.repeat(16),
    };
    const env = loadEnv(base);
    assert.equal(env.VERIFICATION_TIME, '03:00');
    assert.equal(env.VERIFICATION_TIMEZONE, 'Europe/Moscow');
    assert.throws(() => loadEnv({ ...base, VERIFICATION_TIME: '3am' }), /VERIFICATION_TIME/);
    assert.throws(() => loadEnv({ ...base, VERIFICATION_TIME: '24:00' }), /VERIFICATION_TIME/);
    assert.throws(() => loadEnv({ ...base, VERIFICATION_TIMEZONE: 'Mars/Olympus' }), /VERIFICATION_TIMEZONE/);
    assert.equal(
      loadEnv({ ...base, VERIFICATION_TIMEZONE: 'Asia/Yekaterinburg' }).VERIFICATION_TIMEZONE,
      'Asia/Yekaterinburg',
    );
  });
});
