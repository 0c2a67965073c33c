import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { api, bufferText, cell, input, lastLineWith, lines, logicalLines, openPanel, openShellPage, press, run, settle, type ShellPage } from './shell-harness.js';

const GREEN = 2;
const BLUE = 4;

/** Copies the newest block with the keyboard (Shift+Tab to the copy button, Enter) and returns the clipboard. */
async function copyLatestBlock(page: Page): Promise<string> {
  await page.evaluate(() => navigator.clipboard.writeText(''));
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('dev-shell')!.shadowRoot!.querySelector('.copy')!.textContent === 'Copied');
  const text = await page.evaluate(() => navigator.clipboard.readText());
  await page.keyboard.press('Tab');
  return text;
}

describe('<dev-shell> built-ins: help, routes, env, history, clear, curl', () => {
  let s: ShellPage;

  beforeAll(async () => {
    s = await openShellPage({ viewport: { width: 1200, height: 800 } });
    await s.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: s.server.url });
    await openPanel(s.page);
  });

  beforeEach(async () => {
    await press(s.page, 'Control+l');
  });

  afterAll(async () => {
    await s?.close();
  });

  it('help lists every built-in and the request syntax', async () => {
    await run(s.page, 'help');
    const text = await bufferText(s.page);
    for (const name of ['help', 'routes', 'curl', 'env', 'history', 'clear']) expect(text).toMatch(new RegExp(`^  ${name} +\\S`, 'm'));
    expect(text).toContain('GET /invoices');
    expect(text).toContain('Ctrl+C');
  });

  it('every built-in answers --help with its usage', async () => {
    await run(s.page, 'routes --help');
    await run(s.page, 'env --help');
    await run(s.page, 'curl --help');
    const text = await bufferText(s.page);
    expect(text).toContain('usage: routes [filter]');
    expect(text).toContain('usage: env | env set NAME VALUE | env unset NAME');
    expect(text).toContain('usage: curl [n]');
    expect(text).toContain('$DEVSHELL_API_KEY');
  });

  it('routes lists the document’s operations, method-coloured, with scopes, and filters', async () => {
    await run(s.page, 'routes');
    const all = await lines(s.page);
    const list = all.find((l) => /^GET\s+\/contacts\s/.test(l));
    expect(list).toMatch(/^GET\s+\/contacts\s+contacts:read\s+List contacts/);
    const row = all.indexOf(list!);
    expect(await cell(s.page, row, 0)).toMatchObject({ chars: 'G', fgMode: 'palette', fg: GREEN });
    const post = all.findIndex((l) => /^POST\s+\/contacts\s+contacts:write/.test(l));
    expect(await cell(s.page, post, 0)).toMatchObject({ chars: 'P', fgMode: 'palette', fg: BLUE });
    const doc = (await (await fetch(`${s.server.url}/api/v1/openapi.json`)).json()) as { paths: Record<string, object> };
    const operations = Object.values(doc.paths).reduce((n, item) => n + Object.keys(item).length, 0);
    expect(await bufferText(s.page)).toContain(`${operations} of ${operations} routes`);

    await press(s.page, 'Control+l');
    await run(s.page, 'routes invoices');
    const filtered = (await lines(s.page)).filter((l) => /^(GET|POST|PUT|PATCH|DELETE) /.test(l));
    expect(filtered.length).toBeGreaterThan(2);
    expect(filtered.every((l) => l.toLowerCase().includes('invoice'))).toBe(true);
  });

  it('env shows base URL, server, masked key and mode; env set/unset change them', async () => {
    const key = s.server.demo.testKey!;
    await run(s.page, 'env');
    let text = await bufferText(s.page);
    expect(text).toMatch(new RegExp(`^base-url +${s.server.url}$`, 'm'));
    expect(text).toMatch(new RegExp(`^server +${s.server.url}/api/v1$`, 'm'));
    expect(text).toMatch(/^spec +devshell bookkeeping API · \d+ routes$/m);
    expect(text).toMatch(new RegExp(`^key +sk_test_…${key.slice(-4)} sent as X-API-Key$`, 'm'));
    expect(text).toMatch(/^mode +test$/m);
    expect(text).not.toContain(key);

    // A bad key is used at once (401), and `env unset key` sends none.
    await run(s.page, 'env set key sk_test_wrongwrongwrongwrongwrongwrong');
    await run(s.page, 'GET /contacts');
    expect(await bufferText(s.page)).toContain('HTTP 401 Unauthorized');
    expect(await bufferText(s.page)).toContain('Invalid API key');
    await run(s.page, 'env unset key');
    await run(s.page, 'GET /contacts');
    expect(await bufferText(s.page)).toContain('Missing');
    expect((await logicalLines(s.page)).filter((l) => l.startsWith('mode')).at(-1)).toMatch(/no credentials/);
    await run(s.page, `env set key ${key}`);
    await press(s.page, 'Control+l');
    await run(s.page, 'GET /contacts');
    expect(await bufferText(s.page)).toContain('HTTP 200 OK');

    // base-url moves requests and the document with it; unset goes back to the page's origin.
    await run(s.page, 'env set base-url http://127.0.0.1:9');
    text = await bufferText(s.page);
    expect(text).toMatch(/^base-url +http:\/\/127\.0\.0\.1:9$/m);
    expect(text).toMatch(/Could not load the API document from http:\/\/127\.0\.0\.1:9\/api\/v1\/openapi\.json/);
    await run(s.page, 'env unset base-url');
    expect((await logicalLines(s.page)).filter((l) => l.startsWith('spec ')).at(-1)).toMatch(/devshell bookkeeping API/);
    // The key typed above never reached the screen's history.
    await run(s.page, 'history');
    text = await bufferText(s.page);
    expect(text).toContain('env set key ********');
    expect(text).not.toContain(key);
  });

  it('history lists entries oldest first, numbered; history clear empties it', async () => {
    await run(s.page, 'routes contacts');
    await run(s.page, 'routes contacts');
    await press(s.page, 'Control+l');
    await run(s.page, 'history');
    const entries = (await lines(s.page)).filter((l) => /^ *\d+  /.test(l));
    expect(entries.at(-2)).toMatch(/^ *\d+  routes contacts$/);
    expect(entries.at(-1)).toMatch(/^ *\d+  history$/);
    // Consecutive duplicates are stored once.
    expect(entries.filter((l) => l.endsWith('  routes contacts'))).toHaveLength(1);
    await run(s.page, 'history clear');
    expect(await bufferText(s.page)).toContain('History cleared.');
    await press(s.page, 'Control+l');
    await run(s.page, 'history');
    const after = (await lines(s.page)).filter((l) => /^ *\d+  /.test(l));
    expect(after).toEqual([after[0]]);
    expect(after[0]).toMatch(/^ *1  history$/);
  });

  it('clear empties the screen and the scrollback', async () => {
    await run(s.page, 'help');
    await run(s.page, 'clear');
    const all = await lines(s.page);
    expect(all.filter((l) => l.trim() !== '')).toEqual(['❯ ']);
    expect(await input(s.page)).toEqual({ text: '', cursor: 0 });
  });

  it('an unknown command suggests the closest built-in', async () => {
    await run(s.page, 'rotues');
    await run(s.page, 'hlep');
    await run(s.page, 'xyzzy');
    const text = await bufferText(s.page);
    expect(text).toContain('Unknown command: rotues — did you mean routes?');
    expect(text).toContain('Unknown command: hlep — did you mean help?');
    expect(text).toContain('Unknown command: xyzzy — type help for the commands');
  });

  it('curl prints a command that bash and real curl replay to the same body, without the key', async () => {
    const key = s.server.demo.testKey!;
    const before = (await api<{ meta: { total: number } }>(s.server, 'GET', '/contacts')).json.meta.total;
    await run(s.page, `POST /contacts {"name":"O'Brien \\"Q\\" & Sons — café 🚀 $HOME \`id\`","metadata":{"note":"it's \\\\n not a newline"}}`);
    expect(await bufferText(s.page)).toContain('HTTP 201 Created');
    const response = JSON.parse(await copyLatestBlock(s.page)) as { data: { id: string; name: string } };
    expect(response.data.name).toBe('O\'Brien "Q" & Sons — café 🚀 $HOME `id`');

    await run(s.page, 'curl');
    const shown = await bufferText(s.page);
    expect(shown).toContain('"X-API-Key: $DEVSHELL_API_KEY"');
    expect(shown).toContain('Set $DEVSHELL_API_KEY in your shell first');
    expect(shown).not.toContain(key);
    const command = await copyLatestBlock(s.page);
    expect(command.startsWith(`curl -X 'POST' '${s.server.url}/api/v1/contacts'`)).toBe(true);
    expect(command).toContain("-H 'Idempotency-Key: ");
    expect(command).toContain('--data-raw ');
    expect(command).not.toContain(key);

    const exec = promisify(execFile);
    const { stdout } = await exec('bash', ['-c', `${command} --silent --show-error`], { env: { PATH: process.env.PATH, DEVSHELL_API_KEY: key } });
    // The same Idempotency-Key: the server replays the stored response instead of creating another.
    expect(JSON.parse(stdout)).toEqual(response);
    expect((await api<{ meta: { total: number } }>(s.server, 'GET', '/contacts')).json.meta.total).toBe(before + 1);

    // curl 2 is the request before the last: here a GET, replayed to the same body.
    await run(s.page, `GET /contacts/${response.data.id}`);
    const got = JSON.parse(await copyLatestBlock(s.page)) as unknown;
    await run(s.page, 'POST /contacts {"name":"Second"}');
    await run(s.page, 'curl 2');
    const getCommand = await copyLatestBlock(s.page);
    expect(getCommand.startsWith(`curl -X 'GET' '${s.server.url}/api/v1/contacts/${response.data.id}'`)).toBe(true);
    const replay = await exec('bash', ['-c', `${getCommand} --silent --show-error`], { env: { PATH: process.env.PATH, DEVSHELL_API_KEY: key } });
    expect(JSON.parse(replay.stdout)).toEqual(got);
    await run(s.page, 'curl 9');
    expect(await lastLineWith(s.page, 'curl: n must be a whole number from 1 to')).toBeGreaterThan(0);
    await settle(s.page);
    // Chromium's own log lines for the 401s and the refused document above are expected.
    expect(s.errors.filter((e) => !/Failed to load resource|Content Security Policy/.test(e))).toEqual([]);
  });
});
