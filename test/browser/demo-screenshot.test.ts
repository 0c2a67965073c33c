import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../helpers/chromium.js';
import { startDemoServer, type DemoServer } from '../helpers/demo-server.js';
import { bufferText, hoverToken, openWithHotkey, run, shellReady } from '../helpers/embedded-shell.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/**
 * Every run takes the screenshot into test-results/ (so a broken shell shows up there);
 * `npm run screenshot` (UPDATE_SCREENSHOT=1) writes the README's docs/screenshot.png instead —
 * kept out of normal runs because response times and timestamps differ on every run.
 */
const OUT = process.env.UPDATE_SCREENSHOT ? path.join(ROOT, 'docs', 'screenshot.png') : path.join(ROOT, 'test-results', 'screenshot.png');

describe('the README screenshot', () => {
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

  /** A real record to show, made the way an integration would: over HTTP with the demo test key. */
  async function createContact(): Promise<string> {
    const res = await fetch(`${server.url}/api/v1/contacts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': server.demo.testKey ?? '' },
      body: JSON.stringify({ name: 'Harbour Coffee Co.', email: 'accounts@harbour.test' }),
    });
    expect(res.status).toBe(201);
    return ((await res.json()) as { data: { id: string } }).data.id;
  }

  it('shows the shell open on the demo page with a response', async () => {
    const contactId = await createContact();
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1, colorScheme: 'dark' });
    await page.goto(server.url + '/');
    await shellReady(page);
    await openWithHotkey(page);
    // A taller panel than the default, through the documented theming property.
    await page.addStyleTag({ content: 'dev-shell { --dev-shell-height: 62vh; }' });
    await run(page, 'GET /contacts');
    const text = await bufferText(page);
    expect(text).toMatch(/\b200\b/);
    expect(text).toContain(contactId);
    // Hover an ID: the screenshot shows it as the link it is.
    await hoverToken(page, contactId);
    fs.mkdirSync(path.dirname(OUT), { recursive: true });
    const png = await page.screenshot({ path: OUT });
    // A PNG of the viewport, not an error page: its header says 1280×900.
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(1280);
    expect(png.readUInt32BE(20)).toBe(900);
    await page.close();
  });
});
