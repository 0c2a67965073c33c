import { longestCommonPrefix, type Completion } from '../complete.js';
import { formatIndexStep, formatKeyStep, scanReference, type ParsedReference } from './reference-syntax.js';
import { childKeys, referenceValue } from './reference-values.js';
import type { ReferenceStore } from './response-store.js';

/**
 * Tab completion of response references from the real bodies.
 *
 *   referenceCompletions(partial: string, store: ReferenceStore): string[]
 *     Whole references that extend `partial` (the text from its `$` to the cursor):
 *     - `$`, `$l`, `$1` … → the heads that exist: `$last`, then the kept `$n`, newest first;
 *     - `$last.da` → the keys of `$last` starting with `da`: [`$last.data`];
 *     - `$last.data.`, `$last.data` naming a container exactly (and nothing longer) → its
 *       children: `$last.data[0]`, `$last.data[1]`, … (the first 20 items) for an array,
 *       `$last.data.id`, `$last.data['due date']`, … for an object;
 *     - `$last.data[` / `$last.data[1` → the indexes (or, on an object, `['key']` forms)
 *       that extend what was typed.
 *     [] when nothing fits: no such response, a path that does not resolve, a scalar.
 *   completeReference(text: string, cursor: number, store): Completion | null
 *     The reference that ends at the cursor (its `$` found backwards; also inside a JSON
 *     string or a path), completed like complete.ts: → { replaceFrom, replaceTo, insert,
 *     candidates } — one candidate is inserted whole (candidates []); several insert their
 *     longest common prefix and list them. null when the cursor is not on a reference or
 *     nothing fits: fall back to the ordinary completion.
 */

const MAX_ITEMS = 20;
const MAX_CANDIDATES = 200;
const HEAD_PREFIX = /^\$(?:l(?:a(?:st?)?)?|[1-9][0-9]*)?$/;
const TRAILING_BRACKET = /\.?\[[^\]]*$/;

function children(prefix: string, value: unknown, style: 'dot' | 'bracket'): string[] {
  if (Array.isArray(value)) return value.slice(0, MAX_ITEMS).map((_, i) => prefix + formatIndexStep(i));
  const keys = childKeys(value);
  if (!keys) return [];
  return keys.slice(0, MAX_CANDIDATES).map((key) => prefix + (style === 'dot' ? formatKeyStep(key) : `['${key.replace(/[\\']/g, '\\$&')}']`));
}

function heads(store: ReferenceStore): string[] {
  if (store.lastNumber === 0) return [];
  const list = ['$last'];
  for (let n = store.lastNumber; n >= store.oldestNumber && list.length <= MAX_ITEMS; n -= 1) if (store.body(n)) list.push(`$${n}`);
  return list;
}

/** The whole of `text` as one reference, or null. */
function wholeReference(text: string): ParsedReference | null {
  const scan = scanReference(text, 0, { inside: null });
  return scan.kind === 'ref' && scan.ref.end === text.length ? scan.ref : null;
}

function valueOf(text: string, ref: ParsedReference, store: ReferenceStore): { value: unknown } | null {
  const result = referenceValue(text, ref, store);
  return result.ok ? { value: result.value } : null;
}

/** Candidates for a container named exactly, or for a key typed in part. */
function afterComplete(partial: string, ref: ParsedReference, store: ReferenceStore): string[] {
  const last = ref.steps[ref.steps.length - 1];
  if (!last || last.kind !== 'key' || partial[last.start] !== '.' || partial[last.start + 1] === '[') {
    const resolved = valueOf(partial, ref, store);
    return resolved ? children(partial, resolved.value, 'dot') : [];
  }
  const parentText = partial.slice(0, last.start);
  const parent = valueOf(parentText, { ...ref, end: last.start, steps: ref.steps.slice(0, -1) }, store);
  if (!parent) return [];
  const matches = children(parentText, parent.value, 'dot').filter((c) => c.startsWith(partial));
  if (matches.length === 1 && matches[0] === partial) {
    const resolved = valueOf(partial, ref, store);
    const deeper = resolved ? children(partial, resolved.value, 'dot') : [];
    return deeper.length > 0 ? deeper : matches;
  }
  return matches;
}

export function referenceCompletions(partial: string, store: ReferenceStore): string[] {
  if (HEAD_PREFIX.test(partial)) {
    const matches = heads(store).filter((h) => h.startsWith(partial));
    if (matches.length !== 1 || matches[0] !== partial) return matches;
    const ref = wholeReference(partial);
    const resolved = ref ? valueOf(partial, ref, store) : null;
    const deeper = resolved ? children(partial, resolved.value, 'dot') : [];
    return deeper.length > 0 ? deeper : matches;
  }
  if (partial.endsWith('.')) {
    const base = partial.slice(0, -1);
    const ref = wholeReference(base);
    const resolved = ref ? valueOf(base, ref, store) : null;
    return resolved ? children(base, resolved.value, 'dot') : [];
  }
  const bracket = TRAILING_BRACKET.exec(partial);
  if (bracket && !wholeReference(partial)) {
    const base = partial.slice(0, bracket.index);
    const ref = wholeReference(base);
    const resolved = ref ? valueOf(base, ref, store) : null;
    if (!resolved) return [];
    const typed = bracket[0].replace(/^\./, '');
    return children(base, resolved.value, 'bracket').filter((c) => c.slice(base.length).startsWith(typed));
  }
  const ref = wholeReference(partial);
  return ref ? afterComplete(partial, ref, store) : [];
}

/** Could `text` be (the start of) a reference? Then completion belongs to it. */
function isPartialReference(text: string): boolean {
  if (HEAD_PREFIX.test(text)) return true;
  const base = text.endsWith('.') ? text.slice(0, -1) : text.replace(TRAILING_BRACKET, '');
  return wholeReference(text) !== null || wholeReference(base) !== null;
}

export function completeReference(text: string, cursor: number, store: ReferenceStore): Completion | null {
  const before = text.slice(0, Math.max(0, Math.min(cursor, text.length)));
  for (let at = before.lastIndexOf('$'); at >= 0 && before.length - at <= 500; at = at > 0 ? before.lastIndexOf('$', at - 1) : -1) {
    if (at > 0 && /[A-Za-z0-9_$]/.test(before[at - 1]!)) continue;
    const partial = before.slice(at);
    if (!isPartialReference(partial)) continue;
    const candidates = referenceCompletions(partial, store);
    if (candidates.length === 0) return null;
    if (candidates.length === 1) return { replaceFrom: at, replaceTo: before.length, insert: candidates[0]!, candidates: [] };
    const common = longestCommonPrefix(candidates);
    return { replaceFrom: at, replaceTo: before.length, insert: common.length > partial.length && common.startsWith(partial) ? common : partial, candidates };
  }
  return null;
}
