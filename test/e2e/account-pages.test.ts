// Registration (education portal and 1С:ИТС), the confirmation link and password recovery as pages:
// driven in headless Chromium with JavaScript off, letters read from the test SMTP catcher.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { launchChromium, submit } from '../support/chromium.ts';
import { ACCOUNT_PASSWORD, createAccount, linkInLetter, uniqueEmail } from '../support/accounts.ts';
import { solveHumanCheck } from '../support/human-check.ts';
import { codeInLetter } from '../support/mail.ts';
import { startTestSystem, type TestSystem } from '../support/system.ts';

/** The question on the page, answered right (or off by one). */
async function answerHumanCheck(page: Page, right = true): Promise<void> {
  const label = (await page.textContent('label[for=humanCheckAnswer]')) ?? '';
  const answer = Number(solveHumanCheck(label));
  await page.fill('#humanCheckAnswer', String(right ? answer : answer + 1));
}

describe('registration and recovery pages', () => {
  let system: TestSystem;
  let browser: Browser;
  let context: BrowserContext;
  before(async () => {
    system = await startTestSystem();
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await system?.close();
  });

  const newPage = async (): Promise<Page> => {
    context = await browser.newContext({
      javaScriptEnabled: false,
      baseURL: system.baseUrl,
      locale: 'ru-RU',
    });
    return context.newPage();
  };

  it('education portal: a wrong answer keeps the form; registration, the letter link, then login', async () => {
    const page = await newPage();
    const email = uniqueEmail('teacher');
    await page.goto('/register');
    assert.equal(await page.getAttribute('html', 'lang'), 'ru');
    assert.equal(await page.textContent('h1'), 'Регистрация на образовательном портале');
    await page.fill('#email', email);
    await page.fill('#fullName', 'Петрова Мария Ивановна');
    await page.fill('#snils', '112-233-445 96');
    await page.fill('#password', ACCOUNT_PASSWORD);
    await page.fill('#passwordAgain', ACCOUNT_PASSWORD);
    await answerHumanCheck(page);
    assert.equal(await submit(page, 'Зарегистрироваться'), 422);
    assert.match((await page.textContent('#snils-error')) ?? '', /СНИЛС указан с ошибкой/);
    assert.equal(await page.getAttribute('#snils', 'aria-invalid'), 'true');
    assert.equal(await page.inputValue('#email'), email, 'typed values are kept');
    assert.equal(await page.inputValue('#password'), '', 'passwords are never sent back');
    assert.ok(!(await page.content()).includes(ACCOUNT_PASSWORD));

    await page.fill('#snils', '112-233-445 95');
    await page.fill('#password', ACCOUNT_PASSWORD);
    await page.fill('#passwordAgain', ACCOUNT_PASSWORD);
    await answerHumanCheck(page, false);
    assert.equal(await submit(page, 'Зарегистрироваться'), 422);
    assert.match((await page.textContent('#humanCheckAnswer-error')) ?? '', /Неверный ответ/);

    await page.fill('#password', ACCOUNT_PASSWORD);
    await page.fill('#passwordAgain', ACCOUNT_PASSWORD);
    await answerHumanCheck(page);
    assert.equal(await submit(page, 'Зарегистрироваться'), 201);
    assert.equal(await page.textContent('h1'), 'Проверьте почту');
    assert.match((await page.textContent('[role=status]')) ?? '', new RegExp(email.replace(/\./g, '\\.')));

    const letter = await system.mail.waitForLetter(email);
    const link = linkInLetter(letter, '/register/confirm');
    await page.goto(`${link.pathname}${link.search}`);
    assert.equal(await page.textContent('h1'), 'Адрес подтверждён');
    await Promise.all([
      page.waitForURL('**/login?login=*'),
      page.getByRole('link', { name: 'Войти' }).click(),
    ]);
    assert.equal(await page.inputValue('#login'), email);
    await page.fill('#password', ACCOUNT_PASSWORD);
    assert.equal(await submit(page, 'Войти'), 200);
    assert.equal(new URL(page.url()).pathname, '/cabinet');

    await page.goto('/register/confirm?token=not-a-token');
    assert.equal(await page.textContent('h1'), 'Ссылка устарела');
    await context.close();
  });

  it('1С:ИТС: consent and phone are named next to their fields; then registration succeeds', async () => {
    const page = await newPage();
    const email = uniqueEmail('its');
    const login = `its-${Date.now().toString(36)}`;
    await page.goto('/its/register');
    assert.equal(await page.textContent('h1'), 'Регистрация на портале 1С:ИТС');
    await page.fill('#login', login);
    await page.fill('#password', ACCOUNT_PASSWORD);
    await page.fill('#passwordAgain', ACCOUNT_PASSWORD);
    await page.fill('#email', email);
    await page.fill('#fullName', 'Сидоров Олег Петрович');
    await page.fill('#city', 'Казань');
    await page.fill('#phone', '12');
    await answerHumanCheck(page);
    // Without JavaScript, but the browser's own checks are off (novalidate): the server names the fields.
    assert.equal(await submit(page, 'Зарегистрироваться'), 422);
    assert.match((await page.textContent('#consent-error')) ?? '', /согласие/);
    assert.match((await page.textContent('#phone-error')) ?? '', /телефон/i);
    assert.equal(await page.inputValue('#login'), login);

    await page.fill('#phone', '+7 916 555-44-33');
    await page.fill('#password', ACCOUNT_PASSWORD);
    await page.fill('#passwordAgain', ACCOUNT_PASSWORD);
    await page.check('#consent');
    await answerHumanCheck(page);
    assert.equal(await submit(page, 'Зарегистрироваться'), 201);
    assert.equal(await page.textContent('h1'), 'Проверьте почту');

    // Not confirmed yet: the login page says so (the password was right).
    await page.goto(`/login?login=${login}`);
    await page.fill('#password', ACCOUNT_PASSWORD);
    assert.equal(await submit(page, 'Войти'), 403);
    assert.match((await page.textContent('[role=alert]')) ?? '', /Подтвердите адрес/);
    await system.mail.waitForLetter(email);
    await context.close();
  });

  it('recovery: e-mail or SNILS, the code from the letter, a new password; the link works once', async () => {
    const account = await createAccount(system, { snils: '00000000101' });
    const page = await newPage();
    await page.goto('/login');
    await Promise.all([
      page.waitForURL('**/recover'),
      page.getByRole('link', { name: 'Забыли пароль?' }).click(),
    ]);
    await page.fill('#who', '000-000-001 01');
    await answerHumanCheck(page);
    assert.equal(await submit(page, 'Получить код'), 202);
    assert.equal(await page.textContent('h1'), 'Проверьте почту');
    const letter = await system.mail.waitForLetter(account.email);
    const code = codeInLetter(letter)!;

    await Promise.all([
      page.waitForURL('**/recover/confirm?*'),
      page.getByRole('link', { name: 'Ввести код' }).click(),
    ]);
    assert.equal(await page.inputValue('#who'), '000-000-001 01');
    const wrong = code === '000000' ? '111111' : '000000';
    await page.fill('#code', wrong);
    await page.fill('#password', 'Новый-пароль-42');
    await page.fill('#passwordAgain', 'Новый-пароль-42');
    assert.equal(await submit(page, 'Сохранить пароль'), 422);
    assert.equal(await page.textContent('#code-error'), 'Неверный код. Осталось попыток: 4.');
    await page.fill('#code', code);
    await page.fill('#password', 'Новый-пароль-42');
    await page.fill('#passwordAgain', 'Новый-пароль-42');
    assert.equal(await submit(page, 'Сохранить пароль'), 200);
    assert.equal(await page.textContent('h1'), 'Пароль изменён');

    // The unknown address gets the same page.
    await page.goto('/recover');
    await page.fill('#who', uniqueEmail('nobody'));
    await answerHumanCheck(page);
    assert.equal(await submit(page, 'Получить код'), 202);
    assert.equal(await page.textContent('h1'), 'Проверьте почту');

    // By e-mail, then the link from the letter.
    await page.goto('/recover');
    await page.fill('#who', account.email);
    await answerHumanCheck(page);
    assert.equal(await submit(page, 'Получить код'), 202);
    const second = await system.mail.waitForLetter(account.email, (l) => l.id !== letter.id);
    const link = linkInLetter(second, '/recover/confirm');
    await page.goto(`${link.pathname}${link.search}`);
    assert.equal(await page.$('#code'), null, 'the link needs no code');
    await page.fill('#password', 'Ещё-новый-пароль-5');
    await page.fill('#passwordAgain', 'Ещё-новый-пароль-5');
    assert.equal(await submit(page, 'Сохранить пароль'), 200);
    await page.goto(`${link.pathname}${link.search}`);
    assert.equal(await page.textContent('h1'), 'Ссылка устарела');

    await page.goto('/login');
    await page.fill('#login', account.email);
    await page.fill('#password', 'Ещё-новый-пароль-5');
    assert.equal(await submit(page, 'Войти'), 200);
    await context.close();
  });

  it('refuses cross-site posts of the forms', async () => {
    for (const path of ['/register', '/its/register', '/recover', '/recover/confirm']) {
      const res = await fetch(`${system.baseUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
        body: new URLSearchParams({ email: 'x@example.ru' }),
      });
      assert.equal(res.status, 403, path);
      assert.equal(res.headers.get('x-frame-options'), 'DENY');
    }
  });
});
