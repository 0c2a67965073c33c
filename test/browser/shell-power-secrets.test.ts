import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bufferText, gotoShell, logicalLines, openPanel, openShellPage, press, run, type ShellPage } from './shell-harness.js';
import { copyLatestBlock, demoAccessToken } from './shell-power-kit.js';

const exec = promisify(execFile);

/** Issue 12: secrets hidden by default in output, history and curl; `curl --reveal` is the explicit way. */
describe('<dev-shell> secrets hidden by default', () => {
  let s: ShellPage;
  let key: string;

  beforeAll(async () => {
    s = await openShellPage({ viewport: { width: 1400, height: 900 } });
    await s.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: s.server.url });
    key = s.server.demo.testKey!;
    await openPanel(s.page);
  });

  beforeEach(async () => {
    await press(s.page, 'Control+l');
    await press(s.page, 'Control+u');
  });

  afterAll(async () => {
    await s?.close();
  });

  it('a new API key’s secret is masked on screen, copied for real, and usable as $last.data.secret', async () => {
    // The portal case: the host page hands the shell the signed-in user's bearer token.
    const token = await demoAccessToken(s.server);
    await s.page.evaluate((t) => {
      document.querySelector('dev-shell')!.authHeaders = () => ({ Authorization: `Bearer ${t}` });
    }, token);
    await run(s.page, 'POST /api-keys {"name":"CI deploy","scopes":["invoices:read"]}');
    let text = (await logicalLines(s.page)).join('\n');
    expect(text).toContain('HTTP 201 Created');
    const masked = /"secret": "(sk_live_…[A-Za-z0-9_-]{4})"/.exec(text)?.[1];
    expect(masked, 'the secret is shown masked').toBeDefined();
    expect(text).not.toMatch(/sk_live_[A-Za-z0-9_-]{20,}/);
    expect(text).toContain('Secrets are masked on screen; the copy button copies the real text.');
    // The copy button gives the real body: the secret, once, to store.
    const copied = JSON.parse(await copyLatestBlock(s.page)) as { data: { secret: string } };
    const secret = copied.data.secret;
    expect(secret).toMatch(/^sk_live_[A-Za-z0-9_-]{20,}$/);
    expect(masked).toBe(`sk_live_…${secret.slice(-4)}`);
    const works = await fetch(`${s.server.url}/api/v1/invoices`, { headers: { 'X-API-Key': secret } });
    expect(works.status).toBe(200);

    // A filter's selection of it is masked too.
    await run(s.page, 'POST /api-keys {"name":"CI other","scopes":["invoices:read"]} | .data.secret');
    text = await bufferText(s.page);
    expect(text).toMatch(/\n"sk_live_…[A-Za-z0-9_-]{4}"\n/);
    expect(text).not.toMatch(/sk_live_[A-Za-z0-9_-]{20,}/);

    // The store keeps the real body: the key works when used through a reference…
    await run(s.page, 'env set key $last.data.secret');
    await run(s.page, 'GET /invoices?perPage=1');
    text = await bufferText(s.page);
    expect(text).toMatch(/^key +sk_live_…[A-Za-z0-9_-]{4} sent as X-API-Key$/m);
    expect(text).toContain('HTTP 200 OK');
    // …while the screen and the history never show it.
    await run(s.page, 'history');
    text = await bufferText(s.page);
    // (`env set key …` is always stored redacted; the reference was no secret, but no harm done.)
    expect(text).toMatch(/^ *\d+ +env set key \*{8}$/m);
    expect(text).not.toMatch(/sk_live_[A-Za-z0-9_-]{20,}/);
    expect(text).not.toContain(token);

    await s.page.evaluate(() => {
      document.querySelector('dev-shell')!.authHeaders = undefined;
    });
    await run(s.page, `env set key ${key}`);
  });

  it('tokens in responses and passwords in typed lines are masked on screen and in history', async () => {
    await run(s.page, `POST /auth/login {"email":"${s.server.demo.email}","password":"${s.server.demo.password}"}`);
    const text = (await logicalLines(s.page)).join('\n');
    expect(text).toContain('HTTP 200 OK');
    // JWTs: `eyJ…` and the last four characters.
    expect(text).toMatch(/"accessToken": "eyJ…[A-Za-z0-9_-]{4}"/);
    expect(text).toMatch(/"refreshToken": "eyJ…[A-Za-z0-9_-]{4}"/);
    expect(text).not.toMatch(/eyJ[A-Za-z0-9_-]{20,}\./);
    // The typed line left on screen hides the password; so does the history.
    expect(text).toContain(`❯ POST /auth/login {"email":"${s.server.demo.email}","password":"••••••••"}`);
    expect(text).not.toContain(s.server.demo.password);
    await run(s.page, `GET /contacts?perPage=1 -H 'X-API-Key: ${key}'`);
    expect(await bufferText(s.page)).toContain(`❯ GET /contacts?perPage=1 -H 'X-API-Key: sk_test_…${key.slice(-4)}'`);
    await run(s.page, 'history');
    const history = await bufferText(s.page);
    expect(history).toContain('"password":"********"');
    expect(history).toContain("-H 'X-API-Key: ********'");
    expect(history).not.toContain(key);
    expect(history).not.toContain(s.server.demo.password);
  });

  it('curl masks secrets on screen and never prints the key; curl --reveal does, with a warning, and replays', async () => {
    await run(s.page, `POST /auth/login {"email":"${s.server.demo.email}","password":"${s.server.demo.password}"}`);
    await run(s.page, 'curl');
    let text = (await logicalLines(s.page)).join('\n');
    expect(text).toContain('"X-API-Key: $DEVSHELL_API_KEY"');
    expect(text).toContain(`--data-raw '{"email":"${s.server.demo.email}","password":"••••••••"}'`);
    expect(text).not.toContain(s.server.demo.password);
    expect(text).not.toContain(key);
    // Copying is the explicit act: the command as it replays (the key still a variable).
    const copied = await copyLatestBlock(s.page);
    expect(copied).toContain(`"password":"${s.server.demo.password}"`);
    expect(copied).not.toContain(key);

    await press(s.page, 'Control+l');
    await run(s.page, 'GET /contacts?perPage=1');
    const body = JSON.parse(await copyLatestBlock(s.page)) as unknown;
    await run(s.page, 'curl --reveal');
    text = (await logicalLines(s.page)).join('\n');
    expect(text).toContain(`-H 'X-API-Key: ${key}'`);
    expect(text).toContain('This command holds the key in clear text: do not paste it into tickets, chats or logs.');
    const revealed = await copyLatestBlock(s.page);
    expect(revealed).toContain(key);
    expect(revealed).not.toContain('$DEVSHELL_API_KEY');
    // Self-contained: it replays without the variable set.
    const { stdout } = await exec('bash', ['-c', `${revealed} --silent --show-error`], { env: { PATH: process.env.PATH } });
    expect(JSON.parse(stdout)).toEqual(body);
    await run(s.page, 'curl 2 --reveal');
    expect(await bufferText(s.page)).toContain(`curl -X 'POST' '${s.server.url}/api/v1/auth/login'`);
    await run(s.page, 'curl --revael');
    expect(await bufferText(s.page)).toContain('curl: unexpected "--revael"');
  });

  it('the revealed host token replaces its variable too (the portal case)', async () => {
    await gotoShell(s.page, `${s.server.url}/`);
    await openPanel(s.page);
    const token = await demoAccessToken(s.server);
    await s.page.evaluate((t) => {
      document.querySelector('dev-shell')!.authHeaders = () => ({ Authorization: `Bearer ${t}` });
    }, token);
    await run(s.page, 'GET /auth/me');
    await run(s.page, 'curl');
    let text = (await logicalLines(s.page)).join('\n');
    expect(text).toContain('"Authorization: $DEVSHELL_AUTHORIZATION"');
    expect(text).not.toContain(token);
    await run(s.page, 'curl --reveal');
    text = (await logicalLines(s.page)).join('\n');
    expect(text).toContain(`-H 'Authorization: Bearer ${token}'`);
    expect(s.errors.filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
  });
});
