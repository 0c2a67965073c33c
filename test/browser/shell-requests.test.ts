import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  api,
  bufferText,
  cell,
  gotoShell,
  input,
  lastLineWith,
  lines,
  logicalLines,
  openPanel,
  openShellPage,
  press,
  revealLine,
  run,
  settle,
  type,
  type ShellPage,
} from './shell-harness.js';

const GREEN = 2;
const RED = 1;

interface Contact {
  id: string;
  name: string;
}

/** Page coordinates of the middle of a buffer cell, scrolling it into view with the mouse wheel first. */
async function cellCentre(page: Page, line: number, column: number): Promise<{ x: number; y: number }> {
  await revealLine(page, line);
  const box = await page.evaluate(([l, c]) => document.querySelector('dev-shell')!.testHooks!.cellBox(l!, c!), [line, column]);
  if (!box) throw new Error(`cell ${line}:${column} is not on screen`);
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

const copyButton = (page: Page) =>
  page.evaluate(() => {
    const button = document.querySelector('dev-shell')!.shadowRoot!.querySelector<HTMLButtonElement>('.copy')!;
    return { visible: button.dataset.visible === 'true', text: button.textContent, top: button.getBoundingClientRect().top };
  });

const readClipboard = (page: Page) => page.evaluate(() => navigator.clipboard.readText());

describe('<dev-shell> requests: status and body, IDs, copy blocks, output safety', () => {
  let s: ShellPage;
  let acme: Contact;

  beforeAll(async () => {
    s = await openShellPage({ viewport: { width: 1100, height: 800 } });
    await s.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: s.server.url });
    acme = (await api<{ data: Contact }>(s.server, 'POST', '/contacts', { name: 'Acme Ltd', email: 'ap@acme.test' })).json.data;
    await openPanel(s.page);
  });

  beforeEach(async () => {
    await press(s.page, 'Control+l');
    await press(s.page, 'Control+u');
    await s.page.evaluate(() => navigator.clipboard.writeText(''));
  });

  afterAll(async () => {
    await s?.close();
  });

  it('sends a request with the key and renders the status line and the coloured, pretty body', async () => {
    await run(s.page, `GET /contacts/${acme.id}`);
    const text = await bufferText(s.page);
    expect(text).toMatch(/HTTP 200 OK · \d+ ms · \d+ B/);
    expect(text).toContain('"success": true');
    expect(text).toContain(`"id": "${acme.id}"`);
    expect(text).toContain('"name": "Acme Ltd"');
    const status = await lastLineWith(s.page, 'HTTP 200 OK');
    expect(await cell(s.page, status, 0)).toMatchObject({ chars: 'H', fgMode: 'palette', fg: GREEN, bold: true });
    // Errors use the same block: a 404 in the envelope, status amber.
    await run(s.page, 'GET /contacts/cont_999999');
    expect(await bufferText(s.page)).toContain('HTTP 404 Not Found');
    expect(await bufferText(s.page)).toContain('"code": "not_found"');
  });

  it('a JSON syntax error is reported locally with its column and nothing is sent', async () => {
    const before = (await api<{ meta: { total: number } }>(s.server, 'GET', '/contacts')).json.meta.total;
    await run(s.page, 'POST /contacts {"name":}');
    const text = await bufferText(s.page);
    expect(text).toMatch(/Invalid JSON body at column 24/);
    expect(text).toContain('Nothing was sent.');
    const caret = await lines(s.page);
    expect(caret[(await lastLineWith(s.page, 'Invalid JSON')) - 1]).toBe(' '.repeat(2 + 23) + '^');
    expect((await api<{ meta: { total: number } }>(s.server, 'GET', '/contacts')).json.meta.total).toBe(before);
  });

  it('every ID in output is a link: a click puts GET <collection>/<id> on the prompt, replacing the input', async () => {
    await run(s.page, 'GET /contacts');
    const all = await lines(s.page);
    const row = all.findIndex((l) => l.includes(`"id": "${acme.id}"`));
    expect(row).toBeGreaterThan(0);
    const column = all[row]!.indexOf(acme.id);
    await type(s.page, 'something else');
    const at = await cellCentre(s.page, row, column + 1);
    await s.page.mouse.move(at.x, at.y);
    await s.page.waitForFunction(() =>
      document.querySelector('dev-shell')!.shadowRoot!.querySelector('.xterm-screen')!.classList.contains('xterm-cursor-pointer') ||
      document.querySelector('dev-shell')!.shadowRoot!.querySelector('.xterm')!.classList.contains('xterm-cursor-pointer'),
    );
    await s.page.mouse.click(at.x, at.y);
    await settle(s.page);
    expect(await input(s.page)).toEqual({ text: `GET /contacts/${acme.id}`, cursor: `GET /contacts/${acme.id}`.length });
    // Ready to run: Enter fetches it.
    await press(s.page, 'Enter');
    await settle(s.page);
    expect(await bufferText(s.page)).toContain(`❯ GET /contacts/${acme.id}\nHTTP 200 OK`);
  });

  it('follows the seeded demo data: GET /invoices, click an invoice ID, then its contact ID', async () => {
    const invoice = (await api<{ data: Array<{ id: string; contactId: string }> }>(s.server, 'GET', '/invoices?perPage=1')).json.data[0]!;
    await run(s.page, 'GET /invoices?perPage=1');
    const click = async (text: string, id: string) => {
      const row = await lastLineWith(s.page, text);
      const at = await cellCentre(s.page, row, (await lines(s.page))[row]!.indexOf(id) + 1);
      await s.page.mouse.move(at.x, at.y);
      await s.page.mouse.click(at.x, at.y);
      await settle(s.page);
    };
    await click(`"id": "${invoice.id}"`, invoice.id);
    expect((await input(s.page)).text).toBe(`GET /invoices/${invoice.id}`);
    await press(s.page, 'Enter');
    expect(await bufferText(s.page)).toContain(`❯ GET /invoices/${invoice.id}\nHTTP 200 OK`);
    await click(`"contactId": "${invoice.contactId}"`, invoice.contactId);
    expect((await input(s.page)).text).toBe(`GET /contacts/${invoice.contactId}`);
    await press(s.page, 'Enter');
    expect(await bufferText(s.page)).toContain(`❯ GET /contacts/${invoice.contactId}\nHTTP 200 OK`);
  });

  it('ghost text is not output: an ID inside it is not a link', async () => {
    await run(s.page, `GET /contacts/${acme.id}`);
    await press(s.page, 'Control+l');
    await type(s.page, 'GET /contacts/');
    const row = await lastLineWith(s.page, '❯ ');
    expect((await lines(s.page))[row]).toBe(`❯ GET /contacts/${acme.id}`);
    expect(await cell(s.page, row, 16)).toMatchObject({ dim: true });
    const at = await cellCentre(s.page, row, 17);
    await s.page.mouse.move(at.x, at.y);
    await s.page.mouse.click(at.x, at.y);
    await settle(s.page);
    expect(await input(s.page)).toEqual({ text: 'GET /contacts/', cursor: 14 });
    await press(s.page, 'Control+u');
  });

  it('Tab offers IDs seen in earlier responses for an {id} segment', async () => {
    // In a fresh page no contact has been seen: `{id}` is only a hint, nothing is inserted.
    await gotoShell(s.page, s.server.url + '/');
    await openPanel(s.page);
    await type(s.page, 'GET /contacts/c');
    await press(s.page, 'Tab');
    expect((await input(s.page)).text).toBe('GET /contacts/c');
    await press(s.page, 'Control+u');
    await run(s.page, 'GET /contacts');
    await press(s.page, 'Control+l');
    await type(s.page, 'GET /contacts/c');
    await press(s.page, 'Tab');
    // Every seen contact ID starts `cont_`: that common prefix is inserted and the IDs listed.
    expect((await input(s.page)).text).toBe('GET /contacts/cont_');
    expect(await bufferText(s.page)).toContain(`/contacts/${acme.id}`);
    await press(s.page, 'Control+u');
  });

  it('hovering a response block shows the copy button; clicking it copies the full body and says Copied', async () => {
    await run(s.page, `GET /contacts/${acme.id}`);
    const bodyRow = await lastLineWith(s.page, '"name": "Acme Ltd"');
    expect((await copyButton(s.page)).visible).toBe(false);
    const at = await cellCentre(s.page, bodyRow, 4);
    await s.page.mouse.move(at.x, at.y);
    await s.page.waitForFunction(() => document.querySelector('dev-shell')!.shadowRoot!.querySelector<HTMLElement>('.copy')!.dataset.visible === 'true');
    // The button sits on the block's first row (the status line).
    const statusRow = await lastLineWith(s.page, 'HTTP 200 OK');
    const statusAt = await cellCentre(s.page, statusRow, 0);
    expect(Math.abs((await copyButton(s.page)).top - statusAt.y)).toBeLessThan(20);

    await s.page.locator('dev-shell .copy').click();
    await s.page.waitForFunction(() => document.querySelector('dev-shell')!.shadowRoot!.querySelector('.copy')!.textContent === 'Copied');
    const copied = await readClipboard(s.page);
    const direct = await api(s.server, 'GET', `/contacts/${acme.id}`);
    expect(JSON.parse(copied)).toEqual(direct.json);
    expect(copied).toContain('\n  "data": {');

    // Moving off the blocks hides it again.
    const prompt = await lastLineWith(s.page, '❯ ');
    const off = await cellCentre(s.page, prompt, 30);
    await s.page.mouse.move(off.x, off.y);
    await s.page.waitForFunction(() => document.querySelector('dev-shell')!.shadowRoot!.querySelector<HTMLElement>('.copy')!.dataset.visible === 'false');
  });

  it('the copy button is keyboard reachable: Shift+Tab from the prompt, Enter copies the latest block', async () => {
    await run(s.page, `GET /contacts/${acme.id}`);
    await s.page.keyboard.press('Shift+Tab');
    const focused = await s.page.evaluate(() => document.querySelector('dev-shell')!.shadowRoot!.activeElement?.className);
    expect(focused).toContain('copy');
    expect((await copyButton(s.page)).visible).toBe(true);
    await s.page.keyboard.press('Enter');
    await s.page.waitForFunction(() => document.querySelector('dev-shell')!.shadowRoot!.querySelector('.copy')!.textContent === 'Copied');
    expect(JSON.parse(await readClipboard(s.page)).data.id).toBe(acme.id);
    expect(await s.page.evaluate(() => document.querySelector('dev-shell')!.shadowRoot!.querySelector('[role=status]')!.textContent)).toContain('copied');
    await s.page.keyboard.press('Tab');
    expect(await s.page.evaluate(() => document.querySelector('dev-shell')!.shadowRoot!.activeElement?.className)).toContain('xterm-helper-textarea');
  });

  it('Ctrl+C with a selection copies it instead of cancelling the line; the ghost is never part of a selection', async () => {
    await run(s.page, `GET /contacts/${acme.id}`);
    const row = await lastLineWith(s.page, '"name": "Acme Ltd"');
    const from = await cellCentre(s.page, row, 4);
    const to = await cellCentre(s.page, row, 4 + '"name": "Acme Ltd"'.length - 1);
    await type(s.page, `GET /contacts/${acme.id.slice(0, 3)}`);
    const promptRow = await lastLineWith(s.page, '❯ ');
    expect(await cell(s.page, promptRow, 2 + `GET /contacts/${acme.id.slice(0, 3)}`.length)).toMatchObject({ dim: true });
    await s.page.mouse.move(from.x - 4, from.y);
    await s.page.mouse.down();
    await s.page.mouse.move(to.x + 4, to.y, { steps: 4 });
    await s.page.mouse.up();
    await settle(s.page);
    // While something is selected the ghost is not drawn, so it cannot be copied as if it were output.
    expect((await lines(s.page))[promptRow]).toBe(`❯ GET /contacts/${acme.id.slice(0, 3)}`);
    await s.page.keyboard.press('Control+c');
    await s.page.waitForFunction(() => navigator.clipboard.readText().then((t) => t !== ''));
    expect(await readClipboard(s.page)).toBe('"name": "Acme Ltd"');
    // The line was not cancelled, and with the selection gone the ghost is back.
    await settle(s.page);
    expect((await input(s.page)).text).toBe(`GET /contacts/${acme.id.slice(0, 3)}`);
    expect((await lines(s.page))[promptRow]).toBe(`❯ GET /contacts/${acme.id}`);
    await press(s.page, 'Control+u');
  });

  it('a body over 2,000 lines is shown truncated with a note, and copy still gives all of it', async () => {
    await run(s.page, 'GET /openapi.json');
    const text = await bufferText(s.page);
    expect(text).toMatch(/… [\d,]+ more lines not shown \(copy the block for the whole body\)/);
    // Counted in written lines: a long JSON line wraps onto several rows.
    const written = await logicalLines(s.page);
    const statusRow = written.findLastIndex((l) => l.startsWith('HTTP 200 OK'));
    const noteRow = written.findLastIndex((l) => l.includes('more lines not shown'));
    expect(noteRow - statusRow - 1).toBe(2000);
    await s.page.keyboard.press('Shift+Tab');
    await s.page.keyboard.press('Enter');
    await s.page.waitForFunction(() => document.querySelector('dev-shell')!.shadowRoot!.querySelector('.copy')!.textContent === 'Copied');
    const doc = (await (await fetch(`${s.server.url}/api/v1/openapi.json`)).json()) as unknown;
    expect(JSON.parse(await readClipboard(s.page))).toEqual(doc);
    await s.page.keyboard.press('Tab');
  });

  it('escape sequences in a response are shown, not obeyed: screen, title and input untouched', async () => {
    const hostile =
      'Evil \u001b]0;pwned\u0007 \u001b[2J\u001b[H \u001b[31mred\u001b[0m \u009b2J \u001b[6n \u001b]52;c;aGVsbG8=\u0007 ❯ GET /fake';
    const evil = (await api<{ data: Contact }>(s.server, 'POST', '/contacts', { name: hostile })).json.data;
    const title = await s.page.title();
    await run(s.page, 'help');
    await run(s.page, `GET /contacts/${evil.id}`);
    await settle(s.page);
    const text = await bufferText(s.page);
    // What came before is still on screen: nothing cleared it.
    expect(text).toContain('❯ help');
    expect(text).toContain('Commands');
    // The sequences are printed visibly. (JSON escapes C0 as \u001b; C1 arrives raw and is made visible.)
    expect(text).toContain('"name": "Evil \\u001b]0;pwned\\u0007 \\u001b[2J\\u001b[H \\u001b[31mred\\u001b[0m \\u009b2J \\u001b[6n');
    expect(await s.page.title()).toBe(title);
    // No terminal query was answered into the input line.
    expect(await input(s.page)).toEqual({ text: '', cursor: 0 });
    // "red" was not painted red.
    const row = await lastLineWith(s.page, 'pwned');
    const column = (await lines(s.page))[row]!.indexOf('mred') + 1;
    expect(await cell(s.page, row, column)).toMatchObject({ chars: 'r', fgMode: 'palette' });
    expect((await cell(s.page, row, column))!.fg).not.toBe(RED);
    // The clipboard was not written by OSC 52.
    expect(await readClipboard(s.page)).toBe('');
  });

  it('a request the page’s Content-Security-Policy refuses is explained in red, not as a CORS mystery', async () => {
    // The demo page allows connect-src 'self' only.
    await run(s.page, 'GET http://127.0.0.1:9/nothing');
    const row = await lastLineWith(s.page, 'Blocked:');
    expect(row).toBeGreaterThan(0);
    const message = (await logicalLines(s.page)).findLast((l) => l.startsWith('Blocked:'));
    expect(message).toContain('Content-Security-Policy (connect-src) does not allow requests to http://127.0.0.1:9');
    expect(await cell(s.page, row, 0)).toMatchObject({ fgMode: 'palette', fg: RED });
    // Chromium logs the refusal and the earlier 404 itself; nothing else went wrong on the page.
    expect(s.errors.filter((e) => !/Content Security Policy|Failed to load resource/.test(e))).toEqual([]);
  });
});
