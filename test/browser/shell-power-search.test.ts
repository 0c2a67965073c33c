import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bufferText, cursor, input, openPanel, openShellPage, press, run, type, type ShellPage } from './shell-harness.js';
import { promptRows } from './shell-power-kit.js';

/** Issue 12: Ctrl+R reverse incremental history search, as in bash. */
describe('<dev-shell> Ctrl+R history search', () => {
  let s: ShellPage;

  beforeAll(async () => {
    s = await openShellPage({ viewport: { width: 1200, height: 800 } });
    await openPanel(s.page);
    for (const line of ['GET /contacts?perPage=1', 'GET /invoices?perPage=2', 'routes invoices', 'GET /invoices?perPage=3']) await run(s.page, line);
  });

  beforeEach(async () => {
    await press(s.page, 'Control+l');
    await press(s.page, 'Control+u');
  });

  afterAll(async () => {
    await s?.close();
  });

  const shown = async () => (await promptRows(s.page)).rows[0];

  it('finds the newest match as you type; Ctrl+R again goes older; a miss says failed; Backspace goes back', async () => {
    await press(s.page, 'Control+r');
    expect(await shown()).toBe("(reverse-i-search)'': ");
    await type(s.page, 'inv');
    expect(await shown()).toBe("(reverse-i-search)'inv': GET /invoices?perPage=3");
    // The cursor sits on the match, after the prompt.
    const { first } = await promptRows(s.page);
    expect(await cursor(s.page)).toEqual({ line: first, column: "(reverse-i-search)'inv': GET /".length });
    await press(s.page, 'Control+r');
    expect(await shown()).toBe("(reverse-i-search)'inv': routes invoices");
    await press(s.page, 'Control+r');
    expect(await shown()).toBe("(reverse-i-search)'inv': GET /invoices?perPage=2");
    await type(s.page, 'x');
    expect(await shown()).toBe("(failed reverse-i-search)'invx': GET /invoices?perPage=2");
    await press(s.page, 'Backspace');
    expect(await shown()).toBe("(reverse-i-search)'inv': GET /invoices?perPage=2");
    // The editor's own line is untouched while searching.
    expect(await input(s.page)).toEqual({ text: '', cursor: 0 });
    await press(s.page, 'Escape');
  });

  it('Enter runs the line found', async () => {
    await press(s.page, 'Control+r');
    await type(s.page, 'perPage=1');
    await press(s.page, 'Enter');
    const text = await bufferText(s.page);
    expect(text).toContain('❯ GET /contacts?perPage=1\nHTTP 200 OK');
    expect(await input(s.page)).toEqual({ text: '', cursor: 0 });
  });

  it('→ keeps the line found for editing (nothing runs); Esc and Ctrl+G give up', async () => {
    await type(s.page, 'draft');
    await press(s.page, 'Control+r');
    await type(s.page, 'routes');
    await press(s.page, 'Escape');
    expect(await input(s.page)).toEqual({ text: 'draft', cursor: 5 });
    expect(await shown()).toBe('❯ draft');
    await press(s.page, 'Control+r');
    await type(s.page, 'routes');
    await press(s.page, 'Control+g');
    expect(await input(s.page)).toEqual({ text: 'draft', cursor: 5 });
    await press(s.page, 'Control+r');
    await type(s.page, 'routes');
    await press(s.page, 'ArrowRight');
    // As in bash: the match becomes the line, the cursor where it was, then → moves it one on.
    expect(await input(s.page)).toEqual({ text: 'routes invoices', cursor: 1 });
    expect((await shown())!.startsWith('❯ routes invoices')).toBe(true);
    // Nothing ran: `routes` would have printed its "n of m routes" line.
    expect(await bufferText(s.page)).not.toMatch(/\d+ of \d+ routes/);
    await press(s.page, 'End');
    await type(s.page, ' x');
    expect((await input(s.page)).text).toBe('routes invoices x');
  });

  it('Ctrl+R on an empty query searches for the previous query again', async () => {
    await press(s.page, 'Control+r');
    await type(s.page, 'contacts');
    await press(s.page, 'Escape');
    await press(s.page, 'Control+r');
    await press(s.page, 'Control+r');
    expect(await shown()).toBe("(reverse-i-search)'contacts': GET /contacts?perPage=1");
    await press(s.page, 'Control+g');
    expect(s.errors).toEqual([]);
  });
});
