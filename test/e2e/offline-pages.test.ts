// The local stack needs no network: the API docs and the pages people open load everything from
// this server. Chromium runs with every request beyond loopback refused and counted.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext } from 'playwright-core';
import { launchChromium } from '../support/chromium.ts';
import { startTestSystem, type TestSystem } from '../support/system.ts';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);
const PAGES = ['/login', '/register', '/its/register', '/recover', '/activate', '/news', '/cabinet', '/payslips'];

describe('offline: docs and pages load nothing from beyond this server', () => {
  let system: TestSystem;
  let browser: Browser;
  let context: BrowserContext;
  const outside: string[] = [];
  const problems: string[] = [];

  before(async () => {
    system = await startTestSystem();
    browser = await launchChromium();
    context = await browser.newContext({ baseURL: system.baseUrl });
    await context.route('**/*', async (route) => {
      const url = new URL(route.request().url());
      if (url.protocol === 'data:' || LOOPBACK.has(url.hostname)) return route.continue();
      outside.push(url.href);
      return route.abort('internetdisconnected');
    });
  });
  after(async () => {
    await browser?.close();
    await system?.close();
  });

  it('/docs lists the operations, with its assets served by the API under a same-origin policy', async () => {
    const page = await context.newPage();
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    page.on('pageerror', (e) => problems.push(e.message));
    const response = await page.goto('/docs');
    assert.equal(response?.status(), 200);
    const policy = response?.headers()['content-security-policy'] ?? '';
    assert.match(policy, /default-src 'self'/);
    assert.doesNotMatch(policy, /https?:/, 'no other origin is allowed');
    // Swagger UI renders a hundred operations in the browser: slow on a loaded 2-core machine.
    await page.locator('.opblock').first().waitFor({ timeout: 60_000 });
    const operations = await page.locator('.opblock').count();
    assert.ok(operations > 50, `operations listed: ${operations}`);
    assert.ok(await page.getByText('createOrganization').first().isVisible(), 'operation ids shown');
    assert.ok(await page.getByRole('button', { name: /Authorize/ }).isVisible(), 'a token can be entered');
    assert.deepEqual(problems, [], 'no script or policy errors');
    assert.deepEqual(outside, [], 'no request left loopback');
  });

  it('the pages people open make no request beyond this server', async () => {
    const page = await context.newPage();
    for (const path of PAGES) {
      const response = await page.goto(path);
      assert.ok(response && response.status() < 400, `${path}: ${response?.status()}`);
      await page.waitForLoadState('load');
    }
    assert.deepEqual(outside, [], 'no request left loopback');
  });
});
