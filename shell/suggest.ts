import type { ShellSpec } from './spec.js';

/**
 * Ghost text: what to draw dim after the cursor.
 *
 *   suggest(line: {text, cursor}, history: readonly string[], source?: SuggestionSource): string | null
 *     The suffix to draw, or null. Only with the cursor at the end of a non-blank line.
 *     1. the most recent history entry (history is oldest → newest) that extends the text
 *        exactly (same case);
 *     2. else the first common command that extends it (method word in any case):
 *        commonCommands(source).
 *     A suffix never holds a control character or a line break.
 *   commonCommands(source: SuggestionSource): string[]
 *     From the spec: list endpoints first (`GET /invoices` — GETs without path parameters), then
 *     the other parameter-free operations (`POST /invoices`), then the built-in names.
 *
 *   SuggestionSource = { spec?: Pick<ShellSpec, 'routes'> | null, commands?: readonly string[] }
 */

export interface SuggestionSource {
  spec?: Pick<ShellSpec, 'routes'> | null;
  commands?: readonly string[];
}

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

export function commonCommands(source: SuggestionSource): string[] {
  const routes = (source.spec?.routes ?? []).filter((r) => !r.path.includes('{'));
  const lists = routes.filter((r) => r.method === 'GET').map((r) => `GET ${r.path}`);
  const writes = routes.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`);
  return [...new Set([...lists, ...writes, ...(source.commands ?? [])])];
}

export function suggest(line: { text: string; cursor: number }, history: readonly string[], source: SuggestionSource = {}): string | null {
  const { text, cursor } = line;
  if (cursor < text.length || text.trim() === '') return null;
  const usable = (candidate: string, extends_: boolean) => extends_ && candidate.length > text.length && !CONTROL.test(candidate);
  for (let i = history.length - 1; i >= 0; i -= 1) {
    const entry = history[i]!;
    if (usable(entry, entry.startsWith(text))) return entry.slice(text.length);
  }
  const lower = text.toLowerCase();
  for (const command of commonCommands(source)) {
    if (usable(command, command.toLowerCase().startsWith(lower))) return command.slice(text.length);
  }
  return null;
}
