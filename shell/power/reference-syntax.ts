/**
 * The syntax of a response reference, shared by resolution and completion (references.ts).
 *
 *   reference := '$' head step*
 *   head      := 'last' | [1-9][0-9]*           not followed by a letter, digit or `_`
 *   step      := '.' key                        key = [A-Za-z0-9_]+
 *              | '[' '-'? [0-9]+ ']'            an index, negative from the end ([-1] = last)
 *              | '[' quoted ']'                 a key in '…' or "…" (not the quote it sits in),
 *                                               with \' \" \\ escapes: $last.data['due date']
 *              | '.[' … ']'                     the same (jq habit)
 *
 *   scanReference(text, at, { inside }): RefScan       text[at] must be '$'
 *     inside: the quote the reference sits in (`'` or `"`: a JSON string, a quoted -H value),
 *     or null; that quote cannot delimit a bracketed key there.
 *     → { kind: 'none' }      not a reference: `$` after a letter/digit/`_` (`pa$1word`,
 *                             `US$10`), or no valid head (`$x`, `$0`, `$1abc`)
 *     → { kind: 'escape', end } `$$last`, `$$10`: the literal text `$last` / `$10` — drop the
 *                             first `$` and copy text up to `end` unchanged
 *     → { kind: 'ref', ref }  ref = { start, end, base: 'last' | n, head, steps }
 *     → { kind: 'invalid', start, end, message }  a `[` right after a reference that is not a
 *                             valid index or quoted key (`$last.data[x]`, unterminated quote)
 *     A `.` not followed by a key or `[` is not part of the reference (`see $last.` ends it).
 *   formatKeyStep(key): string       `.name` or `['due date']`, as completion inserts it
 *   formatIndexStep(i): string       `[0]`
 *   RefStep = { kind: 'key', key, start } | { kind: 'index', index, start }   start: offset in text
 */

export type RefStep = { kind: 'key'; key: string; start: number } | { kind: 'index'; index: number; start: number };

export interface ParsedReference {
  start: number;
  end: number;
  base: 'last' | number;
  /** `$last` or `$3` as typed. */
  head: string;
  steps: RefStep[];
}

export type RefScan =
  | { kind: 'none' }
  | { kind: 'escape'; end: number }
  | { kind: 'ref'; ref: ParsedReference }
  | { kind: 'invalid'; start: number; end: number; message: string };

const WORD = /[A-Za-z0-9_]/;
const KEY_RUN = /[A-Za-z0-9_]+/y;
const INDEX = /(-?[0-9]+)\]/y;
const HEAD = /(?:last(?![A-Za-z0-9_])|[1-9][0-9]*(?![A-Za-z_0-9]))/y;

/** Length of a valid head at `at` (just after the `$`), or 0. */
function headLength(text: string, at: number): number {
  HEAD.lastIndex = at;
  return HEAD.exec(text)?.[0].length ?? 0;
}

type Bracket = { step: RefStep; end: number } | { error: string; end: number };

export interface ScanOptions {
  /** The quote character the reference is written inside, if any. */
  inside: "'" | '"' | null;
}

function readBracket(text: string, open: number, inside: ScanOptions['inside']): Bracket {
  INDEX.lastIndex = open + 1;
  const index = INDEX.exec(text);
  if (index) return { step: { kind: 'index', index: Number(index[1]), start: open }, end: INDEX.lastIndex };
  const quote = text[open + 1];
  if ((quote === "'" || quote === '"') && quote !== inside) {
    let key = '';
    for (let i = open + 2; i < text.length; i += 1) {
      const ch = text[i]!;
      if (ch === '\\' && (text[i + 1] === quote || text[i + 1] === '\\')) {
        key += text[i + 1];
        i += 1;
      } else if (ch === quote) {
        if (text[i + 1] !== ']') return { error: `expected ] after the quoted key`, end: i + 1 };
        return { step: { kind: 'key', key, start: open }, end: i + 2 };
      } else {
        key += ch;
      }
    }
    return { error: `the quoted key has no closing ${quote}`, end: text.length };
  }
  const hint = inside === "'" ? `["name"]` : `['name']`;
  return { error: `expected an index like [0] or a quoted key like ${hint}`, end: open + 1 };
}

export function scanReference(text: string, at: number, options: ScanOptions = { inside: null }): RefScan {
  if (text[at] !== '$') return { kind: 'none' };
  if (at > 0 && WORD.test(text[at - 1]!)) return { kind: 'none' };
  if (text[at + 1] === '$') {
    const length = headLength(text, at + 2);
    return length > 0 ? { kind: 'escape', end: at + 2 + length } : { kind: 'none' };
  }
  const length = headLength(text, at + 1);
  if (length === 0) return { kind: 'none' };
  const head = text.slice(at, at + 1 + length);
  const base = head === '$last' ? 'last' : Number(head.slice(1));
  const steps: RefStep[] = [];
  let pos = at + 1 + length;
  for (;;) {
    if (text[pos] === '.' && text[pos + 1] !== undefined && WORD.test(text[pos + 1]!)) {
      KEY_RUN.lastIndex = pos + 1;
      const key = KEY_RUN.exec(text)![0];
      steps.push({ kind: 'key', key, start: pos });
      pos += 1 + key.length;
      continue;
    }
    const open = text[pos] === '[' ? pos : text[pos] === '.' && text[pos + 1] === '[' ? pos + 1 : -1;
    if (open < 0) break;
    const bracket = readBracket(text, open, options.inside);
    if ('error' in bracket) {
      return { kind: 'invalid', start: at, end: bracket.end, message: `${text.slice(at, bracket.end)} — ${bracket.error}` };
    }
    steps.push({ ...bracket.step, start: pos });
    pos = bracket.end;
  }
  return { kind: 'ref', ref: { start: at, end: pos, base, head, steps } };
}

export function formatKeyStep(key: string): string {
  if (/^[A-Za-z0-9_]+$/.test(key)) return `.${key}`;
  return `['${key.replace(/[\\']/g, '\\$&')}']`;
}

export function formatIndexStep(index: number): string {
  return `[${index}]`;
}
