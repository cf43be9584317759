import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createApp } from '../../api/app.ts';
import { envWith } from '../../config/env.ts';
import { createLogger } from '../../config/logger.ts';
import { createUserWithSession } from '../support/accounts-direct.ts';
import { httpClient, type HttpCall } from '../support/http.ts';
import { startOidcProvider, testBrowser, type RunningOidcProvider } from '../support/oidc-provider.ts';
import { startTestSystem, type TestSystem } from '../support/system.ts';

// The API advertises PUBLIC_URL (http://localhost:3000) as its callback; the browser is sent there and
// reaches the test server instead, as a reverse proxy would forward it.
const PUBLIC_URL = 'http://localhost:3000';
const isCallback = (url: URL) => url.pathname === '/auth/oidc/callback';
const unique = () => randomBytes(5).toString('hex');

describe('external login (OIDC + PKCE) against a local provider', () => {
  let system: TestSystem;
  let op: RunningOidcProvider;
  let api: HttpCall;

  before(async () => {
    op = await startOidcProvider({ redirectUri: `${PUBLIC_URL}/auth/oidc/callback` });
    system = await startTestSystem({
      oidc: {
        issuer: op.issuer,
        clientId: op.clientId,
        clientSecret: op.clientSecret,
        providerName: 'Госуслуги',
      },
    });
    api = httpClient(system.baseUrl);
  });
  after(async () => {
    await system?.close();
    await op?.close();
  });

  const browser = () => testBrowser({ from: PUBLIC_URL, to: system.baseUrl });
  const identities = async (userId: string) =>
    system.db.orm.em
      .fork()
      .execute<{ provider: string; subject: string }[]>(
        `select provider, subject from user_identities where user_id = ?`,
        [userId],
      );
  const sessionUser = async (token: string | undefined) => {
    if (!token) return undefined;
    const me = await api<{ id: string }>('GET', '/v1/me', { token });
    return me.status === 200 ? me.body.id : undefined;
  };

  it('logs in by the verified e-mail, links the identity, and the PKCE verifier never travels in a URL', async () => {
    const email = `anna-${unique()}@example.ru`;
    const user = await createUserWithSession(system, email);
    const subject = `sub-${unique()}`;
    op.addAccount(subject, { email: email.toUpperCase(), emailVerified: true });
    op.loginAs(subject);

    const b = browser();
    const result = await b.open(`${system.baseUrl}/auth/oidc/start?mode=login`);
    assert.equal(result.status, 200, result.body);
    assert.equal(result.url.pathname, '/cabinet');
    assert.equal(await sessionUser(b.cookie(system.baseUrl, 'kabinet_session')), user.id);

    const authorize = result.visited.find((u) => u.searchParams.has('code_challenge'));
    assert.ok(authorize, 'an authorization request with a code challenge');
    assert.equal(authorize.searchParams.get('code_challenge_method'), 'S256');
    assert.ok(!result.visited.some((u) => u.search.includes('verifier')), 'no verifier in any address');
    const [stored] = await system.db.orm.em
      .fork()
      .execute<{ n: string }[]>(
        `select count(*) as n from login_events where user_id = ? and result = 'success'`,
        [user.id],
      );
    assert.equal(Number(stored?.n), 2, 'the password login of the set-up and this one are in the history');
    const [state] = await system.db.orm.em
      .fork()
      .execute<{ n: string }[]>(`select count(*) as n from oidc_states`);
    assert.equal(Number(state?.n), 0, 'the request is used up');
    assert.deepEqual(await identities(user.id), [{ provider: 'esia', subject }]);

    const listed = await api<{ items: { provider: string; providerName: string; email: string }[] }>(
      'GET',
      '/v1/me/identities',
      { token: user.token },
    );
    assert.equal(listed.status, 200);
    assert.deepEqual(
      listed.body.items.map((i) => [i.provider, i.providerName, i.email]),
      [['esia', 'Госуслуги', email.toUpperCase()]],
    );

    // The same callback again: the state is single use.
    const callback = result.visited.find(isCallback);
    assert.ok(callback);
    const replay = await browser().open(callback.href);
    assert.equal(replay.status, 400);
    assert.match(replay.body, /устарела или уже использована/);
  });

  it('refuses an e-mail the provider has not verified', async () => {
    const email = `boris-${unique()}@example.ru`;
    const user = await createUserWithSession(system, email);
    const subject = `sub-${unique()}`;
    op.addAccount(subject, { email, emailVerified: false });
    op.loginAs(subject);

    const b = browser();
    const result = await b.open(`${system.baseUrl}/auth/oidc/start?mode=login`);
    assert.equal(result.status, 403);
    assert.match(result.body, /не подтвердил адрес электронной почты/);
    assert.equal(b.cookie(system.baseUrl, 'kabinet_session'), undefined);
    assert.deepEqual(await identities(user.id), []);
  });

  it('an unknown e-mail gets the "register first" page and no account is created', async () => {
    const email = `nobody-${unique()}@example.ru`;
    const subject = `sub-${unique()}`;
    op.addAccount(subject, { email, emailVerified: true });
    op.loginAs(subject);
    const count = async () =>
      Number(
        (await system.db.orm.em.fork().execute<{ n: string }[]>(`select count(*) as n from users`))[0]?.n,
      );
    const before = await count();

    const b = browser();
    const result = await b.open(`${system.baseUrl}/auth/oidc/start?mode=login`);
    assert.equal(result.status, 404);
    assert.match(result.body, /Учётной записи с этим адресом электронной почты нет/);
    assert.match(result.body, /Сначала зарегистрируйтесь/);
    assert.equal(b.cookie(system.baseUrl, 'kabinet_session'), undefined);
    assert.equal(await count(), before);
  });

  it('links from the profile, then logs in by the identity; a foreign identity is 409; unlinking works', async () => {
    const user = await createUserWithSession(system, `vera-${unique()}@example.ru`);
    const subject = `sub-${unique()}`;
    // Another e-mail at the provider, not verified: only an explicit link can connect it.
    op.addAccount(subject, { email: `vera.other-${unique()}@example.ru`, emailVerified: false });
    op.loginAs(subject);

    const anonymous = await browser().open(`${system.baseUrl}/auth/oidc/start?mode=link`);
    assert.equal(anonymous.status, 401, 'linking needs a session');

    const b = browser();
    b.setCookie(system.baseUrl, 'kabinet_session', user.token);
    const linked = await b.open(`${system.baseUrl}/auth/oidc/start?mode=link`);
    assert.equal(linked.status, 200, linked.body);
    assert.equal(linked.url.pathname, '/cabinet');
    assert.match(linked.body, /Вход через внешний сервис привязан/);
    assert.match(linked.body, /href="\/auth\/oidc\/start\?mode=link">Привязать вход через Госуслуги</);
    assert.deepEqual(await identities(user.id), [{ provider: 'esia', subject }]);

    const fresh = browser();
    const login = await fresh.open(`${system.baseUrl}/auth/oidc/start?mode=login`);
    assert.equal(login.status, 200, login.body);
    assert.equal(login.url.pathname, '/cabinet');
    assert.equal(await sessionUser(fresh.cookie(system.baseUrl, 'kabinet_session')), user.id);

    const other = await createUserWithSession(system, `gleb-${unique()}@example.ru`);
    const ob = browser();
    ob.setCookie(system.baseUrl, 'kabinet_session', other.token);
    const conflict = await ob.open(`${system.baseUrl}/auth/oidc/start?mode=link`);
    assert.equal(conflict.status, 409);
    assert.match(conflict.body, /уже привязан к другой учётной записи/);
    assert.deepEqual(await identities(other.id), []);

    const unlink = await api('DELETE', '/v1/me/identities/esia', { token: user.token });
    assert.equal(unlink.status, 204);
    assert.equal((await api('DELETE', '/v1/me/identities/esia', { token: user.token })).status, 404);
    const afterUnlink = browser();
    const refused = await afterUnlink.open(`${system.baseUrl}/auth/oidc/start?mode=login`);
    assert.equal(refused.status, 403, 'the unverified e-mail no longer finds the account');
    assert.equal(afterUnlink.cookie(system.baseUrl, 'kabinet_session'), undefined);
  });

  it('refuses a wrong state, an expired one, and a callback opened in another browser', async () => {
    const email = `dina-${unique()}@example.ru`;
    const user = await createUserWithSession(system, email);
    const subject = `sub-${unique()}`;
    op.addAccount(subject, { email, emailVerified: true });
    op.loginAs(subject);

    const bogus = await browser().open(`${system.baseUrl}/auth/oidc/callback?code=abc&state=${unique()}`);
    assert.equal(bogus.status, 400);
    assert.match(bogus.body, /устарела или уже использована/);

    // Stop at the callback, expire the request, then come back.
    const late = browser();
    const atCallback = await late.open(`${system.baseUrl}/auth/oidc/start?mode=login`, {
      stopAt: isCallback,
    });
    assert.ok(atCallback.location && isCallback(atCallback.location));
    await system.db.orm.em.fork().execute(`update oidc_states set expires_at = now() - interval '1 second'`);
    const expired = await late.open(atCallback.location.href);
    assert.equal(expired.status, 400);
    assert.equal(late.cookie(system.baseUrl, 'kabinet_session'), undefined);

    // A callback URL handed to another browser (no binding cookie) logs nobody in.
    const victim = browser();
    const started = await browser().open(`${system.baseUrl}/auth/oidc/start?mode=login`, {
      stopAt: isCallback,
    });
    assert.ok(started.location);
    const stolen = await victim.open(started.location.href);
    assert.equal(stolen.status, 400);
    assert.equal(victim.cookie(system.baseUrl, 'kabinet_session'), undefined);

    // And the right one still works.
    const ok = browser();
    const result = await ok.open(`${system.baseUrl}/auth/oidc/start?mode=login`);
    assert.equal(result.status, 200, result.body);
    assert.equal(await sessionUser(ok.cookie(system.baseUrl, 'kabinet_session')), user.id);
  });

  it('without OIDC_ISSUER the endpoints answer 404 oidc_not_configured', async () => {
    const env = envWith({
      DATABASE_URL: system.db.url,
      KABINET_OPERATOR_TOKEN: system.operatorToken,
      KABINET_SECRET: system.secret,
      PUBLIC_URL,
      SESSION_TTL: 3600_000,
    });
    const app = createApp({
      orm: system.db.orm,
      temporal: system.temporal,
      logger: createLogger('silent', 'test'),
      env,
    });
    for (const path of ['/auth/oidc/start?mode=login', '/auth/oidc/callback?state=x&code=y']) {
      const response = await app.request(path);
      assert.equal(response.status, 404);
      const body = (await response.json()) as { error: { code: string } };
      assert.equal(body.error.code, 'oidc_not_configured');
    }
    const withoutLink = await (await app.request('/login')).text();
    assert.doesNotMatch(withoutLink, /oidc/);
    const withLink = await (await fetch(`${system.baseUrl}/login`)).text();
    assert.match(withLink, /href="\/auth\/oidc\/start\?mode=login">Войти через Госуслуги</);
  });
});
