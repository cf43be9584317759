import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createUserWithSession } from '../support/accounts-direct.ts';
import { humanCheckAnswer, solveHumanCheck } from '../support/human-check.ts';
import { httpClient, type HttpCall } from '../support/http.ts';
import type { Letter } from '../support/mail.ts';
import { startTestSystem, type TestSystem } from '../support/system.ts';

const PUBLIC_URL = 'http://localhost:3000';
const unique = () => randomBytes(5).toString('hex');

describe('news subscription with double opt-in', () => {
  let system: TestSystem;
  let api: HttpCall;
  before(async () => {
    system = await startTestSystem();
    api = httpClient(system.baseUrl);
  });
  after(async () => system?.close());

  const subscribe = async (email: string) =>
    api('POST', '/v1/news/subscriptions', {
      body: { email, humanCheck: await humanCheckAnswer(system.baseUrl) },
    });
  /** A link of the letter, pointed at the test server (letters carry PUBLIC_URL). */
  const linkIn = (letter: Letter, path: string): string | undefined => {
    const found = new RegExp(`${PUBLIC_URL}${path}\\?token=[\\w-]+`).exec(letter.text)?.[0];
    return found?.replace(PUBLIC_URL, system.baseUrl);
  };
  const statusOf = async (email: string) =>
    (
      await system.db.orm.em
        .fork()
        .execute<{ status: string }[]>(`select status from news_subscriptions where email = ?`, [email])
    )[0]?.status;
  const lettersTo = async (email: string) => (await system.mail.letters(email)).length;

  it('letter → confirm → active; a newer letter voids the older link; a used link is refused', async () => {
    const email = `reader-${unique()}@example.ru`;
    const first = await subscribe(email);
    assert.equal(first.status, 202, JSON.stringify(first.body));
    const letter1 = await system.mail.waitForLetter(email);
    assert.match(letter1.subject, /Подтвердите подписку/);
    const link1 = linkIn(letter1, '/news/confirm');
    assert.ok(link1, letter1.text);
    assert.ok(linkIn(letter1, '/news/unsubscribe'), 'the letter carries an unsubscribe link');
    assert.equal(await statusOf(email), 'pending');

    await subscribe(email.toUpperCase());
    const letter2 = await system.mail.waitForLetter(email, (l) => l.messageId !== letter1.messageId);
    const link2 = linkIn(letter2, '/news/confirm');
    assert.ok(link2 && link2 !== link1);
    const stale = await fetch(link1);
    assert.equal(stale.status, 400);
    assert.equal(await statusOf(email), 'pending');

    const confirmed = await fetch(link2);
    assert.equal(confirmed.status, 200);
    assert.match(await confirmed.text(), /Подписка подтверждена/);
    assert.equal(await statusOf(email), 'active');
    assert.equal((await fetch(link2)).status, 400, 'single use');
  });

  it('subscribing again does not tell whether the address is subscribed', async () => {
    const active = `active-${unique()}@example.ru`;
    await subscribe(active);
    const letter = await system.mail.waitForLetter(active);
    assert.equal((await fetch(linkIn(letter, '/news/confirm')!)).status, 200);

    const fresh = `fresh-${unique()}@example.ru`;
    const forActive = await subscribe(active);
    const forFresh = await subscribe(fresh);
    assert.equal(forActive.status, 202);
    assert.equal(forFresh.status, 202);
    assert.deepEqual(forActive.body, forFresh.body);
    assert.equal(await statusOf(active), 'active', 'a repeated request does not reopen a subscription');
    // Only the owner of the mailbox learns it: the letter says it is subscribed already.
    const notice = await system.mail.waitForLetter(active, (l) => l.messageId !== letter.messageId);
    assert.match(notice.subject, /уже подписаны/);
    assert.equal(linkIn(notice, '/news/confirm'), undefined);
  });

  it('unsubscribes with the link of a letter: the page asks, the POST does it, again is fine', async () => {
    const email = `leaver-${unique()}@example.ru`;
    await subscribe(email);
    const letter = await system.mail.waitForLetter(email);
    assert.equal((await fetch(linkIn(letter, '/news/confirm')!)).status, 200);
    const unsubscribeLink = linkIn(letter, '/news/unsubscribe')!;
    const token = new URL(unsubscribeLink).searchParams.get('token')!;

    const page = await fetch(unsubscribeLink);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /Отписаться от новостей/);
    assert.equal(await statusOf(email), 'active', 'opening the link alone changes nothing');

    const done = await api('POST', '/v1/news/unsubscribe', { body: { token } });
    assert.equal(done.status, 200);
    assert.equal(await statusOf(email), 'unsubscribed');
    assert.equal((await api('POST', '/v1/news/unsubscribe', { body: { token } })).status, 200);
    assert.equal((await api('POST', '/v1/news/unsubscribe', { body: { token: `${token}x` } })).status, 404);

    // The page's own form does the same.
    const again = `leaver2-${unique()}@example.ru`;
    await subscribe(again);
    const letter2 = await system.mail.waitForLetter(again);
    const token2 = new URL(linkIn(letter2, '/news/unsubscribe')!).searchParams.get('token')!;
    const form = await fetch(`${system.baseUrl}/news/unsubscribe`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: system.baseUrl },
      body: new URLSearchParams({ token: token2 }),
    });
    assert.equal(form.status, 200);
    assert.match(await form.text(), /Вы отписались/);
    assert.equal(await statusOf(again), 'unsubscribed');
  });

  it('needs the human check and a valid address', async () => {
    const email = `robot-${unique()}@example.ru`;
    const check = await humanCheckAnswer(system.baseUrl);
    const wrong = await api<{ error: { code: string; details: { field: string } } }>(
      'POST',
      '/v1/news/subscriptions',
      {
        body: { email, humanCheck: { token: check.token, answer: String(Number(check.answer) + 1) } },
      },
    );
    assert.equal(wrong.status, 422);
    assert.equal(wrong.body.error.code, 'human_check_failed');
    assert.equal(wrong.body.error.details.field, 'humanCheck');
    const badEmail = await api<{ error: { details: { fields: { field: string }[] } } }>(
      'POST',
      '/v1/news/subscriptions',
      { body: { email: 'not-an-email', humanCheck: await humanCheckAnswer(system.baseUrl) } },
    );
    assert.equal(badEmail.status, 422);
    assert.equal(badEmail.body.error.details.fields[0]?.field, 'email');
    assert.equal(await statusOf(email), undefined);
    assert.equal(await lettersTo(email), 0);
  });

  it('the /news page subscribes without JavaScript', async () => {
    const page = await fetch(`${system.baseUrl}/news`);
    assert.equal(page.status, 200);
    const html = await page.text();
    const question = /<label for="humanCheckAnswer">([^<]+)<\/label>/.exec(html)?.[1];
    const token = /name="humanCheckToken" value="([^"]+)"/.exec(html)?.[1];
    assert.ok(question && token, 'the form carries a human check');
    const email = `page-${unique()}@example.ru`;
    const posted = await fetch(`${system.baseUrl}/news`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: system.baseUrl },
      body: new URLSearchParams({
        email,
        humanCheckToken: token,
        humanCheckAnswer: solveHumanCheck(question),
      }),
    });
    assert.equal(posted.status, 200);
    assert.match(await posted.text(), /придёт письмо/);
    await system.mail.waitForLetter(email);
    assert.equal(await statusOf(email), 'pending');
  });

  it('a logged-in user manages the subscription of their e-mail', async () => {
    const email = `member-${unique()}@example.ru`;
    const user = await createUserWithSession(system, email);
    const get = await api('GET', '/v1/me/news-subscription', { token: user.token });
    assert.deepEqual(get.body, { email, status: 'none' });
    // A confirmed account e-mail needs no second confirmation.
    const on = await api('PUT', '/v1/me/news-subscription', {
      token: user.token,
      body: { subscribed: true },
    });
    assert.deepEqual(on.body, { email, status: 'active' });
    const off = await api('PUT', '/v1/me/news-subscription', {
      token: user.token,
      body: { subscribed: false },
    });
    assert.deepEqual(off.body, { email, status: 'unsubscribed' });

    const noEmail = await createUserWithSession(system, null);
    const refused = await api('PUT', '/v1/me/news-subscription', {
      token: noEmail.token,
      body: { subscribed: true },
    });
    assert.equal(refused.status, 409);
    assert.equal((await api('GET', '/v1/me/news-subscription')).status, 401);
  });
});
