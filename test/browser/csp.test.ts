import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../helpers/chromium.js';
import { startDemoServer, type DemoServer } from '../helpers/demo-server.js';
import { bufferText, clickToken, collectErrors, idle, inputText, openWithHotkey, run, shellReady } from '../helpers/embedded-shell.js';
import { PAGE_CONTENT_SECURITY_POLICY } from '../../server/http/security-headers.js';

/**
 * The demo pages' Content-Security-Policy (server/http/security-headers.ts) in real Chromium: the
 * shell does everything a visitor does — open with Ctrl+J, run requests, follow an ID link, hover
 * a block for its copy button, resize the panel, export curl — and the browser reports no
 * violation. The policy is really enforced (an injected inline script is refused), and the one
 * concession, `style-src 'unsafe-inline'`, is shown to be needed rather than assumed.
 */

interface Violation {
  directive: string;
  blocked: string;
  sample: string;
}

/** Records every `securitypolicyviolation` (they bubble out of shadow roots, composed) from page start. */
async function watchViolations(page: Page): Promise<() => Promise<Violation[]>> {
  await page.addInitScript(() => {
    const seen: Array<{ directive: string; blocked: string; sample: string }> = [];
    (window as unknown as { __cspViolations: typeof seen }).__cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.push({ directive: e.effectiveDirective, blocked: e.blockedURI, sample: e.sample }), true);
  });
  return () => page.evaluate(() => (window as unknown as { __cspViolations: Violation[] }).__cspViolations);
}

/** The last prefixed ID in the rows on screen. */
async function lastIdOnScreen(page: Page): Promise<string | undefined> {
  const { viewportY, rows } = await page.evaluate(() => document.querySelector('dev-shell')!.testHooks!.viewport());
  const all = await page.evaluate(() => document.querySelector('dev-shell')!.testHooks!.lines());
  return all.slice(viewportY, viewportY + rows).join('\n').match(/\b(?:inv|cont|acc)_\d+\b/g)?.at(-1);
}

async function useTheShell(page: Page): Promise<void> {
  await openWithHotkey(page);
  await run(page, 'GET /invoices');
  expect(await bufferText(page)).toMatch(/HTTP 200/);
  // Follow an ID link (hover underline, click puts a GET on the prompt), then run it.
  const id = await lastIdOnScreen(page);
  expect(id, 'an ID is on screen').toBeDefined();
  await clickToken(page, id!);
  await expect.poll(() => inputText(page)).toContain(`/${id}`);
  await page.keyboard.press('Enter');
  await idle(page);
  await run(page, 'help');
  await run(page, 'routes invoices');
  await run(page, 'curl');
  expect(await bufferText(page)).toMatch(/curl /);
  // Resize the panel from the keyboard: its height is bound as a style attribute.
  await page.locator('dev-shell .handle').focus();
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
}

describe('Content-Security-Policy of the demo pages', () => {
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

  it('is sent with the page, without inline or eval’d script', async () => {
    const res = await fetch(`${server.url}/`);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline/);
    expect(csp).toContain("frame-ancestors 'none'");
  });

  for (const path of ['/', '/host-app.html']) {
    it(`reports no violation and no console error while the shell is used on ${path}`, async () => {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      const violations = await watchViolations(page);
      const errors = collectErrors(page);
      await page.goto(server.url + path);
      await shellReady(page);
      await useTheShell(page);
      expect(await violations()).toEqual([]);
      expect(errors).toEqual([]);

      // The policy is live: a script injected inline is refused and reported.
      const ran = await page.evaluate(() => {
        const script = document.createElement('script');
        script.textContent = 'window.__inlineRan = true';
        document.head.append(script);
        return (window as unknown as { __inlineRan?: boolean }).__inlineRan === true;
      });
      expect(ran).toBe(false);
      await expect.poll(async () => (await violations()).map((v) => v.directive)).toContain('script-src-elem');
      await page.close();
    });
  }

  it("needs style-src 'unsafe-inline' for the terminal: without it, xterm's run-time <style> elements are refused", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const violations = await watchViolations(page);
    const stricter = Object.entries({ ...PAGE_CONTENT_SECURITY_POLICY, 'style-src': ["'self'"] })
      .map(([name, values]) => `${name} ${values.join(' ')}`)
      .join('; ');
    await page.route(`${server.url}/`, async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': stricter } });
    });
    await page.goto(`${server.url}/`);
    await shellReady(page);
    await openWithHotkey(page);
    const refused = (await violations()).map((v) => v.directive);
    expect(refused.length).toBeGreaterThan(0);
    expect(new Set(refused)).toEqual(new Set(refused.filter((d) => d.startsWith('style-src'))));
    await page.close();
  });
});
