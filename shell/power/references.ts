import { isRequestLine } from '../request.js';
import { scanReference, type ParsedReference, type ScanOptions } from './reference-syntax.js';
import { describeValue, referenceValue } from './reference-values.js';
import type { ReferenceStore } from './response-store.js';

export { completeReference, referenceCompletions } from './reference-completion.js';
export { ResponseStore, parseStoredBody, type ReferenceStore, type StoredBody } from './response-store.js';

/**
 * Response references in a command line: `$last` (the newest response body) and `$1`…`$n`
 * (response n of this session, as numbered by ResponseStore), with paths into them —
 * `$last.data[0].id`, `$2.data.id`, `$last.data.lines[-1].description`, `$1.data['due date']`
 * (syntax: reference-syntax.ts). Resolution is a local step before parsing: nothing is sent
 * when a reference cannot be resolved.
 *
 *   resolveReferences(line: string, store: ReferenceStore): ResolveResult
 *     → { ok: true, line, count }   the line with every reference replaced (count = how many;
 *                                   0 means `line` is returned unchanged)
 *     → { ok: false, error: { reference, message, offset, length } }
 *         the leftmost failing reference: its text, a message that starts with it and says
 *         why (unknown response number, evicted, not JSON, missing key with the keys there
 *         are, index out of range, wrong type, unusable value), and its place in the line
 *         (UTF-16 offset and length) for a caret.
 *   completeReference / referenceCompletions: see reference-completion.ts (Tab).
 *
 * How a value is substituted depends on where the reference stands. For a request line
 * (`METHOD PATH [-H …] [JSON]`, the same split as request.ts):
 *   - in a JSON body, outside strings: the value's JSON text (`{"lines": $2.data.lines}`);
 *   - a JSON string that is exactly one reference (`"$2.data.total"`) becomes the value's
 *     raw JSON — a number stays a number, an object an object, null null;
 *   - a reference inside a longer JSON string (`"Re: $2.data.number"`), or a whole key,
 *     contributes its text form, JSON-escaped: a string as itself, any other value as its
 *     compact JSON text (`"Total: 1200"`);
 *   - the path: a reference that is the whole path word is inserted as is (`GET $last.links.next`
 *     may be a URL); one inside the path (`/invoices/$last.data[0].id`, `?email=$1.data.email`)
 *     is percent-encoded with encodeURIComponent, so a value cannot add segments or parameters;
 *   - a `-H` value: inserted as is, keeping request.ts's quoting valid (`\"` and `\\` inside
 *     "…"; a `'` cannot go inside '…').
 * In any other line (built-ins: `env set key $last.data.secret`) words are split on spaces,
 * so the value is inserted as is and must have no whitespace.
 * Outside JSON a value must be a string, number or boolean without control characters: an
 * object, an array or null there is an error that says so.
 *
 * Literal dollars: `$` after a letter, digit or `_` is never a reference (`pa$1word`, `US$10`);
 * `$$last` / `$$10` is the literal text `$last` / `$10` ("Costs $$10" sends "Costs $10").
 * Substituted text is not scanned again, so a value holding `$1` stays as it is.
 * Split a `| filter` off first (filter.ts splitPipeline), then resolve the command part.
 */

export interface ReferenceError {
  reference: string;
  message: string;
  offset: number;
  length: number;
}

export type ResolveResult = { ok: true; line: string; count: number } | { ok: false; error: ReferenceError };

interface Edit {
  start: number;
  end: number;
  text: string;
}

type WordPlace = { kind: 'word'; quote: "'" | '"' | null; encode: boolean };

class Failure {
  constructor(readonly error: ReferenceError) {}
}

const isSpace = (ch: string | undefined) => ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r';
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

class Resolver {
  readonly edits: Edit[] = [];
  count = 0;

  constructor(
    private readonly line: string,
    private readonly store: ReferenceStore,
  ) {}

  private fail(start: number, end: number, message: string): never {
    throw new Failure({ reference: this.line.slice(start, end), message, offset: start, length: end - start });
  }

  /** At a `$`: records an escape or a reference (via `use`), and returns where scanning goes on. */
  private dollar(at: number, inside: ScanOptions['inside'], use: (ref: ParsedReference, value: unknown) => void): number {
    const scan = scanReference(this.line, at, { inside });
    if (scan.kind === 'none') return at + 1;
    if (scan.kind === 'escape') {
      this.edits.push({ start: at, end: at + 1, text: '' });
      return scan.end;
    }
    if (scan.kind === 'invalid') this.fail(scan.start, scan.end, scan.message);
    const result = referenceValue(this.line, scan.ref, this.store);
    if (!result.ok) this.fail(scan.ref.start, scan.ref.end, result.message);
    this.count += 1;
    use(scan.ref, result.value);
    return scan.ref.end;
  }

  private wordText(ref: ParsedReference, value: unknown, place: WordPlace): string {
    const typed = this.line.slice(ref.start, ref.end);
    const fail = (why: string) => this.fail(ref.start, ref.end, `${typed} — ${why}`);
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      const hint = value !== null && typeof value === 'object' ? ': pick one value inside it, or use it in a JSON body' : '';
      return fail(`is ${describeValue(value)}, which cannot stand here${hint}`);
    }
    const text = String(value);
    if (CONTROL.test(text)) return fail('has a control character (a line break?), which cannot stand here');
    if (place.encode) return encodeURIComponent(text);
    if (place.quote === "'") return text.includes("'") ? fail(`is ${JSON.stringify(text)}, which has a ' and cannot go inside '…'`) : text;
    if (place.quote === '"') return text.replace(/["\\]/g, '\\$&');
    if (/\s/.test(text)) return fail(`is ${JSON.stringify(text)}, which has a space${this.isRequest() ? ': use it inside quotes or a JSON body' : ''}`);
    return text;
  }

  isRequest(): boolean {
    return isRequestLine(this.line);
  }

  /** A word where quotes are plain text (a path; any word of a built-in): ends at whitespace. */
  plainWord(start: number, encodeInside: boolean): number {
    const { line } = this;
    let pos = start;
    while (pos < line.length && !isSpace(line[pos])) {
      if (line[pos] !== '$') {
        pos += 1;
        continue;
      }
      pos = this.dollar(pos, null, (ref, value) => {
        const whole = ref.start === start && (ref.end >= line.length || isSpace(line[ref.end]));
        this.edits.push({ start: ref.start, end: ref.end, text: this.wordText(ref, value, { kind: 'word', quote: null, encode: encodeInside && !whole }) });
      });
    }
    return pos;
  }

  /** A shell-like word (a -H value): '…' and "…" (with \" and \\) join, unquoted whitespace ends it. */
  quotedWord(start: number): number {
    const { line } = this;
    let pos = start;
    let quote: "'" | '"' | null = null;
    while (pos < line.length && (quote !== null || !isSpace(line[pos]))) {
      const ch = line[pos]!;
      if (ch === '$') {
        const inside = quote;
        pos = this.dollar(pos, inside, (ref, value) => this.edits.push({ start: ref.start, end: ref.end, text: this.wordText(ref, value, { kind: 'word', quote: inside, encode: false }) }));
        continue;
      }
      if (quote === null && (ch === "'" || ch === '"')) quote = ch;
      else if (ch === quote) quote = null;
      else if (quote === '"' && ch === '\\' && (line[pos + 1] === '"' || line[pos + 1] === '\\')) pos += 1;
      pos += 1;
    }
    return pos;
  }

  /** One JSON value from `start` (possibly with references); ends after its closing bracket. */
  json(start: number): number {
    const { line } = this;
    const stack: Array<'object' | 'array'> = [];
    let expectKey = false;
    let pos = start;
    while (pos < line.length) {
      const ch = line[pos]!;
      if (ch === '"') {
        const isKey = stack[stack.length - 1] === 'object' && expectKey;
        pos = this.jsonString(pos, isKey);
        if (stack.length === 0) return pos;
        continue;
      }
      if (stack.length === 0 && isSpace(ch)) return pos;
      if (ch === '$') {
        pos = this.dollar(pos, null, (ref, value) => this.edits.push({ start: ref.start, end: ref.end, text: JSON.stringify(value) }));
        continue;
      }
      if (ch === '{' || ch === '[') {
        stack.push(ch === '{' ? 'object' : 'array');
        expectKey = ch === '{';
      } else if (ch === '}' || ch === ']') {
        stack.pop();
        expectKey = false;
        if (stack.length === 0) return pos + 1;
      } else if (ch === ':') {
        expectKey = false;
      } else if (ch === ',') {
        expectKey = stack[stack.length - 1] === 'object';
      }
      pos += 1;
    }
    return pos;
  }

  private jsonString(open: number, isKey: boolean): number {
    const { line } = this;
    const found: Array<{ ref: ParsedReference; value: unknown }> = [];
    let escaped = false;
    let pos = open + 1;
    while (pos < line.length && line[pos] !== '"') {
      if (line[pos] === '\\') {
        pos += 2;
      } else if (line[pos] === '$') {
        const before = this.edits.length;
        pos = this.dollar(pos, '"', (ref, value) => found.push({ ref, value }));
        escaped ||= this.edits.length > before;
      } else {
        pos += 1;
      }
    }
    const close = pos;
    const only = found.length === 1 && !escaped ? found[0]! : null;
    if (only && !isKey && close < line.length && only.ref.start === open + 1 && only.ref.end === close) {
      this.edits.push({ start: open, end: close + 1, text: JSON.stringify(only.value) });
    } else {
      for (const { ref, value } of found) {
        const text = typeof value === 'string' ? value : JSON.stringify(value);
        this.edits.push({ start: ref.start, end: ref.end, text: JSON.stringify(text).slice(1, -1) });
      }
    }
    return Math.min(close + 1, line.length);
  }
}

function scanLine(resolver: Resolver, line: string): void {
  const request = resolver.isRequest();
  let pos = 0;
  let words = 0;
  let pathSeen = false;
  let headerNext = false;
  for (;;) {
    while (isSpace(line[pos])) pos += 1;
    if (pos >= line.length) return;
    const start = pos;
    words += 1;
    if (!request) {
      pos = resolver.plainWord(start, false);
      continue;
    }
    if (words === 1) {
      while (pos < line.length && !isSpace(line[pos])) pos += 1;
      continue;
    }
    if (headerNext) {
      headerNext = false;
      pos = resolver.quotedWord(start);
      continue;
    }
    const flag = /^(-H|--header)(?=\s|$|['"])/.exec(line.slice(start, start + 9));
    if (flag) {
      pos = start + flag[0].length;
      headerNext = true;
      continue;
    }
    if (!pathSeen && line[start] !== '-' && line[start] !== '{' && line[start] !== '[') {
      pathSeen = true;
      pos = resolver.plainWord(start, true);
      continue;
    }
    pos = line[start] === '-' ? resolver.quotedWord(start) : resolver.json(start);
  }
}

export function resolveReferences(line: string, store: ReferenceStore): ResolveResult {
  if (!line.includes('$')) return { ok: true, line, count: 0 };
  const resolver = new Resolver(line, store);
  try {
    scanLine(resolver, line);
  } catch (error) {
    if (error instanceof Failure) return { ok: false, error: error.error };
    throw error;
  }
  let out = '';
  let at = 0;
  for (const edit of [...resolver.edits].sort((a, b) => a.start - b.start)) {
    out += line.slice(at, edit.start) + edit.text;
    at = edit.end;
  }
  return { ok: true, line: out + line.slice(at), count: resolver.count };
}
