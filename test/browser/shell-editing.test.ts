import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { cell, cursor, input, lines, openPanel, openShellPage, press, settle, type, type ShellPage } from './shell-harness.js';

// xterm palette indices of the ANSI colours the shell uses for methods.
const GREEN = 2;
const YELLOW = 3;
const BLUE = 4;
const RED = 1;

/** The last prompt's row and the rows its input wrapped onto. */
async function promptRows(page: Page): Promise<{ first: number; rows: string[] }> {
  const all = await lines(page);
  let first = all.length - 1;
  while (first > 0 && !all[first]!.startsWith('❯ ')) first -= 1;
  const { line } = await cursor(page);
  const last = Math.max(line, first);
  return { first, rows: all.slice(first, last + 1) };
}

async function clearLine(page: Page): Promise<void> {
  await press(page, 'End');
  await press(page, 'Control+u');
}

describe('<dev-shell> line editor: colours, completion, ghost text, wrapping', () => {
  let s: ShellPage;

  beforeAll(async () => {
    s = await openShellPage({ viewport: { width: 1000, height: 700 } });
    await openPanel(s.page);
  });

  beforeEach(async () => {
    await clearLine(s.page);
  });

  afterAll(async () => {
    await s?.close();
  });

  it('colours the method word as it is typed: GET green, POST blue, PATCH/PUT amber, DELETE red, others plain', async () => {
    const methodColour = async (text: string) => {
      await clearLine(s.page);
      await type(s.page, text);
      const { first } = await promptRows(s.page);
      return cell(s.page, first, 2);
    };
    expect(await methodColour('GET /invoices')).toMatchObject({ chars: 'G', fgMode: 'palette', fg: GREEN });
    expect(await methodColour('post /contacts')).toMatchObject({ chars: 'p', fgMode: 'palette', fg: BLUE });
    expect(await methodColour('PATCH /contacts/cont_1')).toMatchObject({ fgMode: 'palette', fg: YELLOW });
    expect(await methodColour('PUT /contacts/cont_1')).toMatchObject({ fgMode: 'palette', fg: YELLOW });
    expect(await methodColour('DELETE /contacts/cont_1')).toMatchObject({ fgMode: 'palette', fg: RED });
    expect(await methodColour('GE')).toMatchObject({ chars: 'G', fgMode: 'default' });
    expect(await methodColour('GETX /x')).toMatchObject({ chars: 'G', fgMode: 'default' });
    // The path after the method is plain.
    await clearLine(s.page);
    await type(s.page, 'GET /invoices');
    const { first } = await promptRows(s.page);
    expect(await cell(s.page, first, 6)).toMatchObject({ chars: '/', fgMode: 'default' });
    // Deleting back into the word recolours it: "GET" → "GE" is plain again.
    await press(s.page, 'Control+a');
    await press(s.page, 'ArrowRight');
    await press(s.page, 'ArrowRight');
    await press(s.page, 'ArrowRight');
    await press(s.page, 'Backspace');
    expect((await input(s.page)).text).toBe('GE /invoices');
    expect(await cell(s.page, first, 2)).toMatchObject({ chars: 'G', fgMode: 'default' });
  });

  it('edits with ←/→, Home/End, Ctrl+A/E/U/K/W, Alt+Backspace, Backspace and Delete', async () => {
    await type(s.page, 'GET /contacts/cont_1');
    await press(s.page, 'Control+w');
    expect((await input(s.page)).text).toBe('GET /contacts/');
    await press(s.page, 'Alt+Backspace');
    expect((await input(s.page)).text).toBe('GET /');
    await type(s.page, 'invoices');
    await press(s.page, 'Home');
    await press(s.page, 'Delete');
    expect((await input(s.page)).text).toBe('ET /invoices');
    await type(s.page, 'G');
    await press(s.page, 'Control+e');
    await press(s.page, 'ArrowLeft');
    await press(s.page, 'ArrowLeft');
    await press(s.page, 'Control+k');
    expect(await input(s.page)).toEqual({ text: 'GET /invoic', cursor: 11 });
    await press(s.page, 'ArrowLeft');
    await press(s.page, 'Control+u');
    expect(await input(s.page)).toEqual({ text: 'c', cursor: 0 });
    // What is drawn matches the model, cursor included.
    const { first, rows } = await promptRows(s.page);
    expect(rows[0]).toBe('❯ c');
    expect(await cursor(s.page)).toEqual({ line: first, column: 2 });
  });

  it('Tab completes a path from the spec, then lists several candidates under the prompt', async () => {
    await type(s.page, 'GET /contac');
    await press(s.page, 'Tab');
    expect((await input(s.page)).text).toBe('GET /contacts');
    await clearLine(s.page);
    await type(s.page, 'rou');
    await press(s.page, 'Tab');
    expect((await input(s.page)).text).toBe('routes ');

    await clearLine(s.page);
    await type(s.page, 'GET /');
    await press(s.page, 'Tab');
    const all = await lines(s.page);
    const { first, rows } = await promptRows(s.page);
    // The candidates are printed above the redrawn prompt, which still holds the input.
    const listed = all.slice(Math.max(0, first - 12), first).join('\n');
    expect(listed).toContain('/contacts');
    expect(listed).toContain('/invoices');
    // (The rest of the row is the dim ghost suggestion.)
    expect(rows[0]!.startsWith('❯ GET /')).toBe(true);
    expect((await input(s.page)).text).toBe('GET /');
  });

  it('draws ghost text dim after the cursor; → accepts it; it clears when the input diverges', async () => {
    await type(s.page, 'GET /invo');
    const { first, rows } = await promptRows(s.page);
    expect(rows[0]).toBe('❯ GET /invoices');
    expect(await cell(s.page, first, 11)).toMatchObject({ chars: 'i', dim: true });
    expect(await cell(s.page, first, 10)).toMatchObject({ chars: 'o', dim: false });
    expect((await input(s.page)).text).toBe('GET /invo');
    expect(await cursor(s.page)).toEqual({ line: first, column: 11 });

    await type(s.page, 'x');
    expect((await promptRows(s.page)).rows[0]).toBe('❯ GET /invox');

    await press(s.page, 'Backspace');
    await press(s.page, 'ArrowRight');
    expect((await input(s.page)).text).toBe('GET /invoices');
    expect(await cell(s.page, first, 11)).toMatchObject({ chars: 'i', dim: false });
  });

  it('Ctrl+C cancels the line (^C) and starts a fresh prompt', async () => {
    await type(s.page, 'GET /never-sent');
    await press(s.page, 'Control+c');
    const all = await lines(s.page);
    const { first } = await promptRows(s.page);
    expect(all[first - 1]).toBe('❯ GET /never-sent^C');
    expect(await input(s.page)).toEqual({ text: '', cursor: 0 });
  });

  it('a bracketed paste of a multi-line JSON body joins the line and does not submit', async () => {
    await type(s.page, 'POST /contacts ');
    await s.page.evaluate(() => {
      const textarea = document.querySelector('dev-shell')!.shadowRoot!.querySelector('.xterm-helper-textarea')!;
      const data = new DataTransfer();
      data.setData('text/plain', '{\n  "name": "Pasted Ltd",\n  "type": "customer"\n}\n');
      textarea.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    });
    await settle(s.page);
    expect((await input(s.page)).text).toBe('POST /contacts { "name": "Pasted Ltd", "type": "customer" }');
  });

  it('long input wraps across rows, and redraws correctly after a resize', async () => {
    const cols = await s.page.evaluate(() => document.querySelector('dev-shell')!.testHooks!.viewport().cols);
    const name = 'N'.repeat(cols + 20);
    const text = `POST /contacts {"name":"${name}"}`;
    await type(s.page, text);
    let { rows } = await promptRows(s.page);
    expect(rows.length).toBe(Math.ceil((2 + text.length) / cols));
    expect(rows.join('')).toBe(`❯ ${text}`);

    // Editing at the start of a wrapped line repaints every row.
    await press(s.page, 'Home');
    await type(s.page, ' ');
    const { first } = await promptRows(s.page);
    const edited = (await lines(s.page)).slice(first, first + Math.ceil((3 + text.length) / cols));
    expect(edited.join('')).toBe(`❯  ${text}`);
    expect(await cursor(s.page)).toEqual({ line: first, column: 3 });
    await press(s.page, 'Backspace');

    await s.page.setViewportSize({ width: 640, height: 700 });
    await s.page.waitForFunction((c) => document.querySelector('dev-shell')!.testHooks!.viewport().cols < c, cols);
    await settle(s.page);
    const narrow = await s.page.evaluate(() => document.querySelector('dev-shell')!.testHooks!.viewport().cols);
    const after = await promptRows(s.page);
    const all = await lines(s.page);
    const drawn = all.slice(after.first, after.first + Math.ceil((2 + text.length) / narrow));
    expect(drawn.join('')).toBe(`❯ ${text}`);
    // Nothing of the old layout is left below the input.
    expect(all.slice(after.first + drawn.length).every((l) => l.trim() === '')).toBe(true);
    expect(await cursor(s.page)).toEqual({ line: after.first, column: 2 });
    // And widened again, this time with the cursor on the input's last row (xterm does not
    // reflow the cursor's rows itself).
    await press(s.page, 'End');
    await s.page.setViewportSize({ width: 1000, height: 700 });
    await s.page.waitForFunction((c) => document.querySelector('dev-shell')!.testHooks!.viewport().cols === c, cols);
    await settle(s.page);
    const wide = await promptRows(s.page);
    const allWide = await lines(s.page);
    expect(allWide.slice(wide.first, wide.first + Math.ceil((2 + text.length) / cols)).join('')).toBe(`❯ ${text}`);
    expect(allWide.slice(wide.first + Math.ceil((2 + text.length) / cols)).every((l) => l.trim() === '')).toBe(true);
    expect(await cursor(s.page)).toEqual({ line: wide.first + Math.floor((2 + text.length) / cols), column: (2 + text.length) % cols });
    // Narrowed with the cursor at the end.
    await s.page.setViewportSize({ width: 640, height: 700 });
    await s.page.waitForFunction((c) => document.querySelector('dev-shell')!.testHooks!.viewport().cols === c, narrow);
    await settle(s.page);
    const again = await promptRows(s.page);
    const allAgain = await lines(s.page);
    const rowsNow = Math.ceil((2 + text.length) / narrow);
    expect(allAgain.slice(again.first, again.first + rowsNow).join('')).toBe(`❯ ${text}`);
    expect(allAgain.slice(again.first + rowsNow).every((l) => l.trim() === '')).toBe(true);
    expect(await cursor(s.page)).toEqual({ line: again.first + Math.floor((2 + text.length) / narrow), column: (2 + text.length) % narrow });
  });

  it('Ctrl+L clears the screen and keeps the input', async () => {
    await type(s.page, 'GET /invoices');
    await press(s.page, 'Control+l');
    const all = await lines(s.page);
    expect(all[0]!.startsWith('❯ GET /invoices')).toBe(true);
    expect(all.slice(1).every((l) => l.trim() === '')).toBe(true);
    expect((await input(s.page)).text).toBe('GET /invoices');
    expect(s.errors).toEqual([]);
  });
});
