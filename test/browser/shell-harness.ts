import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../helpers/chromium.js';
import { startDemoServer, type DemoServer } from '../helpers/demo-server.js';
import type { CellInfo } from '../../shell/terminal/test-hooks.js';
export { revealLine } from '../helpers/embedded-shell.js';

/**
 * Drives `<dev-shell>` on the demo page in real Chromium: keys go through `page.keyboard` into
 * xterm's textarea, and the terminal is read back through the element's `testHooks` (xterm's
 * buffer), never from pixels. One browser per test file.
 */
export interface ShellPage {
  server: DemoServer;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  errors: string[];
  close(): Promise<void>;
}

export async function openShellPage(options: { viewport?: { width: number; height: number } } = {}): Promise<ShellPage> {
  const server = await startDemoServer();
  const browser = await launchChromium();
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1100, height: 800 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  await gotoShell(page, server.url + '/');
  return {
    server,
    browser,
    context,
    page,
    errors,
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

/** Loads a page with the shell and waits for its first prompt. */
export async function gotoShell(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.waitForFunction(() => document.querySelector('dev-shell')?.testHooks !== undefined);
  await page.evaluate(() => document.querySelector('dev-shell')!.testHooks!.ready());
}

/** Opens the panel with Ctrl+J when it is closed. */
export async function openPanel(page: Page): Promise<void> {
  if (await page.evaluate(() => document.querySelector('dev-shell')!.open)) return;
  await page.keyboard.press('Control+j');
  await page.waitForFunction(() => document.querySelector('dev-shell')!.shadowRoot!.activeElement?.classList.contains('xterm-helper-textarea'));
}

export function idle(page: Page): Promise<void> {
  return page.evaluate(() => document.querySelector('dev-shell')!.testHooks!.idle());
}

/** Types into the terminal and waits until everything typed has been drawn. */
export async function type(page: Page, text: string): Promise<void> {
  await page.keyboard.type(text);
  await settle(page);
}

export async function press(page: Page, key: string): Promise<void> {
  await page.keyboard.press(key);
  await settle(page);
}

/** Input handling is async (xterm parses writes on a timer): wait for two frames and the write queue. */
export async function settle(page: Page): Promise<void> {
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  await idle(page);
}

/** Types a line, presses Enter and waits for the command to finish. */
export async function run(page: Page, line: string): Promise<void> {
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
  await settle(page);
}

export function bufferText(page: Page): Promise<string> {
  return page.evaluate(() => document.querySelector('dev-shell')!.testHooks!.bufferText());
}

export function lines(page: Page): Promise<string[]> {
  return page.evaluate(() => document.querySelector('dev-shell')!.testHooks!.lines());
}

/** Rows joined where the terminal wrapped them: one entry per line as written. */
export function logicalLines(page: Page): Promise<string[]> {
  return page.evaluate(() => document.querySelector('dev-shell')!.testHooks!.logicalLines());
}

export function input(page: Page): Promise<{ text: string; cursor: number }> {
  return page.evaluate(() => document.querySelector('dev-shell')!.testHooks!.input());
}

export function cursor(page: Page): Promise<{ line: number; column: number }> {
  return page.evaluate(() => document.querySelector('dev-shell')!.testHooks!.cursor());
}

export function cell(page: Page, line: number, column: number): Promise<CellInfo | null> {
  return page.evaluate(([l, c]) => document.querySelector('dev-shell')!.testHooks!.cell(l!, c!), [line, column]);
}

/** The index of the last buffer line containing `text`, or -1. */
export async function lastLineWith(page: Page, text: string): Promise<number> {
  const all = await lines(page);
  for (let i = all.length - 1; i >= 0; i -= 1) if (all[i]!.includes(text)) return i;
  return -1;
}

/** The text after the last prompt (what is on screen as the current input). */
export async function promptLine(page: Page): Promise<string> {
  const all = await lines(page);
  for (let i = all.length - 1; i >= 0; i -= 1) if (all[i]!.startsWith('❯ ')) return all[i]!;
  return '';
}

/** A request straight to the API (not through the shell), with the demo test key. */
export async function api<T = unknown>(server: DemoServer, method: string, path: string, body?: unknown): Promise<{ status: number; json: T; text: string }> {
  const res = await fetch(`${server.url}/api/v1${path}`, {
    method,
    headers: { 'X-API-Key': server.demo.testKey!, 'Content-Type': 'application/json', ...(method === 'GET' ? {} : { 'Idempotency-Key': crypto.randomUUID() }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: JSON.parse(text) as T, text };
}
