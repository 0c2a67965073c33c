/**
 * The command palette's data: every key binding and command with a one-line description,
 * grouped, for the user who does not live in terminals. `?` on an empty prompt or F1 shows it.
 *
 *   paletteEntries(options?: { hotkey?: string; commands?: readonly PaletteCommand[] }): PaletteEntry[]
 *     Every entry in display order (PALETTE_GROUPS, then as listed). hotkey = the element's
 *     `hotkey` attribute (default 'ctrl+j'); commands = the built-ins (commands/registry.ts's
 *     `commands` fits: {name, summary, usage?}; the synopsis is usage[0]); `next`, `prev` and
 *     `curl --reveal` are added unless a command of that name is given. Without `commands`,
 *     DEFAULT_COMMANDS is used.
 *   filterPalette(entries, query): PaletteEntry[]
 *     Entries where every word of the query appears in the keys, command, description or
 *     group (any case; `ctrl r`, `ctrl+r` and `Ctrl+R` are the same). Best first: an exact key
 *     or command name, then one that starts with the query, then a description word that does,
 *     then the rest; ties keep the display order. A blank query gives all entries.
 *   groupPalette(entries): Array<{ group, entries }>   non-empty groups in PALETTE_GROUPS order
 *   formatHotkey(hotkey): string    'ctrl+shift+k' → 'Ctrl+Shift+K'
 *
 *   PaletteEntry = {
 *     id            stable: 'key.reverse-search', 'command.routes', 'syntax.filter'
 *     group         PaletteGroup
 *     keys          key chords as shown ('Ctrl+R', '↑'), [] for commands and syntax
 *     command?      a command's synopsis ('routes [filter]') or a syntax form ('| filter')
 *     description   one line
 *     insert?       what choosing the entry puts on the prompt ('routes ', 'GET /invoices')
 *     action?       what choosing a key entry does: PaletteAction (the element maps it)
 *   }
 */

export type PaletteGroup = 'Requests' | 'Commands' | 'Completion' | 'History' | 'Editing' | 'Output' | 'Terminal';

export type PaletteAction =
  | 'toggle-panel'
  | 'show-palette'
  | 'leave-terminal'
  | 'clear-screen'
  | 'cancel'
  | 'run-line'
  | 'complete'
  | 'next-placeholder'
  | 'accept-suggestion'
  | 'history-older'
  | 'history-newer'
  | 'reverse-search';

export interface PaletteEntry {
  id: string;
  group: PaletteGroup;
  keys: readonly string[];
  command?: string;
  description: string;
  insert?: string;
  action?: PaletteAction;
}

export interface PaletteCommand {
  name: string;
  summary: string;
  usage?: readonly string[];
}

export const PALETTE_GROUPS: readonly PaletteGroup[] = ['Requests', 'Commands', 'Completion', 'History', 'Editing', 'Output', 'Terminal'];

export const DEFAULT_COMMANDS: readonly PaletteCommand[] = [
  { name: 'help', summary: 'an overview of requests, commands and keys', usage: ['help'] },
  { name: 'routes', summary: 'the API’s routes, with their scopes', usage: ['routes [filter]'] },
  { name: 'curl', summary: 'the last request (or the n-th most recent) as a curl command', usage: ['curl [n]'] },
  { name: 'env', summary: 'show or change base URL, key, mode and spec', usage: ['env | env set NAME VALUE | env unset NAME'] },
  { name: 'history', summary: 'list the history (history clear empties it)', usage: ['history | history clear'] },
  { name: 'clear', summary: 'clear the screen', usage: ['clear'] },
];

const POWER_COMMANDS: readonly PaletteCommand[] = [
  { name: 'next', summary: 'the next page of the last list request', usage: ['next'] },
  { name: 'prev', summary: 'the previous page of the last list request', usage: ['prev'] },
];

const SYNTAX: readonly PaletteEntry[] = [
  { id: 'syntax.request', group: 'Requests', keys: [], command: 'METHOD /path [JSON body]', description: 'send a request: GET /invoices, POST /contacts {"name":"Acme"} (the server prefix may be left out)', insert: 'GET /' },
  { id: 'syntax.header', group: 'Requests', keys: [], command: "-H 'Name: value'", description: 'add a header to a request (Idempotency-Key is added for you)' },
  { id: 'syntax.reference', group: 'Requests', keys: [], command: '$last  $1 … $n', description: 'use a value from a response anywhere in a line: GET /invoices/$last.data[0].id', insert: '$last.' },
  { id: 'syntax.filter', group: 'Requests', keys: [], command: '| filter', description: 'print only part of a JSON response: GET /invoices | .data[].id (a jq subset)' },
];

const KEYS: readonly PaletteEntry[] = [
  { id: 'key.complete', group: 'Completion', keys: ['Tab'], description: 'complete a method, path, ID, $reference or command; several choices are listed', action: 'complete' },
  { id: 'key.next-placeholder', group: 'Completion', keys: ['Tab'], description: 'in a path with {param} placeholders: jump to the next one', action: 'next-placeholder' },
  { id: 'key.accept-suggestion', group: 'Completion', keys: ['→', 'End'], description: 'at the end of the line: accept the grey suggestion', action: 'accept-suggestion' },
  { id: 'key.history-older', group: 'History', keys: ['↑', 'Ctrl+P'], description: 'the previous (older) line from the history', action: 'history-older' },
  { id: 'key.history-newer', group: 'History', keys: ['↓', 'Ctrl+N'], description: 'the next (newer) line, back to what you were typing', action: 'history-newer' },
  { id: 'key.reverse-search', group: 'History', keys: ['Ctrl+R'], description: 'search the history as you type; Ctrl+R again finds an older match', action: 'reverse-search' },
  { id: 'key.search-run', group: 'History', keys: ['Enter'], description: 'in a history search: run the line found' },
  { id: 'key.search-edit', group: 'History', keys: ['←', '→'], description: 'in a history search: keep the line found, to edit it' },
  { id: 'key.search-cancel', group: 'History', keys: ['Esc', 'Ctrl+G'], description: 'in a history search: give up, back to what you were typing' },
  { id: 'key.run', group: 'Editing', keys: ['Enter'], description: 'run the line', action: 'run-line' },
  { id: 'key.char', group: 'Editing', keys: ['←', '→', 'Ctrl+B', 'Ctrl+F'], description: 'move one character' },
  { id: 'key.word', group: 'Editing', keys: ['Alt+←', 'Alt+→', 'Ctrl+←', 'Ctrl+→', 'Alt+B', 'Alt+F'], description: 'move one word' },
  { id: 'key.home', group: 'Editing', keys: ['Home', 'Ctrl+A'], description: 'go to the start of the line' },
  { id: 'key.end', group: 'Editing', keys: ['End', 'Ctrl+E'], description: 'go to the end of the line' },
  { id: 'key.backspace', group: 'Editing', keys: ['Backspace'], description: 'delete the character before the cursor' },
  { id: 'key.delete', group: 'Editing', keys: ['Delete', 'Ctrl+D'], description: 'delete the character under the cursor' },
  { id: 'key.delete-word', group: 'Editing', keys: ['Ctrl+W', 'Alt+Backspace'], description: 'delete the previous word' },
  { id: 'key.delete-next-word', group: 'Editing', keys: ['Alt+D'], description: 'delete the next word' },
  { id: 'key.kill-start', group: 'Editing', keys: ['Ctrl+U'], description: 'delete everything before the cursor' },
  { id: 'key.kill-end', group: 'Editing', keys: ['Ctrl+K'], description: 'delete everything after the cursor' },
  { id: 'key.paste', group: 'Editing', keys: ['Ctrl+V', '⌘V'], description: 'paste; a multi-line JSON body joins the line instead of running' },
  { id: 'key.cancel', group: 'Editing', keys: ['Ctrl+C'], description: 'copy the selection, else cancel the line or abort the running request', action: 'cancel' },
  { id: 'key.open-id', group: 'Output', keys: ['Click'], description: 'on an ID (inv_29): put GET <its path> on the prompt' },
  { id: 'key.insert-id', group: 'Output', keys: ['Ctrl+Click', '⌘+Click'], description: 'on an ID: insert it at the cursor instead' },
  { id: 'key.preview-id', group: 'Output', keys: ['Hover'], description: 'on an ID: a preview of the object it names' },
  { id: 'key.copy-block', group: 'Output', keys: ['Hover'], description: 'on a response: a button that copies the whole body' },
  { id: 'key.palette', group: 'Terminal', keys: ['?', 'F1'], description: 'this list (? on an empty prompt)', action: 'show-palette' },
  { id: 'key.clear', group: 'Terminal', keys: ['Ctrl+L'], description: 'clear the screen', action: 'clear-screen' },
  { id: 'key.leave', group: 'Terminal', keys: ['Shift+Tab'], description: 'leave the terminal (to the copy button and the page)', action: 'leave-terminal' },
];

export function formatHotkey(hotkey: string): string {
  return hotkey
    .split('+')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => (part.length === 1 ? part.toUpperCase() : part[0]!.toUpperCase() + part.slice(1).toLowerCase()))
    .join('+');
}

function commandEntries(commands: readonly PaletteCommand[]): PaletteEntry[] {
  const names = new Set(commands.map((c) => c.name));
  const all = [...commands, ...POWER_COMMANDS.filter((c) => !names.has(c.name))];
  const entries: PaletteEntry[] = all.map((c) => ({
    id: `command.${c.name}`,
    group: 'Commands',
    keys: [],
    command: c.usage?.[0] ?? c.name,
    description: c.summary,
    insert: c.name === 'next' || c.name === 'prev' ? c.name : `${c.name} `,
  }));
  if (!names.has('curl --reveal')) {
    const at = entries.findIndex((e) => e.id === 'command.curl');
    const reveal: PaletteEntry = { id: 'command.curl-reveal', group: 'Commands', keys: [], command: 'curl [n] --reveal', description: 'the same curl command with the key in clear text (explicitly)', insert: 'curl --reveal' };
    entries.splice(at < 0 ? entries.length : at + 1, 0, reveal);
  }
  return entries;
}

export function paletteEntries(options: { hotkey?: string; commands?: readonly PaletteCommand[] } = {}): PaletteEntry[] {
  const toggle: PaletteEntry = {
    id: 'key.toggle',
    group: 'Terminal',
    keys: [formatHotkey(options.hotkey || 'ctrl+j')],
    description: 'open or close the shell, from anywhere on the page',
    action: 'toggle-panel',
  };
  const all = [...SYNTAX, ...commandEntries(options.commands ?? DEFAULT_COMMANDS), ...KEYS, toggle];
  return PALETTE_GROUPS.flatMap((group) => all.filter((e) => e.group === group));
}

const normalise = (text: string) => text.toLowerCase().replace(/\+/g, ' ').replace(/\s+/g, ' ').trim();

function rank(entry: PaletteEntry, query: string): number | null {
  const names = [...entry.keys, ...(entry.command ? [entry.command, entry.command.split(' ')[0]!] : [])].map(normalise);
  const description = normalise(entry.description);
  const haystack = [...names, description, entry.group.toLowerCase()].join(' \u0000 ');
  if (!query.split(' ').every((word) => haystack.includes(word))) return null;
  if (names.includes(query)) return 0;
  if (names.some((n) => n.startsWith(query))) return 1;
  if (description.startsWith(query) || description.includes(` ${query}`)) return 2;
  return 3;
}

export function filterPalette(entries: readonly PaletteEntry[], query: string): PaletteEntry[] {
  const q = normalise(query);
  if (q === '') return [...entries];
  return entries
    .map((entry, order) => ({ entry, order, rank: rank(entry, q) }))
    .filter((r): r is { entry: PaletteEntry; order: number; rank: number } => r.rank !== null)
    .sort((a, b) => a.rank - b.rank || a.order - b.order)
    .map((r) => r.entry);
}

export function groupPalette(entries: readonly PaletteEntry[]): Array<{ group: PaletteGroup; entries: PaletteEntry[] }> {
  return PALETTE_GROUPS.map((group) => ({ group, entries: entries.filter((e) => e.group === group) })).filter((g) => g.entries.length > 0);
}
