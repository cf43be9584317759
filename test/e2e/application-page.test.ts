// The training application's page in headless Chromium: the state and, visibly, that an application
// is not a guarantee of enrolment (PRODUCT.md §7).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/chromium.ts';
import { SESSION_COOKIE } from '../../api/http/middleware/auth.ts';
import { createCycleDirectly, createProvider, createSpecialist } from '../support/education.ts';
import { createProgrammeCycle } from '../support/programmes.ts';
import { startTestSystem, type TestSystem } from '../support/system.ts';

describe('application page in a browser', () => {
  let system: TestSystem;
  let browser: Browser;
  before(async () => {
    system = await startTestSystem();
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await system?.close();
  });

  it('shows the state and the guarantee notice to the logged-in specialist', async () => {
    const specialist = await createSpecialist(system);
    const { cycleId } = await createCycleDirectly(system, specialist.specialistId);
    const provider = await createProvider(system);
    const programme = await createProgrammeCycle(system, provider.providerId);
    const created = await specialist.api<{ id: string }>('POST', '/v1/me/applications', {
      token: specialist.token,
      body: {
        cycleId,
        programmeCycleId: programme.programmeCycleId,
        form: { workplace: 'Поликлиника № 1', position: 'Терапевт', phone: '+79161234567', email: 'a@b.ru' },
      },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));

    const context = await browser.newContext({ javaScriptEnabled: false });
    await context.addCookies([{ name: SESSION_COOKIE, value: specialist.token, url: system.baseUrl }]);
    const page = await context.newPage();
    const response = await page.goto(`${system.baseUrl}/applications/${created.body.id}`);
    assert.equal(response?.status(), 200);
    assert.equal(await page.title(), 'Заявка на обучение — Кабинет');
    const notice = page.getByRole('note');
    assert.ok(await notice.isVisible());
    assert.equal(
      (await notice.textContent())?.trim(),
      'Заявка не является гарантией зачисления на обучение.',
    );
    assert.equal(await page.locator('#status').textContent(), 'Черновик');
    assert.ok(await page.getByText(programme.title).isVisible());
    await context.close();
  });
});
