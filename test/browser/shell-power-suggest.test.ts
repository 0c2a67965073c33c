import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openShellOnForeignApi, type ForeignShellPage } from '../helpers/foreign-shell-page.js';
import { bufferText, cell, gotoShell, input, lines, openPanel, openShellPage, press, run, type, type ShellPage } from './shell-harness.js';
import { promptRows } from './shell-power-kit.js';

/** Whether the cells of input[start, end) are drawn in inverse video (the selected placeholder). */
async function inverse(page: Page, start: number, end: number): Promise<boolean[]> {
  const { first } = await promptRows(page);
  const out: boolean[] = [];
  for (let i = start; i < end; i += 1) out.push((await cell(page, first, 2 + i))!.inverse);
  return out;
}

/** Issue 12: ghost text and Tab ranked by frecency; Tab jumps between `{param}` placeholders. */
describe('<dev-shell> smarter suggestions (our API)', () => {
  let s: ShellPage;

  beforeAll(async () => {
    s = await openShellPage({ viewport: { width: 1300, height: 800 } });
    await openPanel(s.page);
    // perPage=1 three times, status=paid once and last: used more beats used last.
    for (const line of ['GET /invoices?perPage=1', 'GET /contacts?perPage=1', 'GET /invoices?perPage=1', 'GET /contacts?perPage=1', 'GET /invoices?perPage=1', 'GET /invoices?status=paid']) {
      await run(s.page, line);
    }
  });

  beforeEach(async () => {
    await press(s.page, 'Control+l');
    await press(s.page, 'Control+u');
  });

  afterAll(async () => {
    await s?.close();
  });

  it('the ghost text is the most used line that extends the input, not merely the most recent', async () => {
    await type(s.page, 'GET /invoices?');
    expect((await promptRows(s.page)).rows[0]).toBe('❯ GET /invoices?perPage=1');
    await type(s.page, 's');
    expect((await promptRows(s.page)).rows[0]).toBe('❯ GET /invoices?status=paid');
    await press(s.page, 'ArrowRight');
    expect((await input(s.page)).text).toBe('GET /invoices?status=paid');
  });

  it('Tab lists several choices best-ranked first', async () => {
    await type(s.page, 'GET /');
    await press(s.page, 'Tab');
    const all = await lines(s.page);
    const { first } = await promptRows(s.page);
    // The list sits right above the redrawn prompt; the routes used most come first.
    const listed = all.slice(all.lastIndexOf('❯ GET /', first - 1) + 1, first).join(' ').split(/\s+/).filter(Boolean);
    expect(listed.slice(0, 2)).toEqual(['/invoices', '/contacts']);
    expect(listed).toContain('/accounts');
  });

  it('a route template’s {param} is selected: typing replaces it', async () => {
    // A fresh page: no IDs seen yet, so there is no ID to offer for /invoices/{id}/….
    await gotoShell(s.page, `${s.server.url}/`);
    await openPanel(s.page);
    await type(s.page, 'POST /invoices/');
    await press(s.page, 'Tab');
    const { text, cursor } = await input(s.page);
    expect(text).toMatch(/^POST \/invoices\/\{id\}\/[a-z]+$/);
    expect(cursor).toBe(15);
    expect(await inverse(s.page, 15, 19)).toEqual([true, true, true, true]);
    expect(await inverse(s.page, 14, 15)).toEqual([false]);
    await type(s.page, 'inv_1');
    expect(await input(s.page)).toEqual({ text: text.replace('{id}', 'inv_1'), cursor: 20 });
    expect(await inverse(s.page, 15, 20)).toEqual([false, false, false, false, false]);
  });
});

describe('<dev-shell> Tab through {param} placeholders (another API, two in one path)', () => {
  let page: Page;
  let shell: ForeignShellPage;

  beforeAll(async () => {
    shell = await openShellOnForeignApi('parcelpost-tab');
    ({ page } = shell);
  });

  afterAll(async () => {
    await shell?.close();
  });

  it('completes segment by segment into a template, then Tab jumps from placeholder to placeholder', async () => {
    await type(page, 'GET /shipments/');
    await press(page, 'Tab');
    expect(await input(page)).toEqual({ text: 'GET /shipments/{shipmentId}', cursor: 15 });
    await press(page, 'End');
    await type(page, '/pa');
    await press(page, 'Tab');
    expect((await input(page)).text).toBe('GET /shipments/{shipmentId}/packages');
    await press(page, 'Tab');
    expect((await input(page)).text).toBe('GET /shipments/{shipmentId}/packages/');
    await press(page, 'Tab');
    const template = 'GET /shipments/{shipmentId}/packages/{packageId}';
    expect(await input(page)).toEqual({ text: template, cursor: 37 });
    expect(await inverse(page, 37, 48)).toEqual(Array(11).fill(true));
    // Tab goes on to the next placeholder (wrapping to the first).
    await press(page, 'Tab');
    expect(await input(page)).toEqual({ text: template, cursor: 15 });
    expect(await inverse(page, 15, 27)).toEqual(Array(12).fill(true));
    expect(await inverse(page, 37, 38)).toEqual([false]);
    await type(page, 'shp_7k2m9x4q');
    // Typed into the first: Tab finds the next one.
    await press(page, 'Tab');
    expect(await input(page)).toEqual({ text: 'GET /shipments/shp_7k2m9x4q/packages/{packageId}', cursor: 37 });
    await type(page, 'pkg_e5f6g7h8');
    await press(page, 'Enter');
    expect(await bufferText(page)).toContain('"description": "Mugs"');
  });
});
