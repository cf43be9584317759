// Headless Debian chromium for the page tests (playwright-core drives it; nothing is downloaded).
import assert from 'node:assert/strict';
import { chromium, type Browser, type Page } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const launchChromium = (): Promise<Browser> =>
  chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });

/** Clicks a submit button and waits for the next page; its status (after redirects). */
export async function submit(page: Page, button: string): Promise<number> {
  const [response] = await Promise.all([
    page.waitForNavigation(),
    page.getByRole('button', { name: button }).click(),
  ]);
  assert.ok(response, `no page after pressing "${button}"`);
  return response.status();
}
