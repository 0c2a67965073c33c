import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../helpers/chromium.js';
import { startDemoServer, type DemoServer } from '../helpers/demo-server.js';
import {
  bufferText,
  clickToken,
  collectErrors,
  idle,
  inputText,
  isOpen,
  openWithHotkey,
  run,
  shellReady,
  terminalHasFocus,
  waitOpenAndFocused,
} from '../helpers/embedded-shell.js';

/** The page `npm start` serves at `/`: docs from the OpenAPI document, with the shell built in. */
describe('demo page', () => {
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

  async function openPage(): Promise<{ page: Page; errors: string[] }> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors = collectErrors(page);
    await page.goto(server.url + '/');
    await shellReady(page);
    return { page, errors };
  }

  it('renders every operation of the app’s OpenAPI document, grouped by resource', async () => {
    const { page, errors } = await openPage();
    const doc = (await (await fetch(`${server.url}/api/v1/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>>; tags: Array<{ name: string }> };
    const expected = Object.entries(doc.paths)
      .flatMap(([path, ops]) => Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`))
      .sort();
    const shown = await page.$$eval('#reference .endpoint', (items) =>
      items.map((li) => `${li.querySelector('.method')?.textContent} ${li.querySelector('.path')?.textContent}`),
    );
    expect(shown.sort()).toEqual(expected);
    const sections = await page.$$eval('#reference .resource h3', (hs) => hs.map((h) => h.textContent));
    expect(sections).toEqual(doc.tags.map((t) => t.name).filter((name) => sections.includes(name)));
    expect(sections.length).toBeGreaterThan(1);
    // The contents links lead to the sections.
    const targets = await page.$$eval('#reference .contents a', (as) => as.map((a) => a.getAttribute('href')));
    for (const href of targets) expect(await page.locator(href!).count(), href!).toBe(1);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows “Press Ctrl+J”, the demo login and the key the shell is configured with', async () => {
    const { page } = await openPage();
    const hint = page.locator('.hotkey-hint');
    expect(await hint.isVisible()).toBe(true);
    expect((await hint.innerText()).replace(/\s+/g, ' ')).toBe('Press Ctrl + J to open the shell');
    expect(await page.locator('#demo-email').innerText()).toBe(server.demo.email);
    expect(await page.locator('#demo-password').innerText()).toBe(server.demo.password);
    const key = server.demo.testKey;
    expect(await page.locator('#demo-key').innerText()).toBe(key ?? 'not available yet');
    expect(await page.locator('dev-shell').getAttribute('api-key')).toBe(key ?? '');
    await page.close();
  });

  it('runs no inline script, so it works under a strict script CSP', async () => {
    const page = await browser.newPage();
    const errors = collectErrors(page);
    await page.route(`${server.url}/`, async (route) => {
      const response = await route.fetch();
      await route.fulfill({
        response,
        headers: { ...response.headers(), 'content-security-policy': "script-src 'self'; object-src 'none'; base-uri 'none'" },
      });
    });
    await page.goto(server.url + '/');
    await shellReady(page);
    const inline = await page.evaluate(() => ({
      scripts: [...document.querySelectorAll('script')].filter((s) => !s.src).length,
      handlers: [...document.querySelectorAll('*')].filter((el) => [...el.attributes].some((a) => a.name.startsWith('on'))).length,
    }));
    expect(inline).toEqual({ scripts: 0, handlers: 0 });
    await page.locator('#open-shell').click();
    await page.waitForFunction(() => document.querySelector('dev-shell')!.hasAttribute('open'));
    expect(errors).toEqual([]);
    await page.close();
  });

  it('opens with Ctrl+J, focused on the prompt, and closes with Ctrl+J giving focus back', async () => {
    const { page, errors } = await openPage();
    expect(await isOpen(page)).toBe(false);
    const panel = page.locator('dev-shell .panel');
    expect(await panel.isVisible()).toBe(false);
    await page.locator('#open-shell').focus();
    await openWithHotkey(page);
    expect(await panel.isVisible()).toBe(true);
    await page.keyboard.press('Control+j');
    await page.waitForFunction(() => !document.querySelector('dev-shell')!.hasAttribute('open'));
    expect(await terminalHasFocus(page)).toBe(false);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('open-shell');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('opens and closes from the “Open the shell” button for mouse users', async () => {
    const { page, errors } = await openPage();
    const button = page.locator('#open-shell');
    expect(await button.getAttribute('aria-expanded')).toBe('false');
    await button.click();
    await waitOpenAndFocused(page);
    expect(await button.innerText()).toBe('Close the shell');
    expect(await button.getAttribute('aria-expanded')).toBe('true');
    await button.click();
    await page.waitForFunction(() => !document.querySelector('dev-shell')!.hasAttribute('open'));
    expect(await button.innerText()).toBe('Open the shell');
    // Opened by the button, closed by Ctrl+J: focus goes back to the button, the label follows.
    await button.click();
    await waitOpenAndFocused(page);
    await page.keyboard.press('Control+j');
    await page.waitForFunction(() => !document.querySelector('dev-shell')!.hasAttribute('open'));
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('open-shell');
    expect(await button.getAttribute('aria-expanded')).toBe('false');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('runs GET /invoices with the seeded test key', async () => {
    const { page, errors } = await openPage();
    await openWithHotkey(page);
    await run(page, 'GET /invoices');
    const text = await bufferText(page);
    expect(text).toMatch(/HTTP 200\b/);
    expect(text).toContain('"success": true');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('lets a visitor click through the seeded demo invoices at once', async () => {
    const { page, errors } = await openPage();
    await openWithHotkey(page);
    await run(page, 'GET /invoices');
    const id = /\binv_\d+\b/.exec(await bufferText(page))?.[0];
    expect(id, 'the seeded demo organisation has invoices').toBeDefined();
    await clickToken(page, id!);
    await expect.poll(() => inputText(page)).toBe(`GET /invoices/${id}`);
    await page.keyboard.press('Enter');
    await idle(page);
    expect(await bufferText(page)).toContain(`"id": "${id}"`);
    expect(errors).toEqual([]);
    await page.close();
  });
});
