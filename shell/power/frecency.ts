/**
 * Ranking suggestions by frecency (how often × how recently), across history, the spec's
 * routes and the built-ins; and Tab between `{param}` placeholders of a completed path.
 *
 *   rankSuggestions(prefix, history, routes, now, options?): RankedSuggestion[]
 *     Every candidate that extends `prefix` (longer than it; the first word — the method —
 *     in any case, the rest exactly), best first:
 *       { text, score, source: 'history' | 'route' | 'command', placeholders: boolean }
 *     placeholders: the text holds a `{param}` (ghost text usually skips those; completion
 *     may insert them and let Tab jump between them).
 *   createRanker(history, routes, now, options?): (prefix: string) => RankedSuggestion[]
 *     The same with the scores computed and sorted once: call it per keystroke.
 *   recordUse(uses: readonly Use[], line, now, cap = 2000): Use[]
 *     A use log to persist beside the history, for real timestamps (oldest first, capped).
 *
 *   history: readonly (string | Use)[], oldest → newest; Use = { line, at } (ms since epoch).
 *   routes: readonly { method, path }[] (SpecRoute fits), in document order.
 *   options: { halfLifeMs = 3 days, commands?: readonly string[], serverPath?: string ('/api/v1':
 *              history paths written with it still count for the route), limit? }
 *
 * Scores:
 *   - a history line: the sum over its uses of 0.5^(age / halfLife). A plain string entry
 *     (history-list.ts keeps no times) counts one use whose age is measured in entries
 *     instead: its weight halves every 50 entries back from the newest.
 *   - a route or command: the scores of the history lines it matches — 1× for the line that is
 *     exactly its text, ROUTE_SHARE (0.5×) for others (`GET /invoices/inv_2` and
 *     `GET /invoices?page=2` feed `GET /invoices/{id}` and `GET /invoices`). A line and a
 *     route with the same text are one candidate, scored by the higher.
 *   - ties (e.g. every route never used): history first, then the more recently used, then
 *     routes before commands; list endpoints first (GET without `{param}`), then other
 *     operations without parameters, then GETs with parameters, then the rest; then the
 *     document's order.
 *
 *   placeholders(text): PlaceholderRange[]        every `{name}` (not JSON: `{"a":1}` is none)
 *   nextPlaceholder(text, cursor): PlaceholderRange | null
 *     The first placeholder that starts after the cursor, else (wrapping) the first in the
 *     text; null when there is none. PlaceholderRange = { start, end, name }: text[start, end)
 *     is `{name}`. Tab with the cursor at (or in) one moves to the next.
 */

export interface Use {
  line: string;
  at: number;
}

export interface RankableRoute {
  method: string;
  path: string;
}

export interface RankOptions {
  halfLifeMs?: number;
  commands?: readonly string[];
  serverPath?: string;
  limit?: number;
}

export interface RankedSuggestion {
  text: string;
  score: number;
  source: 'history' | 'route' | 'command';
  placeholders: boolean;
}

export interface PlaceholderRange {
  start: number;
  end: number;
  name: string;
}

export const DEFAULT_HALF_LIFE_MS = 3 * 24 * 60 * 60 * 1000;
export const ROUTE_SHARE = 0.5;
const ENTRY_HALF_LIFE = 50;

interface Candidate extends RankedSuggestion {
  lastUse: number;
  sourceRank: number;
  tier: number;
  order: number;
}

const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_.-]*)\}/g;
const HAS_PLACEHOLDER = /\{[A-Za-z_][A-Za-z0-9_.-]*\}/;

export function placeholders(text: string): PlaceholderRange[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => ({ start: m.index, end: m.index + m[0].length, name: m[1]! }));
}

export function nextPlaceholder(text: string, cursor: number): PlaceholderRange | null {
  const all = placeholders(text);
  return all.find((p) => p.start > cursor) ?? all[0] ?? null;
}

export function recordUse(uses: readonly Use[], line: string, now: number, cap = 2000): Use[] {
  const next = [...uses, { line, at: now }];
  return next.length > cap ? next.slice(next.length - cap) : next;
}

/** `GET /api/v1/invoices/inv_2?x=1` → method and path segments without the server prefix. */
function requestShape(line: string, serverPath: string): { method: string; segments: string[] } | null {
  const match = /^\s*([A-Za-z]+)\s+(\/\S*)/.exec(line);
  if (!match) return null;
  let path = match[2]!.split(/[?#]/)[0]!;
  if (serverPath && (path === serverPath || path.startsWith(`${serverPath}/`))) path = path.slice(serverPath.length) || '/';
  return { method: match[1]!.toUpperCase(), segments: path.split('/').filter(Boolean) };
}

/** A route's segments, `null` for a `{param}` (matches any one segment). */
function templateOf(route: RankableRoute): Array<string | null> {
  return route.path.split('/').filter(Boolean).map((s) => (/^\{[^}]+\}$/.test(s) ? null : s));
}

function templateMatches(template: ReadonlyArray<string | null>, segments: readonly string[]): boolean {
  return template.every((s, i) => s === null || s === segments[i]);
}

function routeTier(route: RankableRoute): number {
  const hasParams = route.path.includes('{');
  const isGet = route.method.toUpperCase() === 'GET';
  if (isGet && !hasParams) return 3;
  if (!hasParams) return 2;
  return isGet ? 1 : 0;
}

function extendsPrefix(candidate: string, prefix: string): boolean {
  if (candidate.length <= prefix.length) return false;
  const space = prefix.search(/\s/);
  const head = space < 0 ? prefix.length : space;
  return candidate.slice(0, head).toLowerCase() === prefix.slice(0, head).toLowerCase() && candidate.startsWith(prefix.slice(head), head);
}

export function createRanker(
  history: readonly (string | Use)[],
  routes: readonly RankableRoute[],
  now: number,
  options: RankOptions = {},
): (prefix: string) => RankedSuggestion[] {
  const halfLife = options.halfLifeMs ?? DEFAULT_HALF_LIFE_MS;
  const serverPath = (options.serverPath ?? '').replace(/\/+$/, '');
  const lines = new Map<string, { score: number; lastUse: number }>();
  history.forEach((item, i) => {
    const line = typeof item === 'string' ? item : item.line;
    if (line.trim() === '') return;
    const weight =
      typeof item === 'string'
        ? 0.5 ** ((history.length - 1 - i) / ENTRY_HALF_LIFE)
        : 0.5 ** (Math.max(0, now - item.at) / halfLife);
    const entry = lines.get(line) ?? { score: 0, lastUse: -1 };
    entry.score += weight;
    entry.lastUse = Math.max(entry.lastUse, i);
    lines.set(line, entry);
  });

  const candidates = new Map<string, Candidate>();
  for (const [text, { score, lastUse }] of lines) {
    candidates.set(text, { text, score, lastUse, source: 'history', sourceRank: 0, tier: 0, order: 0, placeholders: HAS_PLACEHOLDER.test(text) });
  }
  // History lines bucketed by what can match them: `GET 3` (method, segment count), `word:history`.
  type Line = { text: string; entry: { score: number; lastUse: number }; segments: string[] };
  const buckets = new Map<string, Line[]>();
  const bucket = (key: string, line: Line) => {
    const list = buckets.get(key);
    if (list) list.push(line);
    else buckets.set(key, [line]);
  };
  for (const [text, entry] of lines) {
    const shape = requestShape(text, serverPath);
    if (shape) bucket(`${shape.method} ${shape.segments.length}`, { text, entry, segments: shape.segments });
    bucket(`word:${text.trim().split(/\s+/)[0]!.toLowerCase()}`, { text, entry, segments: [] });
  }
  const addTemplate = (text: string, source: 'route' | 'command', tier: number, order: number, key: string, matches: (l: Line) => boolean) => {
    let score = 0;
    let lastUse = -1;
    for (const s of buckets.get(key) ?? []) {
      if (!matches(s)) continue;
      score += s.entry.score * (s.text === text ? 1 : ROUTE_SHARE);
      lastUse = Math.max(lastUse, s.entry.lastUse);
    }
    const existing = candidates.get(text);
    if (existing) {
      existing.score = Math.max(existing.score, score);
      return;
    }
    const sourceRank = source === 'route' ? 1 : 2;
    candidates.set(text, { text, score, lastUse, source, sourceRank, tier, order, placeholders: HAS_PLACEHOLDER.test(text) });
  };
  routes.forEach((route, order) => {
    const template = templateOf(route);
    const method = route.method.toUpperCase();
    addTemplate(`${method} ${route.path}`, 'route', routeTier(route), order, `${method} ${template.length}`, (l) => templateMatches(template, l.segments));
  });
  (options.commands ?? []).forEach((name, order) => {
    addTemplate(name, 'command', 0, order, `word:${name.toLowerCase()}`, () => true);
  });

  const sorted = [...candidates.values()].sort(
    (a, b) => b.score - a.score || b.lastUse - a.lastUse || a.sourceRank - b.sourceRank || b.tier - a.tier || a.order - b.order,
  );
  const ranked: RankedSuggestion[] = sorted.map(({ text, score, source, placeholders: p }) => ({ text, score, source, placeholders: p }));
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  return (prefix) => {
    const out: RankedSuggestion[] = [];
    for (const candidate of ranked) {
      if (out.length >= limit) break;
      if (extendsPrefix(candidate.text, prefix)) out.push(candidate);
    }
    return out;
  };
}

export function rankSuggestions(
  prefix: string,
  history: readonly (string | Use)[],
  routes: readonly RankableRoute[],
  now: number,
  options: RankOptions = {},
): RankedSuggestion[] {
  return createRanker(history, routes, now, options)(prefix);
}
