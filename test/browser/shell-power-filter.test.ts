import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { api, bufferText, input, lines, logicalLines, openPanel, openShellPage, press, run, settle, type ShellPage } from './shell-harness.js';
import { copyLatestBlock, loggedRequests, pointAt } from './shell-power-kit.js';

interface Invoice {
  id: string;
  status: string;
  contactId: string;
}

/** Issue 12: `GET /invoices | .data[].id` prints only the selection; IDs in it stay links. */
describe('<dev-shell> | filter', () => {
  let s: ShellPage;
  let invoices: Invoice[];

  beforeAll(async () => {
    s = await openShellPage({ viewport: { width: 1200, height: 800 } });
    await s.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: s.server.url });
    invoices = (await api<{ data: Invoice[] }>(s.server, 'GET', '/invoices?perPage=100')).json.data;
    await openPanel(s.page);
  });

  beforeEach(async () => {
    await press(s.page, 'Control+l');
    await press(s.page, 'Control+u');
  });

  afterAll(async () => {
    await s?.close();
  });

  /** The rows printed for the last command: after its status line, up to the next prompt. */
  async function output(): Promise<string[]> {
    const all = await lines(s.page);
    const status = all.findLastIndex((l) => l.startsWith('HTTP '));
    const prompt = all.findIndex((l, i) => i > status && l.startsWith('❯ '));
    return all.slice(status + 1, prompt);
  }

  it('prints only the selection, one JSON value per output', async () => {
    await run(s.page, 'GET /invoices | .data[].id');
    expect(await output()).toEqual(invoices.map((i) => `"${i.id}"`));
    const text = await bufferText(s.page);
    expect(text).toMatch(/HTTP 200 OK · \d+ ms · [\d.]+ k?B · \$\d+/);
    expect(text).not.toContain('"success"');
    expect(text).not.toContain('"meta"');
  });

  it('supports the documented jq subset: select, comparisons, objects of fields, length', async () => {
    const paid = invoices.filter((i) => i.status === 'paid');
    expect(paid.length).toBeGreaterThan(0);
    await run(s.page, 'GET /invoices | .data[] | select(.status == "paid") | .id, .status');
    expect(await output()).toEqual(paid.flatMap((i) => [`"${i.id}"`, '"paid"']));
    await run(s.page, 'GET /invoices | .data | length');
    expect(await output()).toEqual([String(invoices.length)]);
    await run(s.page, 'GET /invoices | .data[0] | keys');
    expect((await output()).join('\n')).toContain('"contactId"');
  });

  it('IDs in the selection stay clickable', async () => {
    const target = invoices[invoices.length - 1]!;
    await run(s.page, 'GET /invoices | .data[].contactId');
    const at = await pointAt(s.page, target.contactId);
    await s.page.mouse.click(at.x, at.y);
    await settle(s.page);
    expect((await input(s.page)).text).toBe(`GET /contacts/${target.contactId}`);
    await press(s.page, 'Control+u');
    await run(s.page, 'GET /invoices | .data[].id');
    const id = await pointAt(s.page, target.id);
    await s.page.mouse.click(id.x, id.y);
    await settle(s.page);
    expect((await input(s.page)).text).toBe(`GET /invoices/${target.id}`);
  });

  it('the copy button copies the selection', async () => {
    await run(s.page, 'GET /invoices | .data[0].id, .meta.total');
    expect(await copyLatestBlock(s.page)).toBe(`"${invoices[0]!.id}"\n${invoices.length}`);
  });

  it('a filter that does not parse is a local error with a caret, and nothing is sent', async () => {
    const before = await loggedRequests(s.server, '/api/v1/invoices');
    await run(s.page, 'GET /invoices | .data[].');
    const all = await lines(s.page);
    const error = all.findIndex((l) => l.startsWith('Filter error at column'));
    // Column 25: the end of the line, where a key should follow the dot.
    expect(all[error]).toBe('Filter error at column 25: expected a key or [ after "."');
    expect(all[error - 1]).toBe(`${' '.repeat(2 + 24)}^`);
    expect(all[error + 1]).toBe('Nothing was sent.');
    expect(await loggedRequests(s.server, '/api/v1/invoices')).toBe(before);
  });

  it('a filter that fails on the body, or a body that is not JSON, says so under the status line', async () => {
    await run(s.page, 'GET /invoices | .meta[]');
    await run(s.page, 'GET /invoices | .data.id');
    const text = (await logicalLines(s.page)).join('\n');
    expect(text).toMatch(/HTTP 200 OK .*\nFilter error at column \d+: cannot index an array with "id"/);
    await run(s.page, 'GET /invoices | .data[] | select(.status == "nope")');
    expect(await bufferText(s.page)).toContain('(the filter selected nothing)');
    await run(s.page, 'routes | .x');
    expect(await bufferText(s.page)).toContain('A | filter applies to requests only');
  });
});
