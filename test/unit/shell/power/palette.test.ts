import { describe, expect, it } from 'vitest';
import { commands } from '../../../../shell/commands/registry.js';
import { decodeKeys } from '../../../../shell/editor/keymap.js';
import { DEFAULT_COMMANDS, PALETTE_GROUPS, filterPalette, formatHotkey, groupPalette, paletteEntries } from '../../../../shell/power/palette.js';

describe('paletteEntries', () => {
  const entries = paletteEntries();

  it('gives every entry a unique id, a group and a one-line description', () => {
    expect(new Set(entries.map((e) => e.id)).size).toBe(entries.length);
    for (const entry of entries) {
      expect(PALETTE_GROUPS).toContain(entry.group);
      expect(entry.description.length).toBeGreaterThan(5);
      expect(entry.description).not.toMatch(/\n/);
      expect(entry.keys.length > 0 || entry.command !== undefined).toBe(true);
    }
  });

  it('lists entries in group order', () => {
    const order = entries.map((e) => PALETTE_GROUPS.indexOf(e.group));
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it('covers every key the line editor decodes', () => {
    const shown = new Set(entries.flatMap((e) => e.keys));
    const editorKeys: Array<[string, string]> = [
      ['Tab', '\t'], ['Enter', '\r'], ['Backspace', '\x7f'], ['Delete', '\x1b[3~'], ['Ctrl+A', '\x01'], ['Ctrl+E', '\x05'],
      ['Ctrl+U', '\x15'], ['Ctrl+K', '\x0b'], ['Ctrl+W', '\x17'], ['Alt+Backspace', '\x1b\x7f'], ['Alt+D', '\x1bd'],
      ['Ctrl+C', '\x03'], ['Ctrl+L', '\x0c'], ['↑', '\x1b[A'], ['↓', '\x1b[B'], ['←', '\x1b[D'], ['→', '\x1b[C'],
      ['Home', '\x1b[H'], ['End', '\x1b[F'], ['Ctrl+P', '\x10'], ['Ctrl+N', '\x0e'], ['Ctrl+B', '\x02'], ['Ctrl+F', '\x06'],
      ['Ctrl+D', '\x04'], ['Alt+B', '\x1bb'], ['Alt+F', '\x1bf'], ['Ctrl+←', '\x1b[1;5D'], ['Alt+→', '\x1b[1;3C'],
    ];
    for (const [label, data] of editorKeys) {
      expect(decodeKeys(data).length, label).toBe(1);
      expect(shown.has(label), label).toBe(true);
    }
    for (const label of ['Ctrl+J', 'Ctrl+R', 'Ctrl+G', 'Esc', '?', 'F1', 'Shift+Tab']) expect(shown.has(label), label).toBe(true);
  });

  it('documents the history search keys as the shell binds them: Esc and Ctrl+G cancel, ← → keep the match', () => {
    const entries = paletteEntries();
    expect(entries.find((e) => e.id === 'key.search-cancel')?.keys).toEqual(['Esc', 'Ctrl+G']);
    expect(entries.find((e) => e.id === 'key.search-edit')?.keys).toEqual(['←', '→']);
  });

  it('lists the registry’s commands with their synopsis, plus next, prev and curl --reveal', () => {
    const fromRegistry = paletteEntries({ commands });
    const names = fromRegistry.filter((e) => e.group === 'Commands').map((e) => e.command);
    for (const command of commands) expect(names).toContain(command.usage[0]);
    expect(names).toEqual(expect.arrayContaining(['next', 'prev', 'curl [n] --reveal']));
    expect(names.indexOf('curl [n] --reveal')).toBe(names.indexOf('curl [n]') + 1);
    expect(fromRegistry.find((e) => e.id === 'command.routes')).toMatchObject({ insert: 'routes ', description: commands.find((c) => c.name === 'routes')!.summary });
    const withNext = paletteEntries({ commands: [...DEFAULT_COMMANDS, { name: 'next', summary: 'own next' }] });
    expect(withNext.filter((e) => e.id === 'command.next')).toEqual([expect.objectContaining({ description: 'own next' })]);
  });

  it('shows the element’s hotkey', () => {
    expect(paletteEntries({ hotkey: 'ctrl+shift+k' }).find((e) => e.id === 'key.toggle')?.keys).toEqual(['Ctrl+Shift+K']);
    expect(formatHotkey('alt+F2')).toBe('Alt+F2');
    expect(formatHotkey('meta+k')).toBe('Meta+K');
  });
});

describe('filterPalette', () => {
  const entries = paletteEntries();
  const ids = (query: string) => filterPalette(entries, query).map((e) => e.id);

  it('finds keys however the chord is typed', () => {
    for (const query of ['ctrl+r', 'Ctrl+R', 'ctrl r']) expect(ids(query)[0]).toBe('key.reverse-search');
  });

  it('puts an exact name first, then prefixes, then description words', () => {
    expect(ids('routes')[0]).toBe('command.routes');
    expect(ids('curl').slice(0, 2)).toEqual(['command.curl', 'command.curl-reveal']);
    expect(ids('history')).toContain('key.reverse-search');
    expect(ids('history')[0]).toBe('command.history');
  });

  it('needs every word of the query', () => {
    expect(ids('delete word')).toEqual(['key.delete-word', 'key.delete-next-word']);
    expect(ids('delete nothing-like-this')).toEqual([]);
  });

  it('gives everything for a blank query, and groups results', () => {
    expect(filterPalette(entries, '  ')).toEqual(entries);
    const grouped = groupPalette(filterPalette(entries, 'page'));
    expect(grouped.map((g) => g.group)).toEqual(['Commands', 'Terminal']);
    expect(grouped[0]!.entries.map((e) => e.id)).toEqual(['command.next', 'command.prev']);
  });
});
