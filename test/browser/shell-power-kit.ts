import type { Page } from 'playwright-core';
import type { DemoServer } from '../helpers/demo-server.js';
import { api, cursor, lines, revealLine, settle } from './shell-harness.js';

/** Helpers shared by the shell-power-*.test.ts files (issue 12), on top of shell-harness.ts. */

/**
 * How many requests for `path` (exactly, no query string) the server has logged — its own request
 * log, flushed first, so "nothing was sent" is proven where it matters: at the server.
 */
export async function loggedRequests(server: DemoServer, path: string): Promise<number> {
  await server.context.requestLog.flush();
  const log = await api<{ data: Array<{ path: string }> }>(server, 'GET', '/request-log?perPage=100');
  return log.json.data.filter((entry) => entry.path === path).length;
}

/** The prompt's rows: from the last `❯ ` (or search prompt) row to the cursor's row. */
export async function promptRows(page: Page): Promise<{ first: number; rows: string[] }> {
  const all = await lines(page);
  let first = all.length - 1;
  while (first > 0 && !/^(❯ |\((failed )?reverse-i-search\))/.test(all[first]!)) first -= 1;
  const { line } = await cursor(page);
  return { first, rows: all.slice(first, Math.max(line, first) + 1) };
}

/** Copies the latest response block with the keyboard (Shift+Tab to its button, Enter) and returns the clipboard. */
export async function copyLatestBlock(page: Page): Promise<string> {
  await page.evaluate(() => navigator.clipboard.writeText(''));
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('dev-shell')!.shadowRoot!.querySelector('.copy')!.textContent === 'Copied');
  const text = await page.evaluate(() => navigator.clipboard.readText());
  await page.keyboard.press('Tab');
  await settle(page);
  return text;
}

/** Page coordinates of the middle of a buffer cell, scrolled into view first. */
export async function cellCentre(page: Page, line: number, column: number): Promise<{ x: number; y: number }> {
  await revealLine(page, line);
  const box = await page.evaluate(([l, c]) => document.querySelector('dev-shell')!.testHooks!.cellBox(l!, c!), [line, column]);
  if (!box) throw new Error(`cell ${line}:${column} is not on screen`);
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** The last buffer row holding `text`, and where `text` starts in it. */
export async function lastOccurrence(page: Page, text: string): Promise<{ line: number; column: number }> {
  const all = await lines(page);
  for (let line = all.length - 1; line >= 0; line -= 1) {
    const column = all[line]!.indexOf(text);
    if (column >= 0) return { line, column };
  }
  throw new Error(`${text} is not in the terminal`);
}

/** Moves the mouse onto the last occurrence of `text` (an ID), as a visitor about to click it. */
export async function pointAt(page: Page, text: string): Promise<{ x: number; y: number }> {
  const { line, column } = await lastOccurrence(page, text);
  const at = await cellCentre(page, line, column + 1);
  await page.mouse.move(at.x, at.y - 12);
  await page.mouse.move(at.x, at.y, { steps: 2 });
  return at;
}

/** The ID preview tooltip: whether it is shown, and its text. */
export function tooltip(page: Page): Promise<{ hidden: boolean; text: string; role: string | null }> {
  return page.evaluate(() => {
    const el = document.querySelector('dev-shell')!.shadowRoot!.querySelector<HTMLElement>('.id-preview')!;
    return { hidden: el.hidden, text: el.textContent ?? '', role: el.getAttribute('role') };
  });
}

/** Signs the demo owner in (POST /auth/login) and returns the bearer access token. */
export async function demoAccessToken(server: DemoServer): Promise<string> {
  const res = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: server.demo.email, password: server.demo.password }),
  });
  const body = (await res.json()) as { data: { accessToken: string } };
  return body.data.accessToken;
}

/** A new test-mode API key with only `scopes` (keys cannot mint keys: a signed-in session does). */
export async function createTestKey(server: DemoServer, scopes: string[]): Promise<string> {
  const token = await demoAccessToken(server);
  const res = await fetch(`${server.url}/api/v1/api-keys`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}`, 'X-Mode': 'test' },
    body: JSON.stringify({ name: `limited ${scopes.join(' ')}`, scopes }),
  });
  const body = (await res.json()) as { data: { secret: string } };
  if (res.status !== 201) throw new Error(`creating a key failed: ${res.status} ${JSON.stringify(body)}`);
  return body.data.secret;
}
