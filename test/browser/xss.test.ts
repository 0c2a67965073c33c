import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { z } from 'zod';
import { createApp } from '../../server/app.js';
import { testConfig } from '../../server/config.js';
import { migrateToLatest } from '../../server/db/migrate.js';
import { openSqlite, type DB } from '../../server/db/open.js';
import type { DemoSettings } from '../../server/demo-site.js';
import { defineRoute } from '../../server/http/route.js';
import { seedDemo, type DemoCredentials } from '../../server/seed/demo.js';
import { launchChromium } from '../helpers/chromium.js';
import { bufferText, collectErrors, inputText, openWithHotkey, run, shellReady } from '../helpers/embedded-shell.js';

/**
 * Untrusted text — a contact's name, an API description — reaches the page in two places: the
 * terminal (responses, `routes`, `help`) and the demo page's reference, rendered from the OpenAPI
 * document. Neither may turn it into markup or script, and no response may drive the terminal
 * (SPEC §6 "Safety"). Then: no secret reaches history, other browser storage, or `curl` output.
 */

const HTML_PAYLOADS = [
  '<img src=x onerror=alert(1)>',
  '<img src=x onerror="window.__xss=1">',
  '<script>window.__xss=2</script>',
  '<svg onload="window.__xss=3"></svg>',
  '"><iframe srcdoc="<script>parent.__xss=4</script>">',
];

/** Terminal queries and commands: if written raw, xterm would answer into the prompt, set a title, write the clipboard. */
const ESCAPE_PAYLOAD = 'esc \u001b[6n c1 \u009b6n \u009bc osc \u001b]52;c;ZXZpbA==\u0007 title \u001b]0;pwned\u0007 \u009d0;pwned\u009c end';

interface HostileServer {
  url: string;
  demo: DemoCredentials;
  db: DB;
  close(): Promise<void>;
}

/** The demo site, with one extra operation whose documentation is hostile (as a foreign API's could be). */
async function startHostileDemo(): Promise<HostileServer> {
  const { db } = openSqlite(':memory:');
  await migrateToLatest(db);
  const settings: DemoSettings = { apiKey: null };
  const hostile = defineRoute({
    method: 'get',
    path: '/hostile/{id}',
    operationId: 'hostileOperation',
    summary: HTML_PAYLOADS.join(' '),
    description: `${HTML_PAYLOADS.join(' ')} ${ESCAPE_PAYLOAD}`,
    tag: '<img src=x onerror="window.__xss=5">',
    access: 'principal',
    scope: 'contacts:read',
    ids: { id: 'cont' },
    query: z.object({ q: z.string().optional().describe(HTML_PAYLOADS[0]!) }),
    handler: async () => ({ data: { html: HTML_PAYLOADS, escapes: ESCAPE_PAYLOAD } }),
  });
  const { app, context } = await createApp({ db, config: testConfig(), demo: settings, extraRoutes: [hostile], logError: () => {} });
  const demo = await seedDemo(context);
  settings.apiKey = demo.testKey;
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(0, '127.0.0.1', (err?: Error) => (err ? reject(err) : resolve(s)));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    demo,
    db,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await db.destroy();
    },
  };
}

/** Everything a page could have been tricked into: dialogs, script side effects, new elements. */
async function watchInjection(page: Page): Promise<{ dialogs: string[]; evidence: () => Promise<unknown> }> {
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.addInitScript(() => {
    const added: string[] = [];
    (window as unknown as { __added: string[] }).__added = added;
    // The page's own markup is parsed before DOMContentLoaded (and checked by the final scan);
    // from then on, any element of these kinds appearing means something was injected.
    let armed = false;
    document.addEventListener('DOMContentLoaded', () => (armed = true));
    const watch = (root: Node) =>
      new MutationObserver((records) => {
        if (!armed) return;
        for (const record of records)
          for (const node of record.addedNodes) {
            if (!(node instanceof Element)) continue;
            for (const el of [node, ...node.querySelectorAll('*')]) {
              if (['IMG', 'SCRIPT', 'SVG', 'IFRAME', 'OBJECT', 'EMBED'].includes(el.nodeName.toUpperCase())) added.push(el.outerHTML.slice(0, 120));
              if (el.shadowRoot) watch(el.shadowRoot);
            }
          }
      }).observe(root, { childList: true, subtree: true });
    watch(document);
    // Shadow roots attached later (the shell's) are watched too.
    const attach = Element.prototype.attachShadow;
    Element.prototype.attachShadow = function (init) {
      const root = attach.call(this, init);
      watch(root);
      return root;
    };
  });
  return {
    dialogs,
    evidence: () =>
      page.evaluate(() => {
        const all: Element[] = [];
        const walk = (root: Document | ShadowRoot) => {
          for (const el of root.querySelectorAll('*')) {
            all.push(el);
            if (el.shadowRoot) walk(el.shadowRoot);
          }
        };
        walk(document);
        return {
          xss: (window as unknown as { __xss?: unknown }).__xss ?? null,
          addedElements: (window as unknown as { __added: string[] }).__added,
          scriptish: all
            .filter((el) => ['IMG', 'IFRAME', 'SVG', 'OBJECT', 'EMBED'].includes(el.nodeName.toUpperCase()) || (el.nodeName === 'SCRIPT' && !['/dist/dev-shell.js', '/demo.js'].includes(el.getAttribute('src') ?? '')))
            .map((el) => el.outerHTML.slice(0, 120)),
          handlers: all.filter((el) => [...el.attributes].some((a) => a.name.startsWith('on'))).map((el) => el.outerHTML.slice(0, 120)),
          title: document.title,
        };
      }),
  };
}

describe('nothing from a response or an API document becomes markup, script or terminal control', () => {
  let server: HostileServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startHostileDemo();
    browser = await launchChromium();
    for (const name of [...HTML_PAYLOADS, ESCAPE_PAYLOAD]) {
      const res = await fetch(`${server.url}/api/v1/contacts`, {
        method: 'POST',
        headers: { 'x-api-key': server.demo.testKey!, 'content-type': 'application/json' },
        body: JSON.stringify({ name, metadata: { note: name.slice(0, 400) } }),
      });
      expect(res.status, await res.text()).toBe(201);
    }
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows hostile contact names in the shell as text: no element, no handler, no dialog, no script run', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const errors = collectErrors(page);
    const { dialogs, evidence } = await watchInjection(page);
    await page.goto(`${server.url}/`);
    await shellReady(page);
    const titleBefore = await page.title();
    await openWithHotkey(page);
    await run(page, 'GET /contacts?perPage=100');
    await run(page, 'routes hostile');
    await run(page, 'help');
    const text = await bufferText(page);
    expect(text).toContain('<img src=x onerror=alert(1)>');
    expect(text).toContain('<script>window.__xss=2</script>');
    expect(dialogs).toEqual([]);
    expect(await evidence()).toEqual({ xss: null, addedElements: [], scriptish: [], handlers: [], title: titleBefore });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('neutralises escape sequences in a response: no terminal reply typed into the prompt, no title change, shown visibly', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const { evidence } = await watchInjection(page);
    await page.goto(`${server.url}/`);
    await shellReady(page);
    const titleBefore = await page.title();
    await openWithHotkey(page);
    const contact = (await (await fetch(`${server.url}/api/v1/contacts?perPage=100`, { headers: { 'x-api-key': server.demo.testKey! } })).json()) as {
      data: Array<{ id: string; name: string }>;
    };
    const id = contact.data.find((c) => c.name === ESCAPE_PAYLOAD)!.id;
    await run(page, `GET /contacts/${id}`);
    await run(page, `GET /hostile/${id}`);
    // xterm answers CSI 6n / CSI c through onData as if typed: the prompt would hold the reply.
    expect(await inputText(page)).toBe('');
    const text = await bufferText(page);
    expect(text).toContain('\\u009b6n');
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    expect(((await evidence()) as { title: string }).title).toBe(titleBefore);
    await page.close();
  });

  it('renders a hostile API document on the demo page as text', async () => {
    const page = await browser.newPage();
    const { dialogs, evidence } = await watchInjection(page);
    await page.goto(`${server.url}/`);
    await shellReady(page);
    const reference = await page.locator('#reference').innerText();
    expect(reference).toContain('<img src=x onerror=alert(1)>');
    expect(reference).toContain('<img src=x onerror="window.__xss=5">');
    expect(dialogs).toEqual([]);
    const found = (await evidence()) as { xss: unknown; addedElements: string[]; scriptish: string[]; handlers: string[] };
    expect({ xss: found.xss, addedElements: found.addedElements, scriptish: found.scriptish, handlers: found.handlers }).toEqual({
      xss: null,
      addedElements: [],
      scriptish: [],
      handlers: [],
    });
    await page.close();
  });
});

describe('no secret reaches history, browser storage or curl output', () => {
  let server: HostileServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startHostileDemo();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** Every value in every IndexedDB database and in both Web Storages of the page, as one string. */
  const everythingStored = (page: Page) =>
    page.evaluate(async () => {
      const dump: unknown[] = [{ local: { ...localStorage }, session: { ...sessionStorage } }];
      for (const info of await indexedDB.databases()) {
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const open = indexedDB.open(info.name!);
          open.onsuccess = () => resolve(open.result);
          open.onerror = () => reject(open.error);
        });
        for (const store of db.objectStoreNames) {
          const values = await new Promise<unknown[]>((resolve, reject) => {
            const req = db.transaction(store, 'readonly').objectStore(store).getAll();
            req.onsuccess = () => resolve(req.result);
            req.onerror = () => reject(req.error);
          });
          const keys = await new Promise<unknown[]>((resolve, reject) => {
            const req = db.transaction(store, 'readonly').objectStore(store).getAllKeys();
            req.onsuccess = () => resolve(req.result);
            req.onerror = () => reject(req.error);
          });
          dump.push({ db: info.name, store, keys, values });
        }
        db.close();
      }
      return JSON.stringify(dump);
    });

  it('keeps the key out of IndexedDB history, web storage and the curl export, even when typed', async () => {
    const key = server.demo.testKey!;
    const typedKey = `sk_test_${'Q'.repeat(43)}`;
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(`${server.url}/`);
    await shellReady(page);
    await openWithHotkey(page);
    await run(page, 'GET /invoices?perPage=2');
    await run(page, 'POST /contacts {"name":"History check","metadata":{"apiKey":"' + typedKey + '"}}');
    await run(page, `env set key ${key}`);
    await run(page, 'GET /contacts?perPage=1');
    const before = (await bufferText(page)).length;
    await run(page, 'curl');
    const curl = (await bufferText(page)).slice(before);
    expect(curl).toMatch(/curl /);
    expect(curl).toContain('$DEVSHELL_API_KEY');
    expect(curl).not.toContain(key);

    const stored = await everythingStored(page);
    expect(stored).toContain('GET /invoices?perPage=2');
    expect(stored).not.toContain(key);
    expect(stored).not.toContain(typedKey);
    expect(stored).not.toContain(key.slice(8));
    // The page URL never carries it either.
    expect(page.url()).not.toContain(key);
    await page.close();
  });
});
