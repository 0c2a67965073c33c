import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../helpers/chromium.js';
import { bufferText, gotoShell, lines, logicalLines, openPanel, run, settle } from './shell-harness.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const KEY = 'sk_test_' + 'k'.repeat(40);

interface Seen {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
}

async function listen(app: express.Express): Promise<{ server: Server; origin: string }> {
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(0, '127.0.0.1', (err?: Error) => (err ? reject(err) : resolve(s)));
  });
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

async function close(server: Server | undefined): Promise<void> {
  if (!server) return;
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

/**
 * A page without a CSP hosting the shell next to a tiny API of its own (its document declares a
 * custom key header), so the network edge cases can be staged: a request that never answers,
 * a cross-origin server that sends no CORS headers, the browser going offline.
 */
describe('<dev-shell> on the network: headers, abort, CORS and offline failures', () => {
  let page: Server;
  let origin: string;
  let foreign: Server;
  let foreignOrigin: string;
  let browser: Browser;
  let context: BrowserContext;
  let tab: Page;
  const seen: Seen[] = [];
  let slowArrived: (() => void) | null = null;

  beforeAll(async () => {
    const app = express();
    app.use(express.json());
    app.get('/', (_req, res) => {
      res.type('html').send(`<!doctype html><html><head><link rel="icon" href="data:,"><title>Host</title>
<script type="module" src="/dist/dev-shell.js"></script></head>
<body><dev-shell api-key="${KEY}" spec-url="/docs/openapi.json" storage-key="network-test"></dev-shell></body></html>`);
    });
    app.use('/dist', express.static(path.join(ROOT, 'dist')));
    app.get('/docs/openapi.json', (_req, res) => {
      res.json({
        openapi: '3.0.3',
        info: { title: 'Things', version: '1' },
        servers: [{ url: '/api' }],
        components: { securitySchemes: { key: { type: 'apiKey', in: 'header', name: 'X-Custom-Key' } } },
        security: [{ key: [] }],
        paths: { '/things': { post: { summary: 'Make a thing', responses: {} } }, '/slow': { get: { summary: 'Never answers', responses: {} } } },
      });
    });
    app.use('/api', (req, _res, next) => {
      seen.push({ method: req.method, url: req.originalUrl, headers: req.headers });
      next();
    });
    app.post('/api/things', (req, res) => res.status(201).json({ made: req.body }));
    app.get('/api/slow', () => slowArrived?.());
    // Raw control sequences, as a hostile or broken server might send them.
    app.get('/api/raw', (_req, res) => {
      res.type('text/plain').send('line one\n\x1b]0;pwned\x07\x1b[2J\x1b[H\x1b[?1h\x1b[6n\x1b]52;c;aGk=\x07\rfake ❯ prompt\x9b31mend\n');
    });
    ({ server: page, origin } = await listen(app));

    // Another origin: /data never allows CORS; /declared and /plain are APIs that do.
    const other = express();
    other.get('/data', (_req, res) => res.json({ secret: 'not for you' }));
    other.use(['/declared', '/plain'], (req, res, next) => {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Allow-Headers', 'X-Custom-Key, Content-Type, Idempotency-Key');
      res.setHeader('Access-Control-Allow-Methods', 'GET, POST');
      if (req.method === 'OPTIONS') return void res.status(204).end();
      next();
    });
    const crossDoc = (declared: boolean) => ({
      openapi: '3.1.0',
      info: { title: declared ? 'Declared' : 'Plain', version: '1' },
      servers: [{ url: 'api' }],
      components: { securitySchemes: { key: { type: 'apiKey', in: 'header', name: 'X-Custom-Key' } } },
      paths: {
        '/things': {
          post: {
            parameters: declared ? [{ name: 'Idempotency-Key', in: 'header', schema: { type: 'string' } }] : [],
            responses: {},
          },
        },
      },
    });
    other.get('/declared/openapi.json', (_req, res) => res.json(crossDoc(true)));
    other.get('/plain/openapi.json', (_req, res) => res.json(crossDoc(false)));
    other.post(['/declared/api/things', '/plain/api/things'], express.json(), (req, res) => {
      seen.push({ method: req.method, url: req.originalUrl, headers: req.headers });
      res.status(201).json({ made: req.body });
    });
    ({ server: foreign, origin: foreignOrigin } = await listen(other));

    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1100, height: 800 } });
    tab = await context.newPage();
    await gotoShell(tab, origin + '/');
    await openPanel(tab);
  });

  afterAll(async () => {
    await browser?.close();
    await close(page);
    await close(foreign);
  });

  it('sends the key in the header the document declares, and an Idempotency-Key on writes', async () => {
    seen.length = 0;
    await run(tab, 'POST /things {"name":"one"}');
    expect(await bufferText(tab)).toContain('HTTP 201 Created');
    expect(seen).toHaveLength(1);
    expect(seen[0]!.url).toBe('/api/things');
    expect(seen[0]!.headers['x-custom-key']).toBe(KEY);
    expect(seen[0]!.headers['x-api-key']).toBeUndefined();
    expect(seen[0]!.headers['idempotency-key']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(seen[0]!.headers['content-type']).toBe('application/json');

    seen.length = 0;
    await run(tab, `POST /things -H 'Idempotency-Key: mine-1' {"name":"two"}`);
    expect(seen[0]!.headers['idempotency-key']).toBe('mine-1');
  });

  it('across origins, sends an Idempotency-Key only to an API whose document declares one (CORS would refuse it otherwise)', async () => {
    seen.length = 0;
    await run(tab, `env set spec-url ${foreignOrigin}/declared/openapi.json`);
    await run(tab, 'POST /things {"n":1}');
    await run(tab, `env set spec-url ${foreignOrigin}/plain/openapi.json`);
    await run(tab, 'POST /things {"n":2}');
    await run(tab, 'env unset spec-url');
    expect(seen.map((r) => r.url)).toEqual(['/declared/api/things', '/plain/api/things']);
    expect(seen[0]!.headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
    expect(seen[1]!.headers['idempotency-key']).toBeUndefined();
    // The key went along to both: their documents put the server on their own origin.
    expect(seen.every((r) => r.headers['x-custom-key'] === KEY)).toBe(true);
  });

  it('uses the host page’s authHeaders function instead of the key when given one', async () => {
    await tab.evaluate(() => {
      document.querySelector('dev-shell')!.authHeaders = async () => ({ Authorization: 'Bearer host-token' });
    });
    seen.length = 0;
    await run(tab, 'POST /things {"name":"three"}');
    expect(seen[0]!.headers.authorization).toBe('Bearer host-token');
    expect(seen[0]!.headers['x-custom-key']).toBeUndefined();
    await run(tab, 'env');
    expect(await bufferText(tab)).toContain('host page provides auth headers');
    await tab.evaluate(() => {
      document.querySelector('dev-shell')!.authHeaders = undefined;
    });
  });

  it('raw escape sequences in a text body are printed visibly, never obeyed', async () => {
    await run(tab, 'help');
    const title = await tab.title();
    await run(tab, 'GET /raw');
    const text = await bufferText(tab);
    expect(text).toContain('Commands');
    expect(text).toContain('\\u001b]0;pwned\\u0007\\u001b[2J\\u001b[H\\u001b[?1h\\u001b[6n\\u001b]52;c;aGk=\\u0007\\rfake ❯ prompt\\u009b31mend');
    expect(await tab.title()).toBe(title);
    expect(await tab.evaluate(() => document.querySelector('dev-shell')!.testHooks!.input())).toEqual({ text: '', cursor: 0 });
    // The shell still answers keys as before: ↑ walks the history.
    await tab.keyboard.press('ArrowUp');
    await settle(tab);
    expect((await tab.evaluate(() => document.querySelector('dev-shell')!.testHooks!.input())).text).toBe('GET /raw');
    await tab.keyboard.press('Control+u');
    await settle(tab);
  });

  it('Ctrl+C aborts an in-flight request and the prompt comes back', async () => {
    const arrived = new Promise<void>((resolve) => (slowArrived = resolve));
    await tab.keyboard.type('GET /slow');
    await tab.keyboard.press('Enter');
    await arrived;
    await tab.keyboard.press('Control+c');
    await settle(tab);
    expect(await bufferText(tab)).toContain('Request cancelled (Ctrl+C)');
    expect((await lines(tab)).filter((l) => l.startsWith('❯ ')).at(-1)).toBe('❯ ');
    // The shell is usable again.
    await run(tab, 'POST /things {"after":"abort"}');
    expect((await bufferText(tab)).match(/HTTP 201 Created/g)!.length).toBeGreaterThan(2);
  });

  it('a cross-origin server without CORS headers gets a red explanation naming CORS and this origin', async () => {
    await run(tab, `GET ${foreignOrigin}/data`);
    const message = (await logicalLines(tab)).findLast((l) => l.startsWith('Network error'));
    expect(message).toContain(`no response from ${foreignOrigin}`);
    expect(message).toContain(`CORS must allow the origin ${origin}`);
    expect(await bufferText(tab)).not.toContain('not for you');
  });

  it('offline, it says the browser is offline', async () => {
    await context.setOffline(true);
    try {
      await run(tab, 'POST /things {"name":"offline"}');
      const message = (await logicalLines(tab)).findLast((l) => l.startsWith('Network error'));
      expect(message).toContain('the browser is offline');
    } finally {
      await context.setOffline(false);
    }
  });
});
