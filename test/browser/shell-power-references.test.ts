import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { api, bufferText, input, lastLineWith, lines, logicalLines, openPanel, openShellPage, press, run, type, type ShellPage } from './shell-harness.js';
import { loggedRequests } from './shell-power-kit.js';

interface Invoice {
  id: string;
  contactId: string;
  status: string;
}
interface Contact {
  id: string;
  name: string;
  email: string | null;
}

/** Issue 12: `$last`, `$n` and paths into them anywhere in a line; Tab completes real keys; bad references send nothing. */
describe('<dev-shell> response references', () => {
  let s: ShellPage;
  let invoices: Invoice[];

  beforeAll(async () => {
    s = await openShellPage({ viewport: { width: 1300, height: 800 } });
    invoices = (await api<{ data: Invoice[] }>(s.server, 'GET', '/invoices?perPage=2')).json.data;
    await openPanel(s.page);
  });

  beforeEach(async () => {
    await press(s.page, 'Control+l');
    await press(s.page, 'Control+u');
  });

  afterAll(async () => {
    await s?.close();
  });

  it('numbers each response on its status line and resolves $last and $n inside a path', async () => {
    await run(s.page, 'GET /invoices?perPage=2');
    const first = Number(/ · \$(\d+)$/.exec((await lines(s.page))[await lastLineWith(s.page, 'HTTP 200 OK')]!)![1]);
    await run(s.page, 'GET /invoices/$last.data[1].id');
    let text = await bufferText(s.page);
    // The line as sent is shown under the typed one, then its response (numbered next).
    expect(text).toContain(`❯ GET /invoices/$last.data[1].id\n→ GET /invoices/${invoices[1]!.id}\nHTTP 200 OK`);
    expect(text).toMatch(new RegExp(`HTTP 200 OK · \\d+ ms · [\\d.]+ k?B · \\$${first + 1}\\n`));
    expect(text).toContain(`"id": "${invoices[1]!.id}"`);
    // $n reaches back past $last: the list again, its first item's contact.
    await run(s.page, `GET /contacts/$${first}.data[0].contactId`);
    text = await bufferText(s.page);
    expect(text).toContain(`→ GET /contacts/${invoices[0]!.contactId}`);
    expect(text).toContain(`"id": "${invoices[0]!.contactId}"`);
  });

  it('resolves references inside a JSON body: whole strings keep their type, parts of strings are text', async () => {
    const contact = (await api<{ data: Contact[] }>(s.server, 'GET', '/contacts?perPage=1')).json.data[0]!;
    await run(s.page, 'GET /contacts?perPage=1');
    await run(s.page, 'POST /contacts {"name":"Copy of $last.data[0].name","email":"$last.data[0].email","metadata":{"source":"$last.data[0].id"}}');
    expect(await bufferText(s.page)).toContain('HTTP 201 Created');
    const created = (await api<{ data: Contact[] }>(s.server, 'GET', `/contacts?perPage=100`)).json.data.find((c) => c.name === `Copy of ${contact.name}`);
    expect(created).toMatchObject({ name: `Copy of ${contact.name}`, email: contact.email });
    // The history keeps the line as typed, not as sent.
    await run(s.page, 'history');
    expect(await bufferText(s.page)).toContain('POST /contacts {"name":"Copy of $last.data[0].name"');
  });

  it('Tab completes the real keys of the referenced body', async () => {
    await run(s.page, 'GET /invoices?perPage=2');
    await type(s.page, 'GET /contacts/$la');
    await press(s.page, 'Tab');
    expect((await input(s.page)).text).toBe('GET /contacts/$last');
    await type(s.page, '.da');
    await press(s.page, 'Tab');
    expect((await input(s.page)).text).toBe('GET /contacts/$last.data');
    await type(s.page, '[0].');
    await press(s.page, 'Tab');
    // Several keys: they are listed under the prompt, which comes back below them.
    const text = await bufferText(s.page);
    for (const key of ['id', 'status', 'contactId', 'lines']) expect(text).toContain(`$last.data[0].${key}`);
    expect((await input(s.page)).text).toBe('GET /contacts/$last.data[0].');
    await type(s.page, 'contactI');
    await press(s.page, 'Tab');
    expect((await input(s.page)).text).toBe('GET /contacts/$last.data[0].contactId');
    await press(s.page, 'Enter');
    expect(await bufferText(s.page)).toContain(`→ GET /contacts/${invoices[0]!.contactId}\nHTTP 200 OK`);
  });

  it('an unresolvable reference is a local error with a caret, and nothing is sent', async () => {
    await run(s.page, 'GET /invoices?perPage=2');
    const before = await loggedRequests(s.server, '/api/v1/invoices/null');
    const beforeAll = await loggedRequests(s.server, '/api/v1/invoices');
    await run(s.page, 'GET /invoices/$last.data[9].id');
    await run(s.page, 'GET /invoices/$last.data[0].nope');
    await run(s.page, 'GET /invoices/$999.data');
    await run(s.page, 'GET /invoices/$last.data');
    const all = await lines(s.page);
    const text = (await logicalLines(s.page)).join('\n');
    expect(text).toContain('$last.data[9].id — $last.data has 2 items, so [9] is out of range');
    expect(text).toMatch(/\$last\.data\[0\]\.nope — \$last\.data\[0\] has no key "nope" \(its keys: id, .*contactId/);
    expect(text).toMatch(/\$999\.data — there is no response 999 yet/);
    expect(text).toMatch(/\$last\.data — is an array of 2 items, which cannot stand here/);
    // The caret row points at the reference in the typed line above it.
    const error = all.findIndex((l) => l.startsWith('$last.data[9].id —'));
    expect(all[error - 1]).toBe(' '.repeat(2 + 'GET /invoices/'.length) + '^'.repeat('$last.data[9].id'.length));
    expect(all[error + 1]).toBe('Nothing was sent.');
    expect(text.match(/Nothing was sent\./g)).toHaveLength(4);
    expect(await loggedRequests(s.server, '/api/v1/invoices/null')).toBe(before);
    // Only the list request above reached the server; none of the four lines did.
    expect(await loggedRequests(s.server, '/api/v1/invoices')).toBe(beforeAll);
    const logged = await api<{ data: Array<{ path: string }> }>(s.server, 'GET', '/request-log?perPage=20');
    expect(logged.json.data.some((e) => /\$|nope|undefined/.test(e.path))).toBe(false);
  });

  it('$$ is a literal dollar, and a built-in line resolves references too', async () => {
    await run(s.page, 'GET /contacts?perPage=1');
    await run(s.page, 'routes $$last');
    expect(await bufferText(s.page)).toContain('No routes match "$last"');
    await press(s.page, 'Control+l');
    await run(s.page, 'GET /contacts?perPage=1');
    await run(s.page, 'routes $last.data[0].type');
    const viaReference = (await bufferText(s.page)).split('❯ routes $last.data[0].type\n')[1]!.split('\n❯')[0]!;
    await run(s.page, 'routes customer');
    const typed = (await bufferText(s.page)).split('❯ routes customer\n')[1]!.split('\n❯')[0]!;
    expect(viaReference).toBe(typed);
    expect(typed.length).toBeGreaterThan(0);
  });
});
