import { expect } from 'vitest';
import type { Page } from 'playwright-core';

/**
 * Driving a `<dev-shell>` embedded in a page, through the keyboard and mouse like a visitor, and
 * reading it back through its read-only `testHooks` (xterm's buffer, not pixels).
 */

/** Waits until the element is defined, its terminal exists and its first prompt is drawn. */
export async function shellReady(page: Page): Promise<void> {
  await page.waitForFunction(() => document.querySelector('dev-shell')?.testHooks !== undefined);
  await page.evaluate(() => document.querySelector('dev-shell')!.testHooks!.ready());
}

export async function isOpen(page: Page): Promise<boolean> {
  return page.evaluate(() => document.querySelector('dev-shell')!.hasAttribute('open'));
}

/** Whether keyboard focus is in the terminal (xterm's hidden textarea inside the shadow root). */
function focusIsInTerminal(): boolean {
  let active: Element | null = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active?.classList.contains('xterm-helper-textarea') ?? false;
}

export async function terminalHasFocus(page: Page): Promise<boolean> {
  return page.evaluate(focusIsInTerminal);
}

/** Waits until the panel is open and keyboard focus is on its prompt. */
export async function waitOpenAndFocused(page: Page): Promise<void> {
  await page.waitForFunction(() => document.querySelector('dev-shell')!.hasAttribute('open'));
  await page.waitForFunction(focusIsInTerminal);
}

/** Ctrl+J with focus on the page, then waits until the panel is open and the prompt focused. */
export async function openWithHotkey(page: Page): Promise<void> {
  await page.keyboard.press('Control+j');
  await waitOpenAndFocused(page);
}

export async function idle(page: Page): Promise<void> {
  await page.evaluate(() => document.querySelector('dev-shell')!.testHooks!.idle());
}

export async function lines(page: Page): Promise<string[]> {
  return page.evaluate(() => document.querySelector('dev-shell')!.testHooks!.lines());
}

export async function bufferText(page: Page): Promise<string> {
  return (await lines(page)).join('\n');
}

export async function inputText(page: Page): Promise<string> {
  return page.evaluate(() => document.querySelector('dev-shell')!.testHooks!.input().text);
}

/** Types a command line into the focused terminal and runs it; resolves when the shell is idle. */
export async function run(page: Page, line: string): Promise<void> {
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
  await idle(page);
}

/** Clears the prompt line (Ctrl+U deletes to the start of the line after End). */
export async function clearInput(page: Page): Promise<void> {
  await page.keyboard.press('End');
  await page.keyboard.press('Control+u');
  await expect.poll(() => inputText(page)).toBe('');
}

/** Scrolls the terminal with the mouse wheel until an absolute buffer line is on screen. */
export async function revealLine(page: Page, line: number): Promise<void> {
  for (let i = 0; i < 100; i += 1) {
    const view = await page.evaluate(() => document.querySelector('dev-shell')!.testHooks!.viewport());
    if (line >= view.viewportY && line < view.viewportY + view.rows) return;
    const box = await page.evaluate(() => document.querySelector('dev-shell')!.shadowRoot!.querySelector('.xterm-screen')!.getBoundingClientRect().toJSON() as DOMRect);
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, line < view.viewportY ? -100 : 100);
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  }
  throw new Error(`line ${line} could not be scrolled into view`);
}

/**
 * Scrolls to and moves the mouse onto the last occurrence of `token` as a whole word in the terminal
 * and returns the point. Output lines are ASCII, so a string index is a column.
 */
export async function hoverToken(page: Page, token: string): Promise<{ x: number; y: number }> {
  const all = await lines(page);
  const word = new RegExp(`(?<![A-Za-z0-9_])${token.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![A-Za-z0-9_])`);
  let line = -1;
  let column = -1;
  for (let i = all.length - 1; i >= 0 && line < 0; i -= 1) {
    const match = word.exec(all[i] ?? '');
    if (match) {
      line = i;
      column = match.index;
    }
  }
  expect(line, `${token} is in the terminal`).toBeGreaterThanOrEqual(0);
  await revealLine(page, line);
  const box = await page.evaluate(
    ([l, c]) => document.querySelector('dev-shell')!.testHooks!.cellBox(l as number, c as number),
    [line, column + 1],
  );
  expect(box, `${token} is on screen`).not.toBeNull();
  const x = box!.x + box!.width / 2;
  const y = box!.y + box!.height / 2;
  // xterm asks its link providers when the mouse enters a cell.
  await page.mouse.move(x, y - box!.height);
  await page.mouse.move(x, y, { steps: 2 });
  return { x, y };
}

/** Hovers, then clicks, `token` in the terminal, as a visitor clicks an ID link. */
export async function clickToken(page: Page, token: string): Promise<void> {
  const { x, y } = await hoverToken(page, token);
  // xterm asks link providers asynchronously; on a busy machine the click can beat the answer.
  // A visitor sees the pointer cursor before clicking: wait for it the same way.
  await expect
    .poll(() =>
      page.evaluate(() => {
        const root = document.querySelector('dev-shell')!.shadowRoot!;
        return Boolean(root.querySelector('.xterm-cursor-pointer'));
      }),
    )
    .toBe(true);
  await page.mouse.click(x, y);
}

/** Collects uncaught page errors and console errors (CSP violations appear there too). */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  return errors;
}
