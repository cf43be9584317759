import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkLocked, clearFailures, loginThrottleKey, recordFailure } from '../../api/security/lockout.ts';
import { createTestDatabase } from '../support/database.ts';

const LIMITS = { maxFailures: 5, windowMs: 600_000, lockMs: 600_000 };

describe('api/lockout.ts against PostgreSQL', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  before(async () => {
    db = await createTestDatabase();
  });
  after(async () => {
    await db?.drop();
  });

  it('keys logins by a keyed hash of their normal form', () => {
    const key = loginThrottleKey('secret-0123456789', '+7 (916) 123-45-67');
    assert.equal(key, loginThrottleKey('secret-0123456789', '89161234567'));
    assert.equal(
      loginThrottleKey('s-0123456789abcdef', 'Ivan@Mail.RU'),
      loginThrottleKey('s-0123456789abcdef', 'ivan@mail.ru'),
    );
    assert.notEqual(key, loginThrottleKey('another-secret-000', '89161234567'));
    assert.doesNotMatch(key, /9161234567/);
  });

  it('locks on the fifth failure, not before, and a success clears the count', async () => {
    const em = db.orm.em.fork();
    const key = 'test:sequential';
    for (let i = 1; i <= 4; i++) {
      const result = await recordFailure(em, key, LIMITS);
      assert.deepEqual(result, { locked: false, counted: true, failures: i });
      assert.equal(await checkLocked(em, key), null);
    }
    const fifth = await recordFailure(em, key, LIMITS);
    assert.equal(fifth.locked, true);
    assert.equal(fifth.counted, true);
    assert.ok(
      fifth.retryAfterSeconds! > 590 && fifth.retryAfterSeconds! <= 600,
      String(fifth.retryAfterSeconds),
    );
    const locked = await checkLocked(em, key);
    assert.ok(locked && locked.lockedForSeconds > 590 && locked.lockedForSeconds <= 600);
    const sixth = await recordFailure(em, key, LIMITS);
    assert.equal(sixth.locked, true);
    assert.equal(sixth.counted, false, 'attempts while locked do not count');
    assert.equal(sixth.failures, 5);

    await clearFailures(em, key);
    assert.equal(await checkLocked(em, key), null);
    assert.deepEqual(await recordFailure(em, key, LIMITS), { locked: false, counted: true, failures: 1 });
  });

  it('counts exactly five of twenty parallel failures', async () => {
    const key = 'test:parallel';
    const results = await Promise.all(
      Array.from({ length: 20 }, () => recordFailure(db.orm.em.fork(), key, LIMITS)),
    );
    assert.equal(results.filter((r) => r.counted).length, 5);
    assert.equal(results.filter((r) => !r.locked).length, 4);
    const [row] = await db.orm.em
      .fork()
      .execute<{ failures: number }[]>('select failures from login_throttles where key = ?', [key]);
    assert.equal(row?.failures, 5);
  });

  it('starts a new window once the old one has passed and after a lock ends', async () => {
    const em = db.orm.em.fork();
    const key = 'test:window';
    await recordFailure(em, key, LIMITS);
    await recordFailure(em, key, LIMITS);
    await em.execute(
      `update login_throttles set window_started_at = now() - interval '11 minutes' where key = ?`,
      [key],
    );
    assert.deepEqual(await recordFailure(em, key, LIMITS), { locked: false, counted: true, failures: 1 });
    for (let i = 0; i < 4; i++) await recordFailure(em, key, LIMITS);
    assert.ok(await checkLocked(em, key));
    await em.execute(`update login_throttles set locked_until = now() - interval '1 second' where key = ?`, [
      key,
    ]);
    assert.equal(await checkLocked(em, key), null, 'the lock has ended');
    assert.deepEqual(await recordFailure(em, key, LIMITS), { locked: false, counted: true, failures: 1 });
  });

  it('a limit of one locks on the first failure', async () => {
    const result = await recordFailure(db.orm.em.fork(), 'test:one', { ...LIMITS, maxFailures: 1 });
    assert.equal(result.locked, true);
    assert.equal(result.counted, true);
  });
});
