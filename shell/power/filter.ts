import { parseFilter, type CompareOp, type FilterError, type FilterNode } from './filter-parse.js';

export type { FilterError } from './filter-parse.js';

/**
 * `GET /invoices | .data[].id`: printing only a selection of a JSON response, with a small,
 * documented subset of jq. Semantics follow jq 1.6+ wherever the subset overlaps.
 *
 *   .                 the input
 *   .key  ."any key"  a field (`null` when missing, or on null); `.["key"]` too
 *   .[n]              an item (negative from the end; `null` when out of range, or on null)
 *   .[]  .key[]       every item of an array (every value of an object)
 *   .a.b[0].c[]       paths chain
 *   f, g              the outputs of f, then those of g
 *   f | g             g applied to every output of f
 *   keys              an object's keys, sorted; an array's indexes
 *   length            items / keys / characters; |n| for a number; 0 for null
 *   select(cond)      the input when cond is true (anything but false and null)
 *   a == b, !=, <, <=, >, >=   comparisons of any two filters or literals ("paid", 12.5,
 *                     true, false, null); ordering across types as jq: null < false < true
 *                     < numbers < strings < arrays < objects
 *   a and b, a or b, not, ( … )
 *
 *   compileFilter(text: string, base = 0): CompileResult
 *     → { ok: true, filter: CompiledFilter }   filter.run(input: unknown): FilterResult
 *     → { ok: false, error: { message, offset } }   a parse error; offset and the column in
 *       the message count from `base` (pass splitPipeline's filterOffset so they point into
 *       the typed line): "Filter error at column 17: expected a key or [ after "."".
 *   runFilter(text: string, input: unknown, base = 0): FilterResult
 *     → { ok: true, values: unknown[] }   the outputs, in order (print each as JSON)
 *     → { ok: false, error: { message, offset } }   a parse error, or a run-time error such as
 *       "Filter error at column 7: cannot index an array with "id" (use .[] for its items)"
 *   splitPipeline(line: string): { command: string, filter: string | null, filterOffset: number }
 *     Splits `COMMAND | FILTER` at the first `|` that is outside JSON strings and brackets
 *     and outside '…'/"…" quotes, and has whitespace on at least one side (so a `|` inside a
 *     URL such as `?q=a|b` stays part of it). command is trimmed at the end; filter is the
 *     text after the `|` (null when there is no pipe; '' for `GET /x |`, which compiles to a
 *     clear error); filterOffset is where it starts in `line`.
 *
 * Only JSON bodies can be filtered; parse the body first. Numbers are JS numbers.
 */

export interface CompiledFilter {
  run(input: unknown): FilterResult;
}

export type CompileResult = { ok: true; filter: CompiledFilter } | { ok: false; error: FilterError };
export type FilterResult = { ok: true; values: unknown[] } | { ok: false; error: FilterError };

class RunError {
  constructor(
    readonly at: number,
    readonly message: string,
  ) {}
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const truthy = (v: unknown) => v !== false && v !== null && v !== undefined;

function kind(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v === 'object' ? 'object' : typeof v;
}

function brief(v: unknown): string {
  const text = JSON.stringify(v) ?? 'null';
  return `${kind(v)} (${text.length > 24 ? `${text.slice(0, 21)}...` : text})`;
}

const TYPE_RANK: Record<string, number> = { null: 0, boolean: 1, number: 3, string: 4, array: 5, object: 6 };

/** jq's total order of JSON values. */
export function compareJson(a: unknown, b: unknown): number {
  const ka = kind(a);
  const kb = kind(b);
  const ra = ka === 'boolean' ? (a ? 2 : 1) : TYPE_RANK[ka]!;
  const rb = kb === 'boolean' ? (b ? 2 : 1) : TYPE_RANK[kb]!;
  if (ra !== rb) return ra < rb ? -1 : 1;
  if (ka === 'number') return (a as number) === (b as number) ? 0 : (a as number) < (b as number) ? -1 : 1;
  if (ka === 'string') return a === b ? 0 : (a as string) < (b as string) ? -1 : 1;
  if (ka === 'array') {
    const x = a as unknown[];
    const y = b as unknown[];
    for (let i = 0; i < Math.min(x.length, y.length); i += 1) {
      const c = compareJson(x[i], y[i]);
      if (c !== 0) return c;
    }
    return x.length === y.length ? 0 : x.length < y.length ? -1 : 1;
  }
  if (ka === 'object') {
    const x = a as Record<string, unknown>;
    const y = b as Record<string, unknown>;
    const keys = compareJson(Object.keys(x).sort(), Object.keys(y).sort());
    if (keys !== 0) return keys;
    for (const key of Object.keys(x).sort()) {
      const c = compareJson(x[key], y[key]);
      if (c !== 0) return c;
    }
  }
  return 0;
}

function compare(op: CompareOp, a: unknown, b: unknown): boolean {
  const c = compareJson(a, b);
  switch (op) {
    case '==':
      return c === 0;
    case '!=':
      return c !== 0;
    case '<':
      return c < 0;
    case '<=':
      return c <= 0;
    case '>':
      return c > 0;
    case '>=':
      return c >= 0;
  }
}

function field(input: unknown, key: string, at: number): unknown {
  if (input === null || input === undefined) return null;
  if (isRecord(input)) return Object.hasOwn(input, key) ? input[key] : null;
  const hint = Array.isArray(input) ? ' (use .[] for its items)' : '';
  throw new RunError(at, `cannot index ${kind(input) === 'array' ? 'an array' : `a ${kind(input)}`} with ${JSON.stringify(key)}${hint}`);
}

function item(input: unknown, index: number, at: number): unknown {
  if (input === null || input === undefined) return null;
  if (!Array.isArray(input)) throw new RunError(at, `cannot index ${brief(input)} with a number${isRecord(input) ? ' (use .key)' : ''}`);
  const i = index < 0 ? input.length + index : index;
  return i >= 0 && i < input.length ? input[i] : null;
}

/** Pushes every output of `node` on `input` to `out` (no intermediate arrays on the hot path). */
function evaluate(node: FilterNode, input: unknown, out: unknown[]): void {
  switch (node.k) {
    case 'identity':
      out.push(input);
      return;
    case 'literal':
      out.push(node.value);
      return;
    case 'field':
      for (const v of outputs(node.target, input)) out.push(field(v, node.key, node.at));
      return;
    case 'index':
      for (const v of outputs(node.target, input)) out.push(item(v, node.index, node.at));
      return;
    case 'iterate':
      for (const v of outputs(node.target, input)) {
        if (Array.isArray(v)) for (const x of v) out.push(x);
        else if (isRecord(v)) for (const x of Object.values(v)) out.push(x);
        else throw new RunError(node.at, `cannot iterate over ${brief(v)}`);
      }
      return;
    case 'pipe':
      for (const v of outputs(node.left, input)) evaluate(node.right, v, out);
      return;
    case 'comma':
      evaluate(node.left, input, out);
      evaluate(node.right, input, out);
      return;
    case 'compare': {
      const left = outputs(node.left, input);
      for (const r of outputs(node.right, input)) for (const l of left) out.push(compare(node.op, l, r));
      return;
    }
    case 'and':
    case 'or':
      for (const l of outputs(node.left, input)) {
        if (node.k === 'and' && !truthy(l)) out.push(false);
        else if (node.k === 'or' && truthy(l)) out.push(true);
        else for (const r of outputs(node.right, input)) out.push(truthy(r));
      }
      return;
    case 'not':
      out.push(!truthy(input));
      return;
    case 'keys':
      if (isRecord(input)) out.push(Object.keys(input).sort((a, b) => compareJson(a, b)));
      else if (Array.isArray(input)) out.push(input.map((_, i) => i));
      else throw new RunError(node.at, `${brief(input)} has no keys`);
      return;
    case 'length':
      if (input === null || input === undefined) out.push(0);
      else if (typeof input === 'string') out.push([...input].length);
      else if (typeof input === 'number') out.push(Math.abs(input));
      else if (Array.isArray(input)) out.push(input.length);
      else if (isRecord(input)) out.push(Object.keys(input).length);
      else throw new RunError(node.at, `${brief(input)} has no length`);
      return;
    case 'select':
      for (const v of outputs(node.condition, input)) if (truthy(v)) out.push(input);
      return;
  }
}

/** The outputs of `node` on `input` as a list. */
function outputs(node: FilterNode, input: unknown): unknown[] {
  if (node.k === 'identity') return [input];
  const out: unknown[] = [];
  evaluate(node, input, out);
  return out;
}

export function compileFilter(text: string, base = 0): CompileResult {
  const parsed = parseFilter(text, base);
  if (!parsed.ok) return parsed;
  const { node } = parsed;
  return {
    ok: true,
    filter: {
      run(input) {
        try {
          return { ok: true, values: outputs(node, input) };
        } catch (error) {
          if (!(error instanceof RunError)) throw error;
          return { ok: false, error: { message: `Filter error at column ${base + error.at + 1}: ${error.message}`, offset: base + error.at } };
        }
      },
    },
  };
}

export function runFilter(text: string, input: unknown, base = 0): FilterResult {
  const compiled = compileFilter(text, base);
  return compiled.ok ? compiled.filter.run(input) : compiled;
}

const isSpace = (ch: string | undefined) => ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r';

export function splitPipeline(line: string): { command: string; filter: string | null; filterOffset: number } {
  // An apostrophe in a path (`?name=O'Neil`) opens no quote that closes: then quotes are ignored.
  for (const quotes of [true, false]) {
    let depth = 0;
    let quote: "'" | '"' | null = null;
    for (let i = 0; i < line.length; i += 1) {
      const ch = line[i]!;
      if (quote !== null) {
        if (ch === '\\' && quote === '"') i += 1;
        else if (ch === quote) quote = null;
      } else if (ch === '"' && (quotes || depth > 0)) {
        quote = ch;
      } else if (ch === "'" && quotes && depth === 0) {
        quote = ch;
      } else if (ch === '{' || ch === '[') {
        depth += 1;
      } else if ((ch === '}' || ch === ']') && depth > 0) {
        depth -= 1;
      } else if (ch === '|' && depth === 0 && (isSpace(line[i - 1]) || isSpace(line[i + 1]) || i === line.length - 1)) {
        return { command: line.slice(0, i).trimEnd(), filter: line.slice(i + 1), filterOffset: i + 1 };
      }
    }
    if (quote === null) break;
  }
  return { command: line, filter: null, filterOffset: line.length };
}
