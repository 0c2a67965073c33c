/**
 * Ctrl+R: reverse incremental history search, as in bash (readline), as a pure state machine.
 * Every function takes a state and returns a new one; nothing is drawn here.
 *
 *   startSearch(history, line, previousQuery = ''): SearchState
 *     history oldest → newest (history-list.ts's order); line = the editor's {text, cursor}
 *     when Ctrl+R was pressed (restored by cancel); previousQuery = the last search's query,
 *     which Ctrl+R on an empty query searches again (readline does the same).
 *   typeText(state, text): SearchState        characters typed (controls are dropped): the
 *     query grows and the newest match at or before the current one is found — the current
 *     entry stays when it still matches. No match → failed (the last match stays on show, as
 *     in bash); once failed, typing more stays failed.
 *   backspace(state): SearchState      drops the last query character and goes back to the
 *     match that shorter query had (Ctrl+R steps taken after it are undone too)
 *   searchAgain(state): SearchState    Ctrl+R again: the next older match — first an earlier
 *     occurrence in the same entry, then older entries. None → failed.
 *   Only the newest copy of a repeated line is ever shown, so duplicates need no extra presses
 *   (bash shows them again; zsh's HIST_FIND_NO_DUPS does not).
 *   acceptSearch(state): { text, cursor }   the line to continue with: the match with the
 *     cursor on its start (bash), or the original line when nothing matched. Enter accepts
 *     and runs; Esc, ←/→, Home/End, Ctrl+A/E accept for editing (then apply the key).
 *   cancelSearch(state): { text, cursor }   Ctrl+G / Ctrl+C: the original line, unchanged.
 *   searchView(state): { prompt, text, cursor, failed, highlight, line }
 *     prompt     `(reverse-i-search)'inv': ` or `(failed reverse-i-search)'invx': `
 *     text       the match on show (the original text before any match)
 *     cursor     where the match starts in text (UTF-16)
 *     highlight  {start, end} of the matched query in text, or null
 *     line       prompt + text: `(reverse-i-search)'inv': GET /invoices`
 *
 *   reverseSearch = { start, type, backspace, again, accept, cancel, view }   the same functions
 *
 * Matching is smart-case (a deliberate change from bash, which is always case-sensitive): an
 * all-lower-case query ignores case (`get` finds `GET /invoices`), any capital makes it exact.
 */

export interface SearchLine {
  readonly text: string;
  readonly cursor: number;
}

export interface SearchMatch {
  readonly index: number;
  readonly position: number;
  readonly length: number;
}

interface Snapshot {
  readonly query: string;
  readonly match: SearchMatch | null;
  readonly failed: boolean;
}

export interface SearchState extends Snapshot {
  readonly history: readonly string[];
  readonly original: SearchLine;
  readonly previousQuery: string;
  /** Each distinct line → its newest index: older copies are skipped. */
  readonly newest: ReadonlyMap<string, number>;
  /** The state before each query character, for backspace. */
  readonly undo: readonly Snapshot[];
}

export interface SearchView {
  prompt: string;
  text: string;
  cursor: number;
  failed: boolean;
  highlight: { start: number; end: number } | null;
  line: string;
}

const CONTROLS = /[\u0000-\u001f\u007f-\u009f]/g;

function fold(text: string, query: string): [string, string] {
  return query === query.toLowerCase() ? [text.toLowerCase(), query] : [text, query];
}

/** The last occurrence of query in text at or before `at`, or -1. */
function lastAt(text: string, query: string, at: number): number {
  if (at < 0) return -1;
  const [haystack, needle] = fold(text, query);
  return haystack.lastIndexOf(needle, at);
}

/** The newest match at or before (index, position): that entry first, then older ones. */
function findFrom(state: SearchState, query: string, index: number, position: number): SearchMatch | null {
  const { history, newest } = state;
  for (let i = index; i >= 0; i -= 1) {
    const text = history[i]!;
    if (newest.get(text) !== i) continue;
    const found = lastAt(text, query, i === index ? position : text.length);
    if (found >= 0) return { index: i, position: found, length: query.length };
  }
  return null;
}

export function startSearch(history: readonly string[], line: SearchLine, previousQuery = ''): SearchState {
  const newest = new Map<string, number>();
  history.forEach((text, i) => newest.set(text, i));
  return { history, original: line, previousQuery, newest, query: '', match: null, failed: false, undo: [] };
}

function typeChar(state: SearchState, char: string): SearchState {
  const snapshot: Snapshot = { query: state.query, match: state.match, failed: state.failed };
  const query = state.query + char;
  const undo = [...state.undo, snapshot];
  if (state.failed) return { ...state, query, undo };
  const match = state.match
    ? findFrom(state, query, state.match.index, state.match.position)
    : findFrom(state, query, state.history.length - 1, Number.MAX_SAFE_INTEGER);
  return match ? { ...state, query, match, failed: false, undo } : { ...state, query, failed: true, undo };
}

export function typeText(state: SearchState, text: string): SearchState {
  let next = state;
  for (const char of text.replace(CONTROLS, '')) next = typeChar(next, char);
  return next;
}

export function backspace(state: SearchState): SearchState {
  const previous = state.undo[state.undo.length - 1];
  if (!previous) return state;
  return { ...state, ...previous, undo: state.undo.slice(0, -1) };
}

export function searchAgain(state: SearchState): SearchState {
  if (state.query === '') {
    if (state.previousQuery === '') return state;
    return typeText(state, state.previousQuery);
  }
  if (state.failed) return state;
  const current = state.match;
  const match = current
    ? findFrom(state, state.query, current.index, current.position - 1)
    : findFrom(state, state.query, state.history.length - 1, Number.MAX_SAFE_INTEGER);
  return match ? { ...state, match } : { ...state, failed: true };
}

export function acceptSearch(state: SearchState): SearchLine {
  if (!state.match) return state.original;
  return { text: state.history[state.match.index]!, cursor: state.match.position };
}

export function cancelSearch(state: SearchState): SearchLine {
  return state.original;
}

export function searchView(state: SearchState): SearchView {
  const prompt = `(${state.failed ? 'failed ' : ''}reverse-i-search)'${state.query}': `;
  const { match } = state;
  const text = match ? state.history[match.index]! : state.original.text;
  const cursor = match ? match.position : state.original.cursor;
  const highlight = match && match.length > 0 ? { start: match.position, end: match.position + match.length } : null;
  return { prompt, text, cursor, failed: state.failed, highlight, line: prompt + text };
}

/** The same operations under the names of the key bindings' brief: reverseSearch.start(…), .type(…), … */
export const reverseSearch = {
  start: startSearch,
  type: typeText,
  backspace,
  again: searchAgain,
  accept: acceptSearch,
  cancel: cancelSearch,
  view: searchView,
} as const;
