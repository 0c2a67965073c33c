import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { commands } from '../../shell/commands/registry.js';
import { paletteEntries } from '../../shell/power/palette.js';
import { terminalHasFocus } from '../helpers/embedded-shell.js';
import { bufferText, input, openPanel, openShellPage, press, run, settle, type, type ShellPage } from './shell-harness.js';
import { promptRows } from './shell-power-kit.js';

interface PaletteState {
  open: boolean;
  dialog: { modal: string | null; label: string } | null;
  inputFocused: boolean;
  inputLabel: string | null;
  activeDescendant: string | null;
  listboxLabel: string | null;
  options: Array<{ id: string; text: string; selected: boolean }>;
}

function palette(page: Page): Promise<PaletteState> {
  return page.evaluate(() => {
    const root = document.querySelector('dev-shell')!.shadowRoot!;
    const dialog = root.querySelector('[role="dialog"]');
    const field = root.querySelector<HTMLInputElement>('[role="dialog"] input');
    const listbox = root.querySelector('[role="listbox"]');
    return {
      open: dialog !== null,
      dialog: dialog ? { modal: dialog.getAttribute('aria-modal'), label: dialog.getAttribute('aria-label') ?? '' } : null,
      inputFocused: field !== null && root.activeElement === field,
      inputLabel: field?.getAttribute('aria-label') ?? null,
      activeDescendant: field?.getAttribute('aria-activedescendant') ?? null,
      listboxLabel: listbox?.getAttribute('aria-label') ?? null,
      options: [...root.querySelectorAll('[role="option"]')].map((o) => ({
        id: o.id,
        text: (o.textContent ?? '').replace(/\s+/g, ' ').trim(),
        selected: o.getAttribute('aria-selected') === 'true',
      })),
    };
  });
}

/** Issue 12: `?` on an empty prompt or F1 lists every key binding and command; typing filters; Enter uses one. */
describe('<dev-shell> command palette', () => {
  let s: ShellPage;

  beforeAll(async () => {
    s = await openShellPage({ viewport: { width: 1200, height: 800 } });
    await openPanel(s.page);
  });

  beforeEach(async () => {
    if ((await palette(s.page)).open) await press(s.page, 'Escape');
    await press(s.page, 'Control+l');
    await press(s.page, 'Control+u');
  });

  afterAll(async () => {
    await s?.close();
  });

  it('? on an empty prompt opens a labelled modal dialog listing every key binding and command', async () => {
    await type(s.page, '?');
    const state = await palette(s.page);
    expect(state.open).toBe(true);
    expect(state.dialog).toEqual({ modal: 'true', label: 'Keys and commands' });
    expect(state.inputFocused).toBe(true);
    expect(state.inputLabel).toBe('Filter keys and commands');
    expect(state.listboxLabel).toBe('Keys and commands');
    // Every entry of power/palette.ts, for this element's commands and hotkey.
    const entries = paletteEntries({ commands });
    expect(state.options).toHaveLength(entries.length);
    for (const entry of entries) expect(state.options.some((o) => o.text.includes(entry.description)), entry.id).toBe(true);
    for (const name of commands.map((c) => c.name)) expect(state.options.some((o) => o.text.startsWith(name)), name).toBe(true);
    for (const key of ['Ctrl+R', 'Ctrl+J', 'Tab', 'F1', 'Ctrl+Click', 'Ctrl+G']) expect(state.options.some((o) => o.text.includes(key)), key).toBe(true);
    expect(state.options[0]!.selected).toBe(true);
    expect(state.activeDescendant).toBe(state.options[0]!.id);
    // Nothing was typed into the terminal.
    expect(await input(s.page)).toEqual({ text: '', cursor: 0 });
  });

  it('Esc closes it and focus goes back to the terminal, the line untouched', async () => {
    await press(s.page, 'F1');
    expect((await palette(s.page)).open).toBe(true);
    await press(s.page, 'Escape');
    expect((await palette(s.page)).open).toBe(false);
    expect(await terminalHasFocus(s.page)).toBe(true);
    await type(s.page, 'abc');
    expect((await input(s.page)).text).toBe('abc');
  });

  it('? inside a line is just a character (query strings need it); F1 opens the palette anywhere', async () => {
    await type(s.page, 'GET /invoices?');
    expect((await palette(s.page)).open).toBe(false);
    expect((await input(s.page)).text).toBe('GET /invoices?');
    await press(s.page, 'F1');
    expect((await palette(s.page)).open).toBe(true);
    // The browser's own F1 help never opened: still one page.
    expect(s.context.pages()).toHaveLength(1);
  });

  it('typing filters and ranks; Enter on a key binding does what the key does', async () => {
    await press(s.page, 'F1');
    await type(s.page, 'ctrl r');
    const state = await palette(s.page);
    expect(state.options.length).toBeGreaterThan(0);
    expect(state.options.length).toBeLessThan(paletteEntries({ commands }).length);
    expect(state.options[0]!.text).toMatch(/^Ctrl\+R\b/);
    await press(s.page, 'Enter');
    expect((await palette(s.page)).open).toBe(false);
    expect(await terminalHasFocus(s.page)).toBe(true);
    // Ctrl+R's action: the history search is on.
    expect((await promptRows(s.page)).rows[0]).toBe("(reverse-i-search)'': ");
    await press(s.page, 'Control+g');
  });

  it('Enter on a command inserts it at the cursor, ready to complete and run; arrows choose', async () => {
    await type(s.page, '?');
    await type(s.page, 'routes');
    const routes = (await palette(s.page)).options.findIndex((o) => o.text.startsWith('routes [filter]'));
    for (let i = 0; i < routes; i += 1) await press(s.page, 'ArrowDown');
    const state = await palette(s.page);
    expect(state.options[routes]!.selected).toBe(true);
    expect(state.activeDescendant).toBe(state.options[routes]!.id);
    await press(s.page, 'Enter');
    expect(await input(s.page)).toEqual({ text: 'routes ', cursor: 7 });
    await run(s.page, 'invoices');
    expect(await bufferText(s.page)).toMatch(/\d+ of \d+ routes/);
  });

  it('a click chooses an entry; a click outside the dialog closes it', async () => {
    await run(s.page, 'help');
    await type(s.page, '?');
    await type(s.page, 'ctrl l');
    const option = s.page.locator('dev-shell [role="option"]').first();
    expect(await option.textContent()).toMatch(/^\s*Ctrl\+L\s+clear the screen\s*$/);
    await option.click();
    await settle(s.page);
    expect((await palette(s.page)).open).toBe(false);
    expect((await bufferText(s.page)).trim()).toBe('❯');
    await type(s.page, '?');
    await s.page.locator('dev-shell .palette-backdrop').click({ position: { x: 5, y: 5 } });
    await settle(s.page);
    expect((await palette(s.page)).open).toBe(false);
    expect(await terminalHasFocus(s.page)).toBe(true);
    expect(s.errors).toEqual([]);
  });
});
