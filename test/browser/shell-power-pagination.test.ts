import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openShellOnForeignApi, type ForeignShellPage } from '../helpers/foreign-shell-page.js';
import { bufferText, collectErrors, idle, run } from '../helpers/embedded-shell.js';
import { EVENTS_PER_PAGE, TRACKING_EVENTS, type ForeignApi } from '../fixtures/foreign-api.js';
import { api, logicalLines, openPanel, openShellPage, press, type ShellPage } from './shell-harness.js';

interface Invoice {
  id: string;
}

/** The response body lines printed since the last `❯ <command>` row. */
async function sinceLast(page: Page, command: string): Promise<string> {
  const all = (await logicalLines(page)).join('\n');
  return all.slice(all.lastIndexOf(`❯ ${command}`));
}

/** Issue 12: `next` / `prev` re-run the last list request for the adjacent page. */
describe('<dev-shell> next / prev with our API (meta.page, meta.totalPages)', () => {
  let s: ShellPage;
  let pages: Invoice[][];

  beforeAll(async () => {
    s = await openShellPage({ viewport: { width: 1200, height: 800 } });
    pages = [];
    for (let page = 1; page <= 4; page += 1) pages.push((await api<{ data: Invoice[] }>(s.server, 'GET', `/invoices?perPage=2&page=${page}`)).json.data);
    await openPanel(s.page);
  });

  beforeEach(async () => {
    await press(s.page, 'Control+l');
    await press(s.page, 'Control+u');
  });

  afterAll(async () => {
    await s?.close();
  });

  it('next and prev step through the pages, keeping the other query parameters', async () => {
    await run(s.page, 'GET /invoices?perPage=2');
    await run(s.page, 'next');
    let out = await sinceLast(s.page, 'next');
    expect(out).toContain('→ GET /invoices?perPage=2&page=2');
    expect(out).toContain(`"id": "${pages[1]![0]!.id}"`);
    expect(out).toMatch(/"page": 2,/);
    await run(s.page, 'next');
    expect(await sinceLast(s.page, 'next')).toContain('→ GET /invoices?perPage=2&page=3');
    await run(s.page, 'prev');
    out = await sinceLast(s.page, 'prev');
    expect(out).toContain('→ GET /invoices?perPage=2&page=2');
    expect(out).toContain(`"id": "${pages[1]![1]!.id}"`);
  });

  it('says where the list ends instead of sending a request', async () => {
    await run(s.page, 'GET /invoices?perPage=2');
    await run(s.page, 'prev');
    expect(await sinceLast(s.page, 'prev')).toContain('Already on the first page (page 1 of 4).');
    await run(s.page, 'GET /invoices?perPage=2&page=4');
    await run(s.page, 'next');
    expect(await sinceLast(s.page, 'next')).toContain('Already on the last page (page 4 of 4).');
  });

  it('follows the last list even after single-item requests, and keeps its | filter', async () => {
    await run(s.page, 'GET /invoices?perPage=2 | .data[].id');
    await run(s.page, `GET /invoices/${pages[0]![0]!.id}`);
    await run(s.page, 'next');
    const out = await sinceLast(s.page, 'next');
    expect(out).toContain('→ GET /invoices?perPage=2&page=2 | .data[].id');
    expect(out).toContain(`"${pages[1]![0]!.id}"\n"${pages[1]![1]!.id}"\n❯`);
  });

  it('has --help, and pages the last list, not the last response', async () => {
    await run(s.page, 'next --help');
    await run(s.page, 'prev --help');
    const text = await bufferText(s.page);
    expect(text).toContain('usage: next');
    expect(text).toContain('usage: prev');
    await run(s.page, 'GET /invoices?perPage=3');
    await run(s.page, 'GET /organisation');
    await run(s.page, 'POST /contacts {"name":"Not a list"}');
    await run(s.page, 'next');
    // A single object and a write are not lists: next still follows the invoices.
    expect(await sinceLast(s.page, 'next')).toContain('→ GET /invoices?perPage=3&page=2');
  });
});

describe('<dev-shell> next / prev with another API (an RFC 8288 Link header, across origins)', () => {
  let foreign: ForeignApi;
  let page: Page;
  let shell: ForeignShellPage;

  beforeAll(async () => {
    shell = await openShellOnForeignApi('parcelpost-pages');
    ({ page, foreign } = shell);
  });

  afterAll(async () => {
    await shell?.close();
  });

  it('follows rel="next" and rel="prev" of the Link header', async () => {
    const errors = collectErrors(page);
    const ids = (n: number) => TRACKING_EVENTS.slice((n - 1) * EVENTS_PER_PAGE, n * EVENTS_PER_PAGE).map((e) => e.id);
    await run(page, 'GET /tracking-events');
    expect(await bufferText(page)).toContain(`"id": "${ids(1)[0]}"`);
    foreign.requests.length = 0;
    await run(page, 'next');
    let out = await sinceLast(page, 'next');
    expect(out).toContain('→ GET /v2/tracking-events?page=2');
    for (const id of ids(2)) expect(out).toContain(`"id": "${id}"`);
    await run(page, 'next');
    await run(page, 'next');
    out = await sinceLast(page, 'next');
    expect(out).toContain('There is no next page (the response links none).');
    await run(page, 'prev');
    out = await sinceLast(page, 'prev');
    expect(out).toContain('→ GET /v2/tracking-events?page=2');
    await idle(page);
    // Exactly the pages asked for reached the API: 2, 3 and 2 again (the refused next sent nothing).
    expect(foreign.requests.filter((r) => r.method === 'GET').map((r) => r.path)).toEqual([
      '/v2/tracking-events?page=2',
      '/v2/tracking-events?page=3',
      '/v2/tracking-events?page=2',
    ]);
    expect(errors).toEqual([]);
  });
});
