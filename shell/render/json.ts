import { colour, dim, palette } from './ansi.js';
import { sanitize } from './sanitize.js';

/**
 * Response bodies as coloured terminal lines (no newlines inside a line; the element joins them
 * with `\r\n`). Every string, key and plain-text line is sanitised before it is coloured.
 *
 *   MAX_BODY_LINES = 2000
 *   renderJson(value: unknown): string[]
 *     JSON.stringify(value, null, 2)'s layout, keys/strings/numbers/booleans/null coloured.
 *   renderJsonText(text: string): string[] | null
 *     The same for JSON source text, printed from its own tokens — so big integers, number
 *     spelling and key order are shown exactly as sent; null when text is not valid JSON.
 *   renderBody(body: string, contentType?: string | null, maxLines = MAX_BODY_LINES): RenderedBody
 *     JSON (content type `json`/`+json`, or no type and the text parses) → coloured lines;
 *     anything else → sanitised plain text lines; '' → no lines. Capped at maxLines.
 *     → { kind: 'json' | 'text' | 'empty', lines: string[], cut: number }   (cut = lines left out)
 *   capLines(lines: Iterable<string>, max = MAX_BODY_LINES): { lines: string[], cut: number }
 *   truncationNote(cut: number): string
 *     A dim one-liner for under a cut body: "… 1,234 more lines not shown (copy the block for
 *     the whole body)".
 */

export const MAX_BODY_LINES = 2000;

export interface RenderedBody {
  kind: 'json' | 'text' | 'empty';
  lines: string[];
  cut: number;
}

const INDENT = '  ';
// Valid JSON only reaches the tokenizer (JSON.parse checks first), so these six token kinds suffice.
const TOKEN = /\s+|("[^"\\]*(?:\\.[^"\\]*)*")|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|(true|false)|(null)|([{}[\],:])/y;

type Token =
  | { kind: 'string'; text: string }
  | { kind: 'number'; text: string }
  | { kind: 'boolean'; text: string }
  | { kind: 'null'; text: string }
  | { kind: 'punct'; text: string };

function* tokens(source: string): Generator<Token> {
  TOKEN.lastIndex = 0;
  let match: RegExpExecArray | null;
  while (TOKEN.lastIndex < source.length && (match = TOKEN.exec(source))) {
    if (match[1] !== undefined) yield { kind: 'string', text: match[1] };
    else if (match[2] !== undefined) yield { kind: 'number', text: match[2] };
    else if (match[3] !== undefined) yield { kind: 'boolean', text: match[3] };
    else if (match[4] !== undefined) yield { kind: 'null', text: match[4] };
    else if (match[5] !== undefined) yield { kind: 'punct', text: match[5] };
  }
}

function paint(token: Token, isKey: boolean): string {
  switch (token.kind) {
    case 'string':
      return colour(isKey ? palette.json.key : palette.json.string, sanitize(token.text));
    case 'number':
      return colour(palette.json.number, token.text);
    case 'boolean':
      return colour(palette.json.boolean, token.text);
    case 'null':
      return colour(palette.json.null, token.text);
    case 'punct':
      return token.text;
  }
}

/** Pretty-prints well-formed JSON source, one line at a time. */
function* jsonLines(source: string): Generator<string> {
  const stack: Array<'{' | '['> = [];
  let line = '';
  let expectKey = false;
  let pendingOpen: '{' | '[' | null = null;
  const newline = function* (): Generator<string> {
    yield line;
    line = INDENT.repeat(stack.length);
  };
  for (const token of tokens(source)) {
    if (pendingOpen) {
      const close = pendingOpen === '{' ? '}' : ']';
      if (token.kind === 'punct' && token.text === close) {
        line += pendingOpen + close;
        pendingOpen = null;
        continue;
      }
      line += pendingOpen;
      stack.push(pendingOpen);
      expectKey = pendingOpen === '{';
      pendingOpen = null;
      yield* newline();
    }
    if (token.kind !== 'punct') {
      line += paint(token, expectKey);
      continue;
    }
    switch (token.text) {
      case '{':
      case '[':
        pendingOpen = token.text;
        break;
      case '}':
      case ']':
        stack.pop();
        yield* newline();
        line += token.text;
        break;
      case ':':
        line += ': ';
        expectKey = false;
        break;
      case ',':
        line += ',';
        expectKey = stack[stack.length - 1] === '{';
        yield* newline();
        break;
    }
  }
  if (pendingOpen) line += pendingOpen;
  if (line) yield line;
}

const NOT_JSON = Symbol('not JSON');

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return NOT_JSON;
  }
}

function isJson(text: string): boolean {
  return parseJson(text) !== NOT_JSON;
}

/**
 * The first `max` pretty lines of `source` and how many follow. Only the kept lines are tokenised
 * and coloured: the rest are counted from the engine's own pretty-printer, which breaks lines
 * exactly where `jsonLines` does (a 1 MB body: ~10 ms instead of ~95 ms).
 */
function capJsonLines(source: string, parsed: unknown, max: number): { lines: string[]; cut: number } {
  const lines: string[] = [];
  const iterator = jsonLines(source);
  for (let next = iterator.next(); !next.done; next = iterator.next()) {
    if (lines.length === max) {
      iterator.return(undefined);
      const total = (JSON.stringify(parsed, null, 1).match(/\n/g)?.length ?? 0) + 1;
      return { lines, cut: total - max };
    }
    lines.push(next.value);
  }
  return { lines, cut: 0 };
}

export function renderJsonText(text: string): string[] | null {
  return isJson(text) ? [...jsonLines(text)] : null;
}

export function renderJson(value: unknown): string[] {
  const text = JSON.stringify(value);
  // undefined, functions and symbols have no JSON form: show what JSON.stringify would drop.
  return text === undefined ? [colour(palette.json.null, 'undefined')] : [...jsonLines(text)];
}

export function capLines(lines: Iterable<string>, max = MAX_BODY_LINES): { lines: string[]; cut: number } {
  const kept: string[] = [];
  let cut = 0;
  for (const line of lines) {
    if (kept.length < max) kept.push(line);
    else cut += 1;
  }
  return { lines: kept, cut };
}

function looksJsonTyped(contentType: string): boolean {
  const essence = contentType.split(';')[0]!.trim().toLowerCase();
  return essence === 'application/json' || essence.endsWith('+json') || essence === 'text/json';
}

export function renderBody(body: string, contentType?: string | null, maxLines = MAX_BODY_LINES): RenderedBody {
  if (body === '') return { kind: 'empty', lines: [], cut: 0 };
  // No declared type: sniff. A declared non-JSON type is believed (a text/plain "42" stays text).
  const tryJson = contentType ? looksJsonTyped(contentType) : true;
  const parsed = tryJson ? parseJson(body) : NOT_JSON;
  if (parsed !== NOT_JSON) return { kind: 'json', ...capJsonLines(body, parsed, maxLines) };
  const text = sanitize(body);
  const lines = (text.endsWith('\n') ? text.slice(0, -1) : text).split('\n');
  return { kind: 'text', ...capLines(lines, maxLines) };
}

export function truncationNote(cut: number): string {
  const n = cut.toLocaleString('en-GB');
  return dim(`… ${n} more line${cut === 1 ? '' : 's'} not shown (copy the block for the whole body)`);
}
