import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import express from 'express';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './chromium.js';
import { openWithHotkey, shellReady } from './embedded-shell.js';
import { startForeignApi, type ForeignApi } from '../fixtures/foreign-api.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface ForeignShellPage {
  page: Page;
  foreign: ForeignApi;
  close(): Promise<void>;
}

/**
 * A host page on its own origin that loads only dist/dev-shell.js, pointed at the foreign fixture
 * API (which allows that origin by CORS), with the shell open and ready.
 */
export async function openShellOnForeignApi(storageKey: string): Promise<ForeignShellPage> {
  const app = express();
  let html = '';
  app.get('/', (_req, res) => {
    res.type('html').send(html);
  });
  app.use('/dist', express.static(path.join(ROOT, 'dist')));
  const pageServer: Server = await new Promise((resolve, reject) => {
    const s = app.listen(0, '127.0.0.1', (err?: Error) => (err ? reject(err) : resolve(s)));
  });
  const pageOrigin = `http://127.0.0.1:${(pageServer.address() as AddressInfo).port}`;
  const foreign = await startForeignApi({ allowedOrigins: [pageOrigin] });
  html = `<!doctype html><html><head><link rel="icon" href="data:,"><script type="module" src="/dist/dev-shell.js"></script></head>
<body><dev-shell spec-url="${foreign.specUrl}" api-key="${foreign.key}" storage-key="${storageKey}"></dev-shell></body></html>`;
  const browser: Browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
  await page.goto(pageOrigin + '/');
  await shellReady(page);
  await openWithHotkey(page);
  return {
    page,
    foreign,
    async close() {
      await browser.close();
      await foreign.close();
      pageServer.closeAllConnections();
      await new Promise<void>((resolve) => pageServer.close(() => resolve()));
    },
  };
}
