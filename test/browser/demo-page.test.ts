import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../helpers/chromium.js';
import { startDemoServer, type DemoServer } from '../helpers/demo-server.js';

describe('demo page', () => {
  let server: DemoServer;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    server = await startDemoServer();
    browser = await launchChromium();
    page = await browser.newPage();
    page.on('pageerror', (err) => errors.push(err.message));
    page.on('console', (msg) => {
      if (msg.type() === 'error') errors.push(msg.text());
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('loads and defines <dev-shell> without errors', async () => {
    await page.goto(server.url + '/');
    await page.waitForFunction(() => customElements.get('dev-shell') !== undefined);
    expect(await page.locator('dev-shell').count()).toBe(1);
    expect(await page.title()).toContain('devshell');
    expect(errors).toEqual([]);
  });
});
