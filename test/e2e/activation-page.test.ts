// The server-rendered activation, login and cabinet pages: driven in headless Chromium (with
// JavaScript off, as the pages must work without it) and checked over plain HTTP for CSRF, status
// codes, field messages and that no code or password ever comes back in a page.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchChromium, submit } from '../support/chromium.ts';
import { Invitation } from '../../db/entities/index.ts';
import { eventually, readCodeFromSms, setUpOrganization, uniquePhone } from '../support/flow.ts';
import { startTestSystem, type TestSystem } from '../support/system.ts';

const PASSWORD = 'Надёжный-пароль-1';

let slugs = 0;

/** A service whose admin got the invitation SMS; the code is ready to be entered. */
async function invitedAdmin(system: TestSystem): Promise<{ phone: string; code: string }> {
  const { api, orgId, key, adminId, adminPhone } = await setUpOrganization(system);
  const connect = await api('POST', `/v1/organizations/${orgId}/service/connect`, {
    token: key,
    body: { serviceName: 'Кабинет Ромашки', slug: `romashka-page-${++slugs}`, adminEmployeeId: adminId },
  });
  assert.equal(connect.status, 202, JSON.stringify(connect.body));
  const code = await readCodeFromSms(system, adminPhone);
  await eventually(async () => {
    const invitation = await system.db.orm.em.fork().findOne(Invitation, { phone: adminPhone });
    return invitation && invitation.status !== 'pending' ? true : undefined;
  }, 'the invitation sent');
  return { phone: adminPhone, code };
}

/** Posts a form as a browser would, from `origin` (none: no Origin header). Redirects are not followed. */
async function postForm(system: TestSystem, path: string, fields: Record<string, string>, origin?: string) {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (origin) headers.origin = origin;
  const res = await fetch(`${system.baseUrl}${path}`, {
    method: 'POST',
    headers,
    body: new URLSearchParams(fields),
    redirect: 'manual',
  });
  return { status: res.status, headers: res.headers, html: await res.text() };
}

describe('activation, login and cabinet pages', () => {
  let system: TestSystem;
  before(async () => {
    system = await startTestSystem();
  });
  after(async () => system?.close());

  describe('in Chromium', () => {
    let browser: Browser;
    before(async () => {
      browser = await launchChromium();
    });
    after(async () => browser?.close());

    it('wrong code, mismatched passwords, activation, login and logout — all without JavaScript', async () => {
      const { phone, code } = await invitedAdmin(system);
      const wrong = code === '000000' ? '111111' : '000000';
      const context = await browser.newContext({
        javaScriptEnabled: false,
        baseURL: system.baseUrl,
        locale: 'ru-RU',
        viewport: { width: 720, height: 960 },
      });
      const page = await context.newPage();

      await page.goto('/activate');
      assert.equal(await page.getAttribute('html', 'lang'), 'ru');
      assert.equal(await page.getAttribute('#code', 'autocomplete'), 'one-time-code');
      assert.equal(await page.getAttribute('#code', 'inputmode'), 'numeric');
      assert.equal(await page.getAttribute('#phone', 'type'), 'tel');
      await page.screenshot({ path: '/tmp/kabinet-activation-form.png', fullPage: true });

      await page.fill('#phone', phone);
      await page.fill('#code', wrong);
      await page.fill('#password', PASSWORD);
      await page.fill('#passwordAgain', PASSWORD);
      assert.equal(await submit(page, 'Активировать кабинет'), 422);
      assert.equal(await page.textContent('#code-error'), 'Неверный код. Осталось попыток: 4.');
      assert.equal(await page.getAttribute('#code', 'aria-invalid'), 'true');
      assert.equal(await page.getAttribute('#code', 'aria-describedby'), 'code-hint code-error');
      assert.equal(await page.getAttribute('#phone', 'aria-invalid'), null);
      assert.equal(await page.inputValue('#phone'), phone, 'the phone is kept');
      for (const field of ['#code', '#password', '#passwordAgain'])
        assert.equal(await page.inputValue(field), '');
      await page.screenshot({ path: '/tmp/kabinet-activation-error.png', fullPage: true });

      // The real code with a typo in the repeat: refused before the code is checked, and not echoed.
      await page.fill('#code', code);
      await page.fill('#password', PASSWORD);
      await page.fill('#passwordAgain', `${PASSWORD}!`);
      assert.equal(await submit(page, 'Активировать кабинет'), 422);
      assert.equal(await page.textContent('#passwordAgain-error'), 'Пароли не совпадают');
      assert.equal(await page.getAttribute('#passwordAgain', 'aria-invalid'), 'true');
      const mismatch = await page.content();
      assert.ok(!mismatch.includes(code) && !mismatch.includes(PASSWORD), 'the code or password came back');

      await page.fill('#code', code);
      await page.fill('#password', PASSWORD);
      await page.fill('#passwordAgain', PASSWORD);
      assert.equal(await submit(page, 'Активировать кабинет'), 200);
      assert.equal(await page.textContent('h1'), 'Кабинет активирован');

      await Promise.all([
        page.waitForURL('**/login?login=*'),
        page.getByRole('link', { name: 'Войти в кабинет' }).click(),
      ]);
      assert.equal(new URL(page.url()).searchParams.get('login'), phone);
      assert.equal(await page.inputValue('#login'), phone);
      await page.fill('#password', 'не тот пароль');
      assert.equal(await submit(page, 'Войти'), 401);
      assert.equal((await page.textContent('[role=alert]'))?.trim(), 'Неправильный логин или пароль');
      assert.equal(await page.inputValue('#password'), '');

      await page.fill('#password', PASSWORD);
      assert.equal(await submit(page, 'Войти'), 200);
      assert.equal(new URL(page.url()).pathname, '/cabinet');
      assert.equal((await page.textContent('main p'))?.trim(), `Вы вошли как ${phone}`);
      const [cookie] = await context.cookies();
      assert.equal(cookie?.name, 'kabinet_session');
      assert.equal(cookie.sameSite, 'Lax');
      assert.equal(cookie.httpOnly, true);

      assert.equal(await submit(page, 'Выйти'), 200);
      assert.equal(new URL(page.url()).pathname, '/login');
      assert.deepEqual(await context.cookies(), []);
      // The session ended on the server too: the old cookie no longer opens the cabinet.
      await context.addCookies([{ ...cookie, sameSite: 'Lax' }]);
      await page.goto('/cabinet');
      assert.equal(new URL(page.url()).pathname, '/login');
      await context.close();
    });

    it('with JavaScript on: the layout CSS applies under the CSP and the console stays clean', async () => {
      const context = await browser.newContext({ baseURL: system.baseUrl });
      const page = await context.newPage();
      const messages: string[] = [];
      page.on('console', (message) => messages.push(`${message.type()}: ${message.text()}`));
      await page.goto('/activate?phone=%2B79161234567');
      assert.equal(await page.inputValue('#phone'), '+79161234567');
      // A string: the test's TypeScript has no DOM types.
      const background = await page.evaluate(
        'getComputedStyle(document.querySelector("button")).backgroundColor',
      );
      assert.equal(background, 'rgb(11, 92, 213)');
      // The browser's own check of the code's format stops a 5-digit code before it is sent.
      await page.fill('#code', '12345');
      assert.equal(await page.locator('#code:invalid').count(), 1);
      await page.fill('#code', '123456');
      assert.equal(await page.locator('#code:invalid').count(), 0);
      assert.deepEqual(messages, []);
      await context.close();
    });
  });

  describe('over HTTP', () => {
    it('a POST from another origin is refused with 403 as a page; its own origin and none are accepted', async () => {
      const fields = { phone: uniquePhone(), code: '123456', password: PASSWORD, passwordAgain: PASSWORD };
      for (const [path, form] of [
        ['/activate', fields],
        ['/login', { login: fields.phone, password: PASSWORD }],
        ['/logout', {}],
      ] as const) {
        const foreign = await postForm(system, path, form, 'https://evil.example');
        assert.equal(foreign.status, 403, path);
        assert.match(foreign.headers.get('content-type') ?? '', /^text\/html/);
        assert.match(foreign.html, /Запрос отклонён/);
        const nullOrigin = await postForm(system, path, form, 'null');
        assert.equal(nullOrigin.status, 403, path);
      }
      // No invitation for this phone: a wrong code without a count, but the form was accepted.
      const own = await postForm(system, '/activate', fields, system.baseUrl);
      assert.equal(own.status, 422);
      assert.match(own.html, /Неверный код\. Проверьте номер телефона и код из SMS\./);
      assert.equal(
        (await postForm(system, '/activate', fields, 'http://localhost:3000')).status,
        422,
        'PUBLIC_URL',
      );
      assert.equal((await postForm(system, '/activate', fields)).status, 422, 'no Origin');
    });

    it('names the field in trouble and never returns the code or the password', async () => {
      const { phone, code } = await invitedAdmin(system);
      const wrong = code === '000000' ? '111111' : '000000';
      const secretPassword = 'Секрет-тайный-987';
      const post = (fields: Record<string, string>) =>
        postForm(system, '/activate', {
          phone,
          code,
          password: secretPassword,
          passwordAgain: secretPassword,
          ...fields,
        });
      const cases: [fields: Record<string, string>, status: number, field: string, message: string][] = [
        [{ phone: '12345' }, 422, 'phone', 'Укажите мобильный номер в формате +7 9XX XXX-XX-XX.'],
        [{ code: '12ab56' }, 422, 'code', 'Код состоит из 6 цифр.'],
        [
          { password: 'qwerty', passwordAgain: 'qwerty' },
          422,
          'password',
          'Пароль должен быть не короче 8 символов.',
        ],
        [
          { password: 'password123', passwordAgain: 'password123' },
          422,
          'password',
          'Этот пароль слишком распространён',
        ],
        [{ passwordAgain: 'другой-пароль' }, 422, 'passwordAgain', 'Пароли не совпадают'],
        [{ code: wrong }, 422, 'code', 'Неверный код. Осталось попыток: 4.'],
        [{}, 200, '', 'Кабинет активирован'],
        [{}, 409, '', 'Кабинет уже активирован. Войдите с паролем.'],
      ];
      for (const [fields, status, field, message] of cases) {
        const res = await post(fields);
        const what = `${JSON.stringify(fields)} → ${res.status}`;
        assert.equal(res.status, status, what);
        assert.match(res.headers.get('content-type') ?? '', /^text\/html; charset=UTF-8/i, what);
        assert.ok(res.html.includes(message), `${what}: no "${message}"`);
        if (field) {
          assert.match(res.html, new RegExp(`<p class="field-error" id="${field}-error">`), what);
          assert.match(res.html, new RegExp(`id="${field}"[^>]*aria-invalid="true"`), what);
        }
        for (const secret of [code, wrong, secretPassword, 'password123']) {
          assert.ok(!res.html.includes(secret), `${what}: the page contains a submitted secret`);
        }
      }
      // Already activated: a link to log in with this phone.
      const again = await post({});
      assert.match(again.html, /<a href="\/login\?login&#x3D;%2B7\d{10}">Войти<\/a>/);
      assert.equal(again.headers.get('cache-control'), 'no-store');
      assert.match(again.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/);
    });

    it('escapes what the visitor typed', async () => {
      const res = await fetch(
        `${system.baseUrl}/activate?phone=${encodeURIComponent('"><script>alert(1)</script>')}`,
      );
      const html = await res.text();
      assert.equal(res.status, 200);
      assert.ok(!html.includes('<script>'));
      assert.match(html, /value="&quot;&gt;&lt;script&gt;alert\(1\)&lt;\/script&gt;"/);
    });

    it('the cabinet sends anonymous visitors to the login page; the pages are not in the OpenAPI document', async () => {
      const cabinet = await fetch(`${system.baseUrl}/cabinet`, { redirect: 'manual' });
      assert.equal(cabinet.status, 303);
      assert.equal(cabinet.headers.get('location'), '/login');
      const stale = await fetch(`${system.baseUrl}/cabinet`, {
        redirect: 'manual',
        headers: { cookie: 'kabinet_session=kss_no-such-session' },
      });
      assert.equal(stale.status, 303);
      const doc = (await (await fetch(`${system.baseUrl}/openapi.json`)).json()) as {
        paths: Record<string, unknown>;
      };
      for (const path of ['/activate', '/login', '/cabinet', '/logout'])
        assert.equal(doc.paths[path], undefined);
    });
  });
});

describe('activation page under the per-IP rate limit', () => {
  let system: TestSystem;
  before(async () => {
    system = await startTestSystem({ activationRateLimit: 1 });
  });
  after(async () => system?.close());

  it('answers 429 with Retry-After and says when to try again', async () => {
    const fields = { phone: uniquePhone(), code: '123456', password: PASSWORD, passwordAgain: PASSWORD };
    assert.equal((await postForm(system, '/activate', fields)).status, 422);
    const limited = await postForm(system, '/activate', fields);
    assert.equal(limited.status, 429);
    assert.ok(Number(limited.headers.get('retry-after')) > 0);
    assert.match(limited.html, /Слишком много попыток активации\. Повторите через \d+ мин\./);
    assert.match(limited.html, /value="\+7916\d{7}"/, 'the phone is kept');
  });
});
