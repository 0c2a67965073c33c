import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../helpers/chromium.js';
import { startDemoServer, type DemoServer } from '../helpers/demo-server.js';
import { bufferText, collectErrors, openWithHotkey, run, shellReady } from '../helpers/embedded-shell.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

interface PageServer {
  origin: string;
  setPage(html: string): void;
  close(): Promise<void>;
}

/** A product's page on another origin (another port): serves the built shell and one page. */
async function startPageServer(): Promise<PageServer> {
  let html = '';
  const app = express();
  app.get('/', (_req, res) => {
    res.type('html').send(html);
  });
  app.use('/dist', express.static(path.join(ROOT, 'dist')));
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(0, '127.0.0.1', (err?: Error) => (err ? reject(err) : resolve(s)));
  });
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    setPage(value) {
      html = value;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function embedPage(apiUrl: string, apiKey: string): string {
  const attr = (v: string) => v.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
  return `<!doctype html><html><head><link rel="icon" href="data:,"><script type="module" src="/dist/dev-shell.js"></script></head>
<body><h1>Another origin</h1><dev-shell base-url="${attr(apiUrl)}" api-key="${attr(apiKey)}"></dev-shell></body></html>`;
}

/** The shell on a page served from a second port calls the API across origins (CORS_ORIGINS). */
describe('the shell on another origin', () => {
  let api: DemoServer;
  let allowed: PageServer;
  let denied: PageServer;
  let browser: Browser;

  beforeAll(async () => {
    allowed = await startPageServer();
    denied = await startPageServer();
    api = await startDemoServer({ corsOrigins: [allowed.origin] });
    allowed.setPage(embedPage(api.url, api.demo.testKey ?? ''));
    denied.setPage(embedPage(api.url, api.demo.testKey ?? ''));
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await api?.close();
    await allowed?.close();
    await denied?.close();
  });

  it('works from an allowed origin, preflighted JSON writes included', async () => {
    const page = await browser.newPage();
    const errors = collectErrors(page);
    await page.goto(allowed.origin + '/');
    await shellReady(page);
    await openWithHotkey(page);
    // The spec crossed origins: the API's routes are known.
    await run(page, 'routes auth');
    expect(await bufferText(page)).toContain('/auth/login');
    // A JSON body makes this a preflighted request.
    await run(page, `POST /auth/login {"email":"${api.demo.email}","password":"${api.demo.password}"}`);
    const text = await bufferText(page);
    expect(text).toMatch(/\b200\b/);
    expect(text).toContain('"accessToken"');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('sends the API key across origins (X-API-Key is preflighted)', async () => {
    const page = await browser.newPage();
    const errors = collectErrors(page);
    await page.goto(allowed.origin + '/');
    await shellReady(page);
    await openWithHotkey(page);
    await run(page, 'GET /invoices');
    const text = await bufferText(page);
    expect(text).toMatch(/\b200\b/);
    expect(text).toContain('"success": true');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('is refused by the browser from an origin not in CORS_ORIGINS', async () => {
    const page = await browser.newPage();
    const errors = collectErrors(page);
    await page.goto(denied.origin + '/');
    await shellReady(page);
    await openWithHotkey(page);
    await run(page, `POST /api/v1/auth/login {"email":"${api.demo.email}","password":"${api.demo.password}"}`);
    const text = await bufferText(page);
    expect(text).not.toContain('"accessToken"');
    expect(text).not.toMatch(/\b200 OK\b/);
    expect(errors.some((e) => /blocked by CORS policy/.test(e)), errors.join('\n')).toBe(true);
    await page.close();
  });
});
