import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import express from 'express';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../helpers/chromium.js';
import { bufferText, clearInput, clickToken, collectErrors, hoverToken, idle, inputText, openWithHotkey, run, shellReady } from '../helpers/embedded-shell.js';
import { SHIPMENTS_KEY_HEADER, startForeignApi, type ForeignApi } from '../fixtures/foreign-api.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * The shell against an API that is not ours (test/fixtures/foreign-api.ts): OpenAPI 3.0, no
 * x-id-prefix, a relative `/v2` server next to a document kept under `/docs/`, its own key header.
 * The page lives on its own origin, so every call is a CORS call to the foreign API too.
 */
describe('the shell against a foreign API', () => {
  let foreign: ForeignApi;
  let pageServer: Server;
  let pageOrigin: string;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    const app = express();
    let html = '';
    app.get('/', (_req, res) => {
      res.type('html').send(html);
    });
    app.use('/dist', express.static(path.join(ROOT, 'dist')));
    pageServer = await new Promise((resolve, reject) => {
      const s = app.listen(0, '127.0.0.1', (err?: Error) => (err ? reject(err) : resolve(s)));
    });
    pageOrigin = `http://127.0.0.1:${(pageServer.address() as AddressInfo).port}`;
    foreign = await startForeignApi({ allowedOrigins: [pageOrigin] });
    // Only spec-url and the key: where requests go must come from the document's own servers.
    html = `<!doctype html><html><head><link rel="icon" href="data:,"><script type="module" src="/dist/dev-shell.js"></script></head>
<body><h1>Parcelpost developer portal</h1><dev-shell spec-url="${foreign.specUrl}" api-key="${foreign.key}" storage-key="parcelpost"></dev-shell></body></html>`;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await foreign?.close();
    if (pageServer) {
      pageServer.closeAllConnections();
      await new Promise<void>((resolve) => pageServer.close(() => resolve()));
    }
  });

  beforeEach(async () => {
    await page?.close();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    errors = collectErrors(page);
    await page.goto(pageOrigin + '/');
    await shellReady(page);
    await openWithHotkey(page);
    foreign.requests.length = 0;
  });

  it('lists the foreign API’s routes', async () => {
    await run(page, 'routes');
    const all = await bufferText(page);
    const text = all.slice(all.lastIndexOf('❯ routes'));
    for (const route of [
      'GET /shipments',
      'POST /shipments',
      'GET /shipments/{shipmentId}',
      'DELETE /shipments/{shipmentId}',
      'GET /shipments/{shipmentId}/packages',
      'GET /shipments/{shipmentId}/packages/{packageId}',
      'GET /carriers/{carrierCode}',
    ]) {
      const [method, path] = route.split(' ');
      expect(text, route).toMatch(new RegExp(`${method}\\s+${path!.replace(/[{}]/g, '\\$&')}(\\s|$)`, 'm'));
    }
    expect(text).not.toMatch(/\/invoices|\/contacts|openapi\.json/);
    expect(errors).toEqual([]);
  });

  it('completes the foreign API’s paths with Tab', async () => {
    await page.keyboard.type('GET /car');
    await page.keyboard.press('Tab');
    await expect.poll(() => inputText(page)).toMatch(/^GET \/carriers\//);
    await clearInput(page);
    await page.keyboard.type('GET /shipments/shp_7k2m9x4q/pa');
    await page.keyboard.press('Tab');
    await expect.poll(() => inputText(page)).toMatch(/^GET \/shipments\/shp_7k2m9x4q\/packages/);
  });

  it('sends requests to the document’s relative server with the document’s key header', async () => {
    await run(page, 'GET /shipments');
    const text = await bufferText(page);
    expect(text).toMatch(/\b200\b/);
    expect(text).toContain('shp_7k2m9x4q');
    const calls = foreign.requests.filter((r) => r.method === 'GET' && r.path.startsWith('/v2/'));
    expect(calls.map((r) => r.path)).toEqual(['/v2/shipments']);
    const headers = calls[0]!.headers;
    expect(headers[SHIPMENTS_KEY_HEADER.toLowerCase()]).toBe(foreign.key);
    // Our API's conventions do not leak into someone else's.
    expect(headers['x-api-key']).toBeUndefined();
    expect(headers.authorization).toBeUndefined();
    expect(errors).toEqual([]);
  });

  it('sends a JSON write with only headers the foreign API allows', async () => {
    // Its CORS allows exactly what its document describes (its key header and Content-Type), as
    // many real APIs do; a header the document never mentions would fail the preflight.
    await run(page, 'POST /shipments {"reference":"ORDER-2001"}');
    const text = await bufferText(page);
    expect(text).toMatch(/\b201\b/);
    expect(text).toContain('"reference": "ORDER-2001"');
    const post = foreign.requests.find((r) => r.method === 'POST' && r.path === '/v2/shipments');
    expect(post?.headers[SHIPMENTS_KEY_HEADER.toLowerCase()]).toBe(foreign.key);
    expect(errors).toEqual([]);
  });

  it('turns IDs inferred from path-parameter patterns into links', async () => {
    await run(page, 'GET /shipments');
    await clickToken(page, 'shp_3n8p1r6t');
    await expect.poll(() => inputText(page)).toBe('GET /shipments/shp_3n8p1r6t');
    await page.keyboard.press('Enter');
    await idle(page);
    expect(await bufferText(page)).toContain('"reference": "ORDER-1002"');
    expect(foreign.requests.some((r) => r.method === 'GET' && r.path === '/v2/shipments/shp_3n8p1r6t')).toBe(true);
  });

  it('fills a nested route’s other parameters from the request that showed the ID', async () => {
    await run(page, 'GET /shipments/shp_7k2m9x4q');
    await clickToken(page, 'pkg_e5f6g7h8');
    await expect.poll(() => inputText(page)).toBe('GET /shipments/shp_7k2m9x4q/packages/pkg_e5f6g7h8');
    await page.keyboard.press('Enter');
    await idle(page);
    expect(await bufferText(page)).toContain('"description": "Mugs"');
  });

  it('links nothing that is not an ID of the document', async () => {
    await run(page, 'GET /shipments/shp_7k2m9x4q');
    // `dhl` is a carrier code (no prefix): a click on it puts nothing on the prompt. Input events
    // are handled in order, so a key typed after the click lands on whatever the click left.
    const at = await hoverToken(page, 'dhl');
    await page.mouse.click(at.x, at.y);
    await page.keyboard.type('x');
    await expect.poll(() => inputText(page)).toBe('x');
  });
});
