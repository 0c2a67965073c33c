import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../helpers/chromium.js';
import { startDemoServer, type DemoServer } from '../helpers/demo-server.js';
import { bufferText, collectErrors, openWithHotkey, run, shellReady } from '../helpers/embedded-shell.js';

/** demo/host-app.html: an unrelated product page that embeds the shell with one script tag. */
describe('host-app page', () => {
  let server: DemoServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startDemoServer();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('loads only dist/dev-shell.js and gets a working shell from it', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors = collectErrors(page);
    const scripts: string[] = [];
    page.on('request', (req) => {
      if (req.resourceType() === 'script') scripts.push(new URL(req.url()).pathname);
    });
    await page.goto(`${server.url}/host-app.html`);
    await shellReady(page);
    expect(scripts).toEqual(['/dist/dev-shell.js']);
    expect(await page.title()).toBe('Northwind Billing — Invoices');
    expect(await page.locator('dev-shell').getAttribute('api-key')).toBe(server.demo.testKey ?? '');

    await openWithHotkey(page);
    // The spec came from the page's own origin (the default), so the API's routes are known.
    await run(page, 'routes openapi');
    expect(await bufferText(page)).toContain('/openapi.json');
    await run(page, 'GET /openapi.json');
    expect(await bufferText(page)).toMatch(/\b200\b/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('keeps the host page’s layout and styles apart from its own', async () => {
    // Reduced motion: the panel is in place at once instead of sliding up.
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce' });
    await page.goto(`${server.url}/host-app.html`);
    await shellReady(page);
    const before = await page.locator('.app').boundingBox();
    await openWithHotkey(page);
    // The panel floats over the page: the page's own layout does not move.
    expect(await page.locator('.app').boundingBox()).toEqual(before);
    const panel = await page.locator('dev-shell .panel').boundingBox();
    expect(panel!.y + panel!.height).toBeCloseTo(800, 0);
    // The page's serif body font does not reach the terminal.
    const fonts = await page.evaluate(() => {
      const rows = document.querySelector('dev-shell')!.shadowRoot!.querySelector('.xterm-rows');
      return { page: getComputedStyle(document.body).fontFamily, terminal: rows ? getComputedStyle(rows).fontFamily : '' };
    });
    expect(fonts.page).toMatch(/Georgia/);
    expect(fonts.terminal).toMatch(/mono/i);
    expect(fonts.terminal).not.toMatch(/Georgia/);
    await page.close();
  });
});
