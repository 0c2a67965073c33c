import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { api, input, openPanel, openShellPage, press, run, settle, type, type ShellPage } from './shell-harness.js';
import { createTestKey, loggedRequests, pointAt, tooltip } from './shell-power-kit.js';

interface Invoice {
  id: string;
  number: string | null;
  status: string;
  contactId: string;
}

/** Issue 12: hovering an ID previews the object (fetched once, cached, with the current key); Ctrl+click inserts it. */
describe('<dev-shell> ID hover preview and modifier-click', () => {
  let s: ShellPage;
  let invoices: Invoice[];

  beforeAll(async () => {
    s = await openShellPage({ viewport: { width: 1200, height: 800 } });
    invoices = (await api<{ data: Invoice[] }>(s.server, 'GET', '/invoices?perPage=100')).json.data;
    await openPanel(s.page);
  });

  beforeEach(async () => {
    await s.page.mouse.move(1, 1);
    await run(s.page, `env set key ${s.server.demo.testKey!}`);
    await press(s.page, 'Control+l');
    await press(s.page, 'Control+u');
  });

  afterAll(async () => {
    await s?.close();
  });

  const shownTooltip = async () => {
    await s.page.waitForFunction(() => !document.querySelector('dev-shell')!.shadowRoot!.querySelector<HTMLElement>('.id-preview')!.hidden);
    return tooltip(s.page);
  };
  const awayFromLinks = async () => {
    await s.page.mouse.move(1, 1);
    await s.page.waitForFunction(() => document.querySelector('dev-shell')!.shadowRoot!.querySelector<HTMLElement>('.id-preview')!.hidden);
  };

  it('hovering an ID shows its number and status in a tooltip at the link, fetched once and cached', async () => {
    const paid = invoices.find((i) => i.status === 'paid' && i.number)!;
    const path = `/api/v1/invoices/${paid.id}`;
    const before = await loggedRequests(s.server, path);
    await run(s.page, 'GET /invoices?perPage=100 | .data[].id');
    const at = await pointAt(s.page, paid.id);
    const shown = await shownTooltip();
    expect(shown.role).toBe('tooltip');
    expect(shown.text.split('\n').slice(0, 3)).toEqual([paid.id, `number: ${paid.number}`, 'status: paid']);
    // Placed at the link: just under the hovered row, starting near its first cell.
    const box = await s.page.evaluate(() => document.querySelector('dev-shell')!.shadowRoot!.querySelector('.id-preview')!.getBoundingClientRect().toJSON() as DOMRect);
    expect(box.top).toBeGreaterThan(at.y);
    expect(box.top - at.y).toBeLessThan(30);
    expect(Math.abs(box.left - at.x)).toBeLessThan(30);
    await awayFromLinks();
    await pointAt(s.page, paid.id);
    expect((await shownTooltip()).text).toContain('status: paid');
    await awayFromLinks();
    expect(await loggedRequests(s.server, path)).toBe(before + 1);
  });

  it('the tooltip text is text, never markup', async () => {
    await run(s.page, 'POST /contacts {"name":"<img src=x onerror=alert(1)><b>bold</b>"}');
    const id = /"id": "(cont_\d+)"/.exec((await s.page.evaluate(() => document.querySelector('dev-shell')!.testHooks!.bufferText())))![1]!;
    await run(s.page, `GET /contacts | .data[] | select(.id == "${id}") | .id`);
    await pointAt(s.page, id);
    const shown = await shownTooltip();
    expect(shown.text).toContain('name: <img src=x onerror=alert(1)><b>bold</b>');
    expect(await s.page.evaluate(() => document.querySelector('dev-shell')!.shadowRoot!.querySelector('.id-preview')!.childElementCount)).toBe(0);
    await awayFromLinks();
  });

  it('uses the current key: another key fetches afresh, and a 403 or 404 is a short note', async () => {
    const target = invoices[0]!;
    const path = `/api/v1/invoices/${target.id}`;
    await run(s.page, 'GET /invoices?perPage=100 | .data[].id');
    await pointAt(s.page, target.id);
    expect((await shownTooltip()).text).toContain(`status: ${target.status}`);
    await awayFromLinks();
    const before = await loggedRequests(s.server, path);
    // A key that may read contacts but not invoices.
    const limited = await createTestKey(s.server, ['contacts:read']);
    await run(s.page, `env set key ${limited}`);
    await pointAt(s.page, target.id);
    expect((await shownTooltip()).text).toBe(`${target.id}\nThe current key may not read this (403)`);
    await awayFromLinks();
    expect(await loggedRequests(s.server, path)).toBe(before + 1);
    // An ID of a known prefix that does not exist.
    await run(s.page, `env set key ${s.server.demo.testKey!}`);
    await run(s.page, 'POST /contacts {"name":"Refers to inv_999999"}');
    await pointAt(s.page, 'inv_999999');
    expect((await shownTooltip()).text).toBe('inv_999999\nNot found (404)');
    await awayFromLinks();
  });

  it('Ctrl+click inserts the ID at the cursor; a plain click replaces the line', async () => {
    const target = invoices[0]!;
    await run(s.page, 'GET /invoices?perPage=100 | .data[].contactId');
    await type(s.page, 'GET /invoices?contactId=');
    const at = await pointAt(s.page, target.contactId);
    await s.page.keyboard.down('Control');
    await s.page.mouse.click(at.x, at.y);
    await s.page.keyboard.up('Control');
    await settle(s.page);
    expect(await input(s.page)).toEqual({ text: `GET /invoices?contactId=${target.contactId}`, cursor: `GET /invoices?contactId=${target.contactId}`.length });
    // In the middle of the line too.
    await press(s.page, 'Home');
    await s.page.keyboard.down('Control');
    await s.page.mouse.click(at.x, at.y);
    await s.page.keyboard.up('Control');
    await settle(s.page);
    expect((await input(s.page)).text).toBe(`${target.contactId}GET /invoices?contactId=${target.contactId}`);
    await s.page.mouse.click(at.x, at.y);
    await settle(s.page);
    expect((await input(s.page)).text).toBe(`GET /contacts/${target.contactId}`);
    expect(s.errors.filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
  });
});
