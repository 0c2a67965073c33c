import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { bufferText, gotoShell, input, openPanel, openShellPage, press, run, settle, type ShellPage } from './shell-harness.js';

/** The raw list idb-keyval stored for a storage-key (read with plain IndexedDB, not the shell's code). */
function storedEntries(page: Page, storageKey: string): Promise<unknown> {
  return page.evaluate(
    (name) =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const get = db.transaction('history', 'readonly').objectStore('history').get('entries');
          get.onsuccess = () => {
            resolve(get.result);
            db.close();
          };
          get.onerror = () => reject(get.error);
        };
      }),
    `devshell-history:${storageKey}`,
  );
}

/** Replaces the stored list, as another version of the shell (or a hand edit) might have left it. */
function storeEntries(page: Page, storageKey: string, entries: unknown): Promise<void> {
  return page.evaluate(
    ([name, value]) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open(name as string);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction('history', 'readwrite');
          tx.objectStore('history').put(value, 'entries');
          tx.oncomplete = () => {
            db.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    [`devshell-history:${storageKey}`, entries] as const,
  );
}

describe('<dev-shell> history: IndexedDB per storage-key, redacted, capped', () => {
  let s: ShellPage;
  let KEY: string; // demo/index.html's storage-key

  beforeAll(async () => {
    s = await openShellPage();
    KEY = await s.page.evaluate(() => document.querySelector('dev-shell')!.getAttribute('storage-key') || 'default');
    await openPanel(s.page);
  });

  afterAll(async () => {
    await s?.close();
  });

  it('survives a reload: ↑ recalls the last line, ↑↑ the one before, ↓ comes back to the draft', async () => {
    await run(s.page, 'GET /contacts');
    await run(s.page, 'routes invoices');
    await gotoShell(s.page, s.server.url + '/');
    await openPanel(s.page);
    await s.page.keyboard.type('draft');
    await press(s.page, 'ArrowUp');
    expect(await input(s.page)).toEqual({ text: 'routes invoices', cursor: 15 });
    await press(s.page, 'ArrowUp');
    expect((await input(s.page)).text).toBe('GET /contacts');
    await press(s.page, 'ArrowDown');
    await press(s.page, 'ArrowDown');
    expect((await input(s.page)).text).toBe('draft');
    await press(s.page, 'Control+u');
    // History also feeds the ghost text, loaded before the first prompt.
    await s.page.keyboard.type('rou');
    await settle(s.page);
    expect((await bufferText(s.page)).split('\n').findLast((l) => l.startsWith('❯ '))).toBe('❯ routes invoices');
    await press(s.page, 'Control+u');
  });

  it('stores consecutive duplicates once and never a secret', async () => {
    const key = s.server.demo.testKey!;
    await run(s.page, 'routes invoices');
    await run(s.page, 'routes invoices');
    await run(s.page, `env set key ${key}`);
    await run(s.page, `GET /contacts -H 'X-API-Key: ${key}'`);
    await run(s.page, 'POST /auth/login {"email":"demo@devshell.dev","password":"devshell-demo"}');
    const stored = (await storedEntries(s.page, KEY)) as string[];
    expect(stored.slice(-4)).toEqual([
      'routes invoices',
      'env set key ********',
      "GET /contacts -H 'X-API-Key: ********'",
      'POST /auth/login {"email":"demo@devshell.dev","password":"********"}',
    ]);
    expect(JSON.stringify(stored)).not.toContain(key);
    expect(JSON.stringify(stored)).not.toContain('devshell-demo"');
  });

  it('loads at most 1,000 entries, cleaned, whatever was stored', async () => {
    const many = Array.from({ length: 1005 }, (_, i) => `GET /contacts?page=${i + 1}`);
    await storeEntries(s.page, KEY, [42, 'evil\u001b[2J', ...many]);
    await gotoShell(s.page, s.server.url + '/');
    await openPanel(s.page);
    await run(s.page, 'history');
    const listed = (await bufferText(s.page)).split('\n').filter((l) => /^ *\d+  /.test(l));
    expect(listed).toHaveLength(1000);
    expect(listed[0]).toMatch(/^ *1  GET \/contacts\?page=7$/);
    expect(listed.at(-1)).toMatch(/^1000  history$/);
    await run(s.page, 'history clear');
    expect(await storedEntries(s.page, KEY)).toBeUndefined();
  });

  it('keeps one history per storage-key', async () => {
    await run(s.page, 'routes contacts');
    await s.page.evaluate(() => {
      document.querySelector('dev-shell')!.remove();
      const other = document.createElement('dev-shell');
      other.setAttribute('storage-key', 'elsewhere');
      document.body.append(other);
    });
    await s.page.waitForFunction(() => document.querySelector('dev-shell')?.testHooks !== undefined);
    await s.page.evaluate(() => document.querySelector('dev-shell')!.testHooks!.ready());
    await openPanel(s.page);
    await press(s.page, 'ArrowUp');
    expect(await input(s.page)).toEqual({ text: '', cursor: 0 });
    await run(s.page, 'help');
    expect(await storedEntries(s.page, 'elsewhere')).toEqual(['help']);
    expect(((await storedEntries(s.page, KEY)) as string[]).at(-1)).toBe('routes contacts');
  });

  it('without IndexedDB (private mode) it keeps history in memory and says so once', async () => {
    const page = await s.context.newPage();
    await page.addInitScript(() => {
      Object.defineProperty(window, 'indexedDB', { configurable: true, get: () => undefined });
    });
    await gotoShell(page, s.server.url + '/');
    await openPanel(page);
    const text = await bufferText(page);
    expect(text.match(/History is kept in memory only/g)).toHaveLength(1);
    await run(page, 'routes invoices');
    await press(page, 'ArrowUp');
    expect((await input(page)).text).toBe('routes invoices');
    await press(page, 'Control+u');
    await run(page, 'history');
    expect(await bufferText(page)).toContain('(kept in memory only');
    await page.close();
  });
});
