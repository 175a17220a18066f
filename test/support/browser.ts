import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { bundleComponents, startBackOfficeApp } from './back-office.js';
import type { TestApp } from './test-app.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** CI installs Debian's chromium; elsewhere the browser tests run when it is there. */
export const describeInBrowser = existsSync(CHROMIUM) || process.env.CI ? describe : describe.skip;

/** How long a browser test's setup may take: the components bundle is built on the first request. */
export const BROWSER_SETUP_MS = 180_000;

export interface BrowserSession {
  t: TestApp;
  browser: Browser;
  /** `http://127.0.0.1:<port>` */
  base: string;
  close(): Promise<void>;
}

/**
 * The real app with the back office on a free port, its components bundled before the first page (the machine
 * may be busy: page waits are not timings), and a headless Chromium as this machine can run it (no network).
 */
export async function startBrowserSession(env: Record<string, string> = {}): Promise<BrowserSession> {
  const t = await startBackOfficeApp(env);
  await t.app.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
  await bundleComponents(t);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
    ],
  });
  return { t, browser, base, close: async () => (await browser.close(), await t.close()) };
}

/** Signs in on the back office's login page (in any language: the form is sent with Enter). */
export async function signIn(page: Page, base: string, username: string, password: string): Promise<void> {
  page.setDefaultTimeout(20_000);
  await page.goto(`${base}/admin/login`);
  await page.fill('input[name=email]', username);
  await page.fill('input[name=password]', password);
  await page.press('input[name=password]', 'Enter');
}
