import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { loginThrottleKey } from '../../api/security/lockout.ts';
import { ACCOUNT_PASSWORD, createAccount, linkInLetter, uniqueEmail } from '../support/accounts.ts';
import { humanCheckAnswer } from '../support/human-check.ts';
import { httpClient, type HttpCall } from '../support/http.ts';
import { codeInLetter } from '../support/mail.ts';
import { startTestSystem, type TestSystem } from '../support/system.ts';

type ErrorBody = {
  error: { code: string; message: string; details?: Record<string, unknown> };
  requestId: string;
};
type LoginBody = { token: string; user: { id: string; login: string } };

const CHROME_LINUX =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const LOCK_MS = 2000;

describe('accounts over HTTP', () => {
  let system: TestSystem;
  let api: HttpCall;
  before(async () => {
    system = await startTestSystem({ loginLockDurationMs: LOCK_MS });
    api = httpClient(system.baseUrl);
  });
  after(async () => system?.close());

  const login = (loginName: string, password: string, headers: Record<string, string> = {}) =>
    api<LoginBody & ErrorBody>('POST', '/v1/auth/login', { body: { login: loginName, password }, headers });

  async function throttleFailures(loginName: string): Promise<number | undefined> {
    const [row] = await system.db.orm.em
      .fork()
      .execute<{ failures: number }[]>('select failures from login_throttles where key = ?', [
        loginThrottleKey(system.secret, loginName),
      ]);
    return row?.failures;
  }

  describe('login lockout', () => {
    it('locks after 5 wrong passwords (429 with Retry-After, even for the right one) and lets in after the lock', async () => {
      const account = await createAccount(system);
      for (let i = 1; i <= 4; i++) {
        const wrong = await login(account.login, `wrong-password-${i}`);
        assert.equal(wrong.status, 401, `attempt ${i}`);
        assert.equal(wrong.body.error.code, 'invalid_credentials');
      }
      const fifth = await login(account.login, 'wrong-password-5');
      assert.equal(fifth.status, 429);
      assert.equal(fifth.body.error.code, 'account_locked');
      const retryAfter = Number(fifth.headers.get('retry-after'));
      assert.ok(retryAfter >= 1 && retryAfter <= Math.ceil(LOCK_MS / 1000), `Retry-After ${retryAfter}`);

      const rightWhileLocked = await login(account.login, account.password);
      assert.equal(rightWhileLocked.status, 429, 'the right password does not open a locked account');
      assert.ok(rightWhileLocked.headers.get('retry-after'));
      assert.equal(await throttleFailures(account.login), 5, 'attempts while locked are not counted');

      let after: Awaited<ReturnType<typeof login>> | undefined;
      for (let i = 0; i < 50; i++) {
        await sleep(200);
        after = await login(account.login, account.password);
        if (after.status !== 429) break;
      }
      assert.equal(after?.status, 200, 'the lock ends after LOGIN_LOCK_DURATION');
      assert.equal(await throttleFailures(account.login), undefined, 'a success clears the counter');
      assert.equal((await login(account.login, 'wrong-again')).status, 401, 'a new count starts');
    });

    it('counts exactly 5 of 20 parallel wrong logins; the rest get 429', async () => {
      const account = await createAccount(system);
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => login(account.login, `parallel-wrong-${i}`)),
      );
      const statuses = results.map((r) => r.status);
      assert.equal(statuses.filter((s) => s === 401).length, 4, statuses.join(','));
      assert.equal(statuses.filter((s) => s === 429).length, 16, statuses.join(','));
      assert.equal(await throttleFailures(account.login), 5);
      const events = await system.db.orm.em
        .fork()
        .execute<{ result: string; n: number }[]>(
          'select result, count(*)::int as n from login_events where user_id = ? group by result order by result',
          [account.id],
        );
      assert.deepEqual(events, [
        { result: 'invalid_credentials', n: 5 },
        { result: 'locked', n: 15 },
      ]);
    });

    it('answers an unknown login exactly like a wrong password, and locks it the same way', async () => {
      const account = await createAccount(system);
      const wrongPassword = await login(account.login, 'not-the-password');
      const unknown = await login(uniqueEmail('nobody'), 'not-the-password');
      assert.equal(unknown.status, wrongPassword.status);
      assert.equal(unknown.status, 401);
      const strip = (body: ErrorBody) => ({ ...body, requestId: undefined });
      assert.deepEqual(strip(unknown.body), strip(wrongPassword.body));
      assert.deepEqual(unknown.body.error, {
        code: 'invalid_credentials',
        message: 'Неправильный логин или пароль',
      });
      assert.deepEqual(
        [...unknown.headers.keys()]
          .filter((h) => !['date', 'x-request-id', 'content-length'].includes(h))
          .sort(),
        [...wrongPassword.headers.keys()]
          .filter((h) => !['date', 'x-request-id', 'content-length'].includes(h))
          .sort(),
      );

      const ghost = uniqueEmail('ghost');
      const statuses = [];
      for (let i = 0; i < 6; i++) statuses.push((await login(ghost, 'whatever-password')).status);
      assert.deepEqual(statuses, [401, 401, 401, 401, 429, 429]);
    });
  });

  describe('sessions and connection history', () => {
    it('lists sessions with a device label; an ended or idle session is refused on its next request', async () => {
      const account = await createAccount(system);
      const first = await login(account.login, account.password, { 'user-agent': CHROME_LINUX });
      const second = await login(account.email.toUpperCase(), account.password, {
        'user-agent': 'curl/8.5.0',
      });
      const third = await login(account.login, account.password);
      assert.equal(first.status, 200);
      assert.equal(second.status, 200, 'the e-mail works in any case');
      type SessionItem = {
        id: string;
        device: string | null;
        ip: string;
        current: boolean;
        lastSeenAt: string;
      };
      const list = await api<{ items: SessionItem[] }>('GET', '/v1/me/sessions', { token: first.body.token });
      assert.equal(list.status, 200);
      assert.equal(list.body.items.length, 3);
      const current = list.body.items.find((s) => s.current)!;
      assert.equal(current.device, 'Chrome on Linux');
      assert.equal(current.ip, '127.0.0.1');
      assert.ok(list.body.items.some((s) => s.device === 'curl'));

      const secondId = list.body.items.find((s) => s.device === 'curl')!.id;
      assert.equal(
        (await api('DELETE', `/v1/me/sessions/${secondId}`, { token: first.body.token })).status,
        204,
      );
      const ended = await api<ErrorBody>('GET', '/v1/me', { token: second.body.token });
      assert.equal(ended.status, 401, 'a terminated session is refused on its next request');

      // Idle longer than SESSION_IDLE_TIMEOUT (2 hours): refused, although its lifetime is not over.
      await system.db.orm.em
        .fork()
        .execute(
          `update sessions set last_seen_at = now() - interval '2 hours 1 minute' where user_id = ? and revoked_at is null and id <> ?`,
          [account.id, current.id],
        );
      assert.equal(
        (await api('GET', '/v1/me', { token: third.body.token })).status,
        401,
        'an idle session is refused',
      );
      const fresh = await api<{ items: SessionItem[] }>('GET', '/v1/me/sessions', {
        token: first.body.token,
      });
      assert.deepEqual(
        fresh.body.items.map((s) => s.id),
        [current.id],
        'idle and ended sessions are not listed',
      );

      const other = await login(account.login, account.password);
      const endAll = await api<{ ended: number }>('DELETE', '/v1/me/sessions', { token: first.body.token });
      assert.deepEqual(endAll.body, { ended: 2 }, 'the new one and the idle one');
      assert.equal((await api('GET', '/v1/me', { token: other.body.token })).status, 401);
      assert.equal((await api('GET', '/v1/me', { token: first.body.token })).status, 200);
    });

    it('keeps the connection history: time, IP, user agent and result, newest first, in pages', async () => {
      const account = await createAccount(system);
      await login(account.login, 'wrong-password-x', { 'user-agent': 'curl/8.5.0' });
      const ok = await login(account.login, account.password, { 'user-agent': CHROME_LINUX });
      type Entry = { id: string; at: string; ip: string; userAgent: string; device: string; result: string };
      const page1 = await api<{ items: Entry[]; nextCursor: string | null }>(
        'GET',
        '/v1/me/connection-history?limit=1',
        { token: ok.body.token },
      );
      assert.equal(page1.status, 200);
      assert.equal(page1.body.items.length, 1);
      assert.equal(page1.body.items[0]!.result, 'success');
      assert.equal(page1.body.items[0]!.userAgent, CHROME_LINUX);
      assert.equal(page1.body.items[0]!.device, 'Chrome on Linux');
      assert.equal(page1.body.items[0]!.ip, '127.0.0.1');
      assert.ok(!Number.isNaN(Date.parse(page1.body.items[0]!.at)));
      assert.ok(page1.body.nextCursor);
      const page2 = await api<{ items: Entry[]; nextCursor: string | null }>(
        'GET',
        `/v1/me/connection-history?limit=1&cursor=${page1.body.nextCursor}`,
        { token: ok.body.token },
      );
      assert.deepEqual(
        page2.body.items.map((e) => [e.result, e.device]),
        [['invalid_credentials', 'curl']],
      );
      assert.equal(page2.body.nextCursor, null);
      const bad = await api<ErrorBody>('GET', '/v1/me/connection-history?cursor=bm9wZQ', {
        token: ok.body.token,
      });
      assert.equal(bad.status, 400);
    });

    it('changing my password ends my other sessions, not this one', async () => {
      const account = await createAccount(system);
      const mine = await login(account.login, account.password);
      const other = await login(account.login, account.password);
      const wrong = await api<ErrorBody>('POST', '/v1/me/password', {
        token: mine.body.token,
        body: { currentPassword: 'not-it-at-all', password: 'Новый-пароль-77' },
      });
      assert.equal(wrong.status, 422);
      const weak = await api<ErrorBody>('POST', '/v1/me/password', {
        token: mine.body.token,
        body: { currentPassword: account.password, password: '12345678' },
      });
      assert.equal(weak.status, 422);
      assert.equal(weak.body.error.code, 'weak_password');
      const changed = await api<{ sessionsEnded: number }>('POST', '/v1/me/password', {
        token: mine.body.token,
        body: { currentPassword: account.password, password: 'Новый-пароль-77' },
      });
      assert.equal(changed.status, 200);
      assert.equal(changed.body.sessionsEnded, 1);
      assert.equal((await api('GET', '/v1/me', { token: other.body.token })).status, 401);
      assert.equal((await api('GET', '/v1/me', { token: mine.body.token })).status, 200);
      assert.equal((await login(account.login, account.password)).status, 401);
      assert.equal((await login(account.login, 'Новый-пароль-77')).status, 200);
    });
  });

  describe('registration', () => {
    it('education form: 201 pending → letter with the login and a link → confirm → login → profile', async () => {
      const email = uniqueEmail('teacher');
      const body = {
        form: 'education',
        email: email.toUpperCase(),
        password: ACCOUNT_PASSWORD,
        fullName: 'Петрова  Мария Ивановна',
        snils: '112-233-445 95',
        humanCheck: await humanCheckAnswer(system.baseUrl),
      };
      const created = await api<{ userId: string; login: string; status: string }>(
        'POST',
        '/v1/auth/register',
        {
          body,
        },
      );
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.deepEqual(created.body, {
        userId: created.body.userId,
        login: email,
        status: 'pending_confirmation',
      });

      const notYet = await login(email, ACCOUNT_PASSWORD);
      assert.equal(notYet.status, 403);
      assert.equal(notYet.body.error.code, 'email_not_confirmed');
      assert.equal(
        (await login(email, 'wrong-password-1')).status,
        401,
        'a wrong password says nothing more',
      );

      const again = await api<ErrorBody>('POST', '/v1/auth/register', {
        body: { ...body, humanCheck: await humanCheckAnswer(system.baseUrl) },
      });
      assert.equal(again.status, 409);
      assert.equal(again.body.error.code, 'email_taken');
      assert.deepEqual(again.body.error.details, { field: 'email' });

      const letter = await system.mail.waitForLetter(email);
      assert.equal(letter.subject, 'Подтвердите регистрацию');
      assert.match(letter.text, new RegExp(`Ваш логин: ${email.replace(/[.]/g, '\\.')}`));
      const link = linkInLetter(letter, '/register/confirm');
      assert.equal(link.origin, 'http://localhost:3000');
      const token = link.searchParams.get('token')!;

      const wrongToken = await api<ErrorBody>('POST', '/v1/auth/confirm-email', {
        body: { token: `${token}x` },
      });
      assert.equal(wrongToken.status, 410);
      const confirmed = await api<{ status: string }>('POST', '/v1/auth/confirm-email', { body: { token } });
      assert.equal(confirmed.status, 200);
      assert.equal(confirmed.body.status, 'active');
      const twice = await api<{ status: string }>('POST', '/v1/auth/confirm-email', { body: { token } });
      assert.equal(twice.status, 200, 'opening the link again is fine');

      const ok = await login(email, ACCOUNT_PASSWORD);
      assert.equal(ok.status, 200);
      const me = await api<Record<string, unknown>>('GET', '/v1/me', { token: ok.body.token });
      assert.equal(me.body.login, email);
      assert.equal(me.body.email, email);
      assert.equal(me.body.fullName, 'Петрова Мария Ивановна');
      assert.equal(me.body.snils, '11223344595');
      assert.equal(me.body.portal, 'education');
      assert.equal(me.body.status, 'active');
      assert.equal(me.body.emailVerified, true);
    });

    it('1С:ИТС form: its own login, consent and the human check are required; fields are named', async () => {
      const email = uniqueEmail('accountant');
      const base = {
        form: 'its',
        login: `Buh-${Date.now().toString(36)}`,
        password: ACCOUNT_PASSWORD,
        email,
        fullName: 'Сидоров Олег Петрович',
        workplace: 'ООО «Ромашка»',
        city: 'Казань',
        phone: '8 (916) 123-45-67',
        consent: true,
      };
      const noConsent = await api<ErrorBody>('POST', '/v1/auth/register', {
        body: { ...base, consent: false, phone: 'abc', humanCheck: await humanCheckAnswer(system.baseUrl) },
      });
      assert.equal(noConsent.status, 422);
      const fields = (noConsent.body.error.details!.fields as { field: string }[]).map((f) => f.field);
      assert.deepEqual(fields, ['phone', 'consent']);

      const challenge = await humanCheckAnswer(system.baseUrl);
      const wrongAnswer = await api<ErrorBody>('POST', '/v1/auth/register', {
        body: { ...base, humanCheck: { ...challenge, answer: String(Number(challenge.answer) + 1) } },
      });
      assert.equal(wrongAnswer.status, 422);
      assert.equal(wrongAnswer.body.error.code, 'human_check_failed');
      assert.deepEqual(wrongAnswer.body.error.details, { field: 'humanCheck' });
      const reused = await api<ErrorBody>('POST', '/v1/auth/register', {
        body: { ...base, humanCheck: challenge },
      });
      assert.equal(reused.body.error.code, 'human_check_failed', 'a token is used up by any answer');

      const created = await api<{ login: string; status: string }>('POST', '/v1/auth/register', {
        body: { ...base, humanCheck: await humanCheckAnswer(system.baseUrl) },
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.equal(created.body.login, base.login.toLowerCase());

      const sameLogin = await api<ErrorBody>('POST', '/v1/auth/register', {
        body: { ...base, email: uniqueEmail('other'), humanCheck: await humanCheckAnswer(system.baseUrl) },
      });
      assert.equal(sameLogin.status, 409);
      assert.deepEqual(sameLogin.body.error.details, { field: 'login' });

      const letter = await system.mail.waitForLetter(email);
      assert.doesNotMatch(
        letter.text,
        /Ваш логин/,
        'the ИТС letter does not repeat a login the person chose',
      );
      const token = linkInLetter(letter, '/register/confirm').searchParams.get('token')!;
      assert.equal((await api('POST', '/v1/auth/confirm-email', { body: { token } })).status, 200);
      const ok = await login(base.login.toUpperCase(), ACCOUNT_PASSWORD);
      assert.equal(ok.status, 200);
      const me = await api<Record<string, unknown>>('GET', '/v1/me', { token: ok.body.token });
      assert.equal(me.body.phone, '+79161234567');
      assert.equal(me.body.portal, 'its');
      assert.equal((me.body.profile as Record<string, unknown>).city, 'Казань');
    });

    it('refuses a SNILS with a wrong check number, naming the field', async () => {
      const res = await api<ErrorBody>('POST', '/v1/auth/register', {
        body: {
          form: 'education',
          email: uniqueEmail(),
          password: ACCOUNT_PASSWORD,
          fullName: 'Иванов Иван',
          snils: '112-233-445 96',
          humanCheck: await humanCheckAnswer(system.baseUrl),
        },
      });
      assert.equal(res.status, 422);
      assert.deepEqual(
        (res.body.error.details!.fields as { field: string }[]).map((f) => f.field),
        ['snils'],
      );
    });
  });

  describe('password recovery', () => {
    const ask = async (target: { email: string } | { snils: string }) =>
      api<Record<string, unknown>>('POST', '/v1/auth/recovery', {
        body: { ...target, humanCheck: await humanCheckAnswer(system.baseUrl) },
      });

    it('by e-mail: the same answer for unknown accounts; the code works once; every session ends', async () => {
      const account = await createAccount(system);
      const session = await login(account.login, account.password);
      const known = await ask({ email: account.email });
      const unknown = await ask({ email: uniqueEmail('nobody') });
      assert.equal(known.status, 202);
      assert.equal(unknown.status, 202);
      assert.deepEqual({ ...known.body, requestId: undefined }, { ...unknown.body, requestId: undefined });

      const letter = await system.mail.waitForLetter(account.email);
      const code = codeInLetter(letter)!;
      assert.match(code, /^\d{6}$/);
      assert.doesNotMatch(letter.subject, /\d{6}/, 'no code in the subject');
      const wrong = code === '000000' ? '111111' : '000000';
      const miss = await api<ErrorBody>('POST', '/v1/auth/recovery/confirm', {
        body: { email: account.email, code: wrong, password: 'Новый-пароль-42' },
      });
      assert.equal(miss.status, 422);
      assert.equal(miss.body.error.code, 'invalid_code');
      assert.equal(miss.body.error.details!.attemptsLeft, 4);

      const done = await api<{ login: string }>('POST', '/v1/auth/recovery/confirm', {
        body: { email: account.email, code, password: 'Новый-пароль-42' },
      });
      assert.equal(done.status, 200, JSON.stringify(done.body));
      assert.equal((await api('GET', '/v1/me', { token: session.body.token })).status, 401, 'sessions ended');
      const reuse = await api<ErrorBody>('POST', '/v1/auth/recovery/confirm', {
        body: { email: account.email, code, password: 'Другой-пароль-43' },
      });
      assert.equal(reuse.status, 410, 'single use');
      assert.equal((await login(account.login, account.password)).status, 401);
      assert.equal((await login(account.login, 'Новый-пароль-42')).status, 200);

      const noAccount = await api<ErrorBody>('POST', '/v1/auth/recovery/confirm', {
        body: { email: uniqueEmail('nobody'), code, password: 'Новый-пароль-42' },
      });
      assert.equal(noAccount.status, 410);
      assert.equal(noAccount.body.error.code, 'code_expired');
    });

    it('by SNILS: the letter goes to the registered e-mail; 5 attempts, then 410 even for the right code', async () => {
      const account = await createAccount(system, { snils: '00000000000' });
      const res = await ask({ snils: '000-000-000 00' });
      assert.equal(res.status, 202);
      const letter = await system.mail.waitForLetter(account.email);
      const code = codeInLetter(letter)!;
      const wrong = code === '000000' ? '111111' : '000000';
      const left: unknown[] = [];
      for (let i = 0; i < 5; i++) {
        const miss = await api<ErrorBody>('POST', '/v1/auth/recovery/confirm', {
          body: { snils: '00000000000', code: wrong, password: 'Новый-пароль-42' },
        });
        assert.equal(miss.status, 422);
        left.push(miss.body.error.details!.attemptsLeft);
      }
      assert.deepEqual(left, [4, 3, 2, 1, 0]);
      const exhausted = await api<ErrorBody>('POST', '/v1/auth/recovery/confirm', {
        body: { snils: '00000000000', code, password: 'Новый-пароль-42' },
      });
      assert.equal(exhausted.status, 410);
      assert.equal(exhausted.body.error.code, 'too_many_attempts');
      assert.equal((await login(account.login, account.password)).status, 200, 'the password is unchanged');

      const badSnils = await api<ErrorBody>('POST', '/v1/auth/recovery', {
        body: { snils: '112-233-445 96', humanCheck: await humanCheckAnswer(system.baseUrl) },
      });
      assert.equal(badSnils.status, 422);
      const noCheck = await api<ErrorBody>('POST', '/v1/auth/recovery', {
        body: { snils: '000-000-000 00' },
      });
      assert.equal(noCheck.status, 422);
    });

    it('an expired code and a second request make older codes useless; the link works once', async () => {
      const account = await createAccount(system);
      await ask({ email: account.email });
      const first = await system.mail.waitForLetter(account.email);
      const firstCode = codeInLetter(first)!;
      // Let the code's hour pass.
      await system.db.orm.em
        .fork()
        .execute(`update recovery_codes set expires_at = now() - interval '1 second' where user_id = ?`, [
          account.id,
        ]);
      const expired = await api<ErrorBody>('POST', '/v1/auth/recovery/confirm', {
        body: { email: account.email, code: firstCode, password: 'Новый-пароль-42' },
      });
      assert.equal(expired.status, 410);
      assert.equal(expired.body.error.code, 'code_expired');

      await ask({ email: account.email });
      const second = await system.mail.waitForLetter(account.email, (l) => l.id !== first.id);
      await ask({ email: account.email });
      const third = await system.mail.waitForLetter(
        account.email,
        (l) => l.id !== first.id && l.id !== second.id,
      );
      const secondToken = linkInLetter(second, '/recover/confirm').searchParams.get('token')!;
      const stale = await api<ErrorBody>('POST', '/v1/auth/recovery/confirm', {
        body: { token: secondToken, password: 'Новый-пароль-42' },
      });
      assert.equal(stale.status, 410, 'a newer letter replaces the older one');
      const token = linkInLetter(third, '/recover/confirm').searchParams.get('token')!;
      const weak = await api<ErrorBody>('POST', '/v1/auth/recovery/confirm', {
        body: { token, password: 'qwerty123' },
      });
      assert.equal(weak.status, 422);
      const byLink = await api('POST', '/v1/auth/recovery/confirm', {
        body: { token, password: 'Новый-пароль-42' },
      });
      assert.equal(byLink.status, 200);
      const twice = await api('POST', '/v1/auth/recovery/confirm', {
        body: { token, password: 'Новый-пароль-43' },
      });
      assert.equal(twice.status, 410);
      assert.equal((await login(account.login, 'Новый-пароль-42')).status, 200);
    });
  });
});
