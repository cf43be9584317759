// The payslip pages in headless Chromium with JavaScript off: log in, the list, the payslip with
// its lines and totals, "Ознакомлен" (a same-origin form), the PDF; and the manager's unread list.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchChromium, submit } from '../support/chromium.ts';
import { uniquePhone } from '../support/flow.ts';
import { setUpActiveService } from '../support/invitations.ts';
import {
  EMPLOYEE_PASSWORD,
  employeeSession,
  publish,
  putEmployees,
  sampleLines,
  saveNotificationSettings,
  totals,
  waitForTotals,
} from '../support/payslips.ts';
import { todayAtUtc } from '../support/clock.ts';
import { startTestSystem, type TestSystem } from '../support/system.ts';

describe('payslip pages', () => {
  let system: TestSystem;
  let browser: Browser;
  before(async () => {
    system = await startTestSystem({ clock: () => todayAtUtc(9) });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await system?.close();
  });

  it('open → "Ознакомлен" → acknowledged, the PDF, and the manager sees who has not read', async () => {
    const org = await setUpActiveService(system, `payslip-page-${process.pid}`);
    const phone = uniquePhone();
    const ids = await putEmployees(org, [
      { externalId: 'BOSS', fullName: 'Начальникова Нина Петровна' },
      {
        externalId: 'E-7',
        fullName: 'Смирнова Ольга Викторовна',
        phone,
        managerExternalId: 'BOSS',
        department: 'Склад',
      },
    ]);
    await saveNotificationSettings(system, org.orgId, { managersSeeUnread: true });
    const accepted = await publish(org, {
      period: '2026-02',
      payslips: [
        { externalId: 'E-7', lines: sampleLines(), position: 'Кладовщик' },
        { externalId: 'BOSS', lines: sampleLines(150_000) },
      ],
    });
    assert.equal(accepted.status, 202, JSON.stringify(accepted.body));
    await waitForTotals(
      org,
      accepted.body.publicationId,
      (t) => t.status !== 'publishing',
      'the payslips stored',
    );
    const employee = await employeeSession(system, ids.get('E-7')!);
    const boss = await employeeSession(system, ids.get('BOSS')!);

    const context = await browser.newContext({
      javaScriptEnabled: false,
      baseURL: system.baseUrl,
      locale: 'ru-RU',
      viewport: { width: 800, height: 1000 },
    });
    const page = await context.newPage();
    await page.goto('/payslips');
    assert.ok(page.url().endsWith('/login'), 'anonymous visitors are sent to log in');
    await page.fill('#login', employee.login);
    await page.fill('#password', EMPLOYEE_PASSWORD);
    await submit(page, 'Войти');

    await page.goto('/payslips');
    assert.equal(await page.getAttribute('html', 'lang'), 'ru');
    assert.equal(await page.locator('ul.payslips li').count(), 1);
    assert.match((await page.textContent('ul.payslips li')) ?? '', /Новый/);
    await Promise.all([
      page.waitForNavigation(),
      page.getByRole('link', { name: 'Расчётный листок за февраль 2026' }).click(),
    ]);
    const body = (await page.textContent('main')) ?? '';
    for (const text of [
      'Смирнова Ольга Викторовна',
      'Кладовщик',
      'Начислено',
      'Удержано',
      'Выплачено',
      'Оклад',
      'НДФЛ',
    ]) {
      assert.ok(body.includes(text), `the page shows ${text}`);
    }
    assert.equal(await page.textContent('#net'), '57\u00a0000,43');
    assert.equal(
      (await totals(org, accepted.body.publicationId)).opened,
      1,
      'opening the page marks it opened',
    );
    await page.screenshot({ path: '/tmp/kabinet-payslip.png', fullPage: true });

    // The manager's page lists her before she acknowledges.
    const managerPage = await browser.newPage({ baseURL: system.baseUrl, javaScriptEnabled: false });
    await managerPage
      .context()
      .addCookies((await context.cookies()).map((cookie) => ({ ...cookie, value: boss.token })));
    await managerPage.goto('/team/unread');
    assert.equal(await managerPage.textContent('#unread-count'), '1');
    assert.match((await managerPage.textContent('table.team')) ?? '', /Смирнова Ольга Викторовна/);
    await managerPage.screenshot({ path: '/tmp/kabinet-team-unread.png', fullPage: true });

    assert.equal(await submit(page, 'Ознакомлен'), 200);
    assert.match((await page.textContent('[role="status"]')) ?? '', /Ознакомлен/);
    assert.match((await page.textContent('#acknowledged')) ?? '', /Вы ознакомились/);
    assert.equal(await page.getByRole('button', { name: 'Ознакомлен' }).count(), 0);
    assert.equal((await totals(org, accepted.body.publicationId)).acknowledged, 1);
    await page.goto('/payslips');
    assert.match((await page.textContent('ul.payslips li')) ?? '', /Ознакомлен/);

    await managerPage.reload();
    assert.equal(await managerPage.textContent('#unread-count'), '0');

    // The PDF, with the session cookie as a browser would send it.
    const payslipId = (
      await org.api<{ items: { id: string }[] }>('GET', '/v1/me/payslips', { token: employee.token })
    ).body.items[0]!.id;
    const pdf = await page.request.get(`/v1/me/payslips/${payslipId}/pdf`);
    assert.equal(pdf.status(), 200);
    assert.equal(pdf.headers()['content-type'], 'application/pdf');
    assert.equal((await pdf.body()).subarray(0, 5).toString(), '%PDF-');
    await context.close();
    await managerPage.context().close();
  });

  it('refuses a form posted from another site', async () => {
    const res = await fetch(`${system.baseUrl}/payslips/00000000-0000-4000-8000-000000000000/acknowledge`, {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
      body: '',
      redirect: 'manual',
    });
    assert.equal(res.status, 403);
  });
});
