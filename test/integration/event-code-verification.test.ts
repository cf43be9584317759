import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import {
  eventCodeVerification,
  type EventCodeVerificationInput,
} from '../../workflows/event-code-verification.ts';
import { eventually } from '../support/flow.ts';
import { startTestSystem, type TestSystem } from '../support/system.ts';
import { outcomeOf, seedOutcome } from '../support/verification-checks.ts';
import { seedPendingCodes, type Execute } from '../support/verification-seed.ts';

describe('daily event code verification', () => {
  let system: TestSystem;
  let execute: Execute;
  /** The seed needs one session throughout: one transaction. */
  const seed = (options: Parameters<typeof seedPendingCodes>[1]) =>
    system.db.orm.em.fork().transactional((tx) => seedPendingCodes((sql) => tx.execute(sql), options));
  before(async () => {
    system = await startTestSystem();
    execute = (sql) => system.db.orm.em.fork().execute(sql);
  });
  after(async () => system?.close());

  const workflowIdOf = () => `event-code-verification/test-${randomUUID()}`;
  const start = (input: EventCodeVerificationInput = {}) =>
    system.temporal.workflow.start(eventCodeVerification, {
      workflowId: workflowIdOf(),
      taskQueue: system.taskQueue,
      args: [input],
    });
  const processedBy = async (runId: string) => {
    const [run] = await system.db.orm.em
      .fork()
      .execute<{ processed: number }[]>(
        'select verified + rejected as processed from verification_runs where id = ?',
        [runId],
      );
    return run?.processed ?? 0;
  };
  const snapshot = async () => {
    const [row] = await system.db.orm.em.fork().execute<Record<string, string>[]>(
      `select (select count(*) from credit_entries) as entries, (select sum(credits) from credit_entries) as credits,
              (select max(created_at) from credit_entries)::text as last_credit,
              (select count(*) from event_codes where status = 'pending_verification') as pending,
              (select max(verified_at) from event_codes)::text as last_decided,
              (select string_agg(status || coalesce(rejection_reason, '') || n, ',' order by status, rejection_reason)
               from (select status, rejection_reason, count(*)::text as n from event_codes
                     group by status, rejection_reason) s) as by_outcome,
              (select count(*) from plan_items where status = 'done') as done`,
    );
    return row;
  };

  it('decides 100,000 pending codes with mixed outcomes in set-based chunks and credits the verified ones', async (t) => {
    const seeded = await seed({ tag: 'big', codes: 100_000, seriesNo: 1 });
    const began = performance.now();
    const handle = await start();
    const result = await handle.result();
    const seconds = (performance.now() - began) / 1000;
    t.diagnostic(
      `100,000 codes verified in ${seconds.toFixed(1)} s (${Math.round(100_000 / seconds)} codes/s)`,
    );
    console.log(`[verification] 100,000 codes in ${seconds.toFixed(1)} s`);

    assert.deepEqual(await seedOutcome(execute, 'big'), outcomeOf(seeded));
    assert.equal(seeded.verified, 60_000);
    assert.equal(seeded.unknown_code, 20_000);
    assert.equal(result.verified, 60_000);
    assert.equal(result.rejected, 40_000);
    assert.equal(result.total, 100_000);
    assert.ok(result.done);

    const [run] = await system.db.orm.em.fork().execute<Record<string, unknown>[]>(
      `select total, verified, rejected, unknown_code, another_persons_code, not_attended_long_enough,
              finished_at is not null as finished
       from verification_runs where id = ?`,
      [result.runId],
    );
    assert.deepEqual(run, {
      total: 100_000,
      verified: 60_000,
      rejected: 40_000,
      unknown_code: 20_000,
      another_persons_code: 10_000,
      not_attended_long_enough: 10_000,
      finished: true,
    });
    // A few activity calls, each deciding many chunks: never an activity per code or per chunk.
    const history = await handle.fetchHistory();
    const activities = history.events!.filter((e) => e.activityTaskScheduledEventAttributes).length;
    assert.ok(activities <= 10, `${activities} activity calls`);
  });

  it('a second run changes nothing', async () => {
    const before = await snapshot();
    const result = await (await start()).result();
    assert.deepEqual(
      { verified: result.verified, rejected: result.rejected, total: result.total },
      {
        verified: 0,
        rejected: 0,
        total: 0,
      },
    );
    assert.deepEqual(await snapshot(), before);
  });

  it('a worker going down between chunks: the retry resumes where it stopped, without double credits', async () => {
    // Slow on purpose (100 codes a chunk, half a second apart): the shutdown must land mid-run even
    // though the worker lets the activity go on for its grace period before cancelling it.
    const seeded = await seed({ tag: 'crash', codes: 6_000, seriesNo: 2 });
    const handle = await start({ chunkSize: 100, pauseAfterChunkMs: 500 });
    const runId = await eventually(async () => {
      const [run] = await system.db.orm.em
        .fork()
        .execute<{ id: string }[]>(
          'select id from verification_runs where workflow_id = ? and verified + rejected >= 600',
          [handle.workflowId],
        );
      return run?.id;
    }, '600 codes decided');
    await system.restartWorker();
    const atRestart = await processedBy(runId);
    assert.ok(atRestart < 6_000, `the worker went down mid-run (${atRestart} decided)`);

    const result = await handle.result();
    assert.deepEqual(await seedOutcome(execute, 'crash'), outcomeOf(seeded));
    assert.equal(result.verified + result.rejected, 6_000);
    assert.equal(result.verified, seeded.verified);
    // The activity call the shutdown cut short was retried (attempt 2) and went on from its heartbeat.
    const events = (await handle.fetchHistory()).events ?? [];
    assert.ok(events.some((e) => (e.activityTaskStartedEventAttributes?.attempt ?? 0) > 1));
  });

  it('a run terminated mid-way, then a new run: every code decided and credited exactly once', async () => {
    const seeded = await seed({ tag: 'term', codes: 10_000, seriesNo: 3 });
    const first = await start({ chunkSize: 500, pauseAfterChunkMs: 150 });
    const firstRunId = await eventually(async () => {
      const [run] = await system.db.orm.em
        .fork()
        .execute<{ id: string }[]>(
          'select id from verification_runs where workflow_id = ? and verified + rejected >= 2000',
          [first.workflowId],
        );
      return run?.id;
    }, '2,000 codes decided');
    await first.terminate('test: the run dies mid-way');
    const decidedByFirst = await processedBy(firstRunId);
    assert.ok(decidedByFirst < 10_000);

    const second = await (await start()).result();
    // The old activity may still finish the chunk it was in; together they decide each code once.
    const decidedByFirstInTheEnd = await processedBy(firstRunId);
    assert.equal(decidedByFirstInTheEnd + second.verified + second.rejected, 10_000);
    assert.deepEqual(await seedOutcome(execute, 'term'), outcomeOf(seeded));
  });
});
