import { HTTP_METHODS, type HttpMethod } from './render/ansi.js';
import { scanJson } from './json-syntax.js';

/**
 * A typed request line, parsed and checked locally: nothing is sent when it is wrong.
 *
 *   isRequestLine(line: string): boolean
 *     The first word is GET/POST/PUT/PATCH/DELETE in any case (else it is a built-in).
 *   parseRequestLine(line: string): ParseResult
 *     `METHOD PATH [JSON body]`, plus `-H 'Name: value'` / `--header …` flags anywhere after the
 *     method (single quotes, double quotes with \" and \\, or a bare word).
 *     → { ok: true, request: { method, path, headers: [name, value][], body: string | null } }
 *         method upper-cased; path as typed (leading `/` added when missing); body the JSON text
 *         exactly as typed (validated), null when none
 *     → { ok: false, error: { code, message, offset? } }
 *         code: 'empty' | 'unknown-method' | 'missing-path' | 'invalid-path' | 'invalid-json'
 *             | 'body-not-allowed' | 'invalid-header' | 'unterminated-quote' | 'unknown-option'
 *             | 'unexpected-text'
 *         offset: the UTF-16 offset in `line` to point a caret at (for invalid-json: the
 *         offending character); message says what was expected and, for JSON, the column
 *         (offset + 1), e.g. "Invalid JSON body at column 27: expected ',' or '}'"
 *   resolveUrl(serverBase: string, path: string): string
 *     The URL to fetch: an absolute `http(s)://` path as is; a path that already starts with
 *     serverBase's path prefix (`/api/v1/invoices`) on serverBase's origin; otherwise serverBase
 *     + path (`/invoices` → `https://host/api/v1/invoices`). Query strings are kept.
 *   isSameOrigin(url: string, serverBase: string): boolean
 *     Whether a resolved URL stays on the API's origin — attach the key only when it does.
 */

export interface ParsedRequest {
  method: HttpMethod;
  path: string;
  headers: Array<[string, string]>;
  body: string | null;
}

export type ParseErrorCode =
  | 'empty'
  | 'unknown-method'
  | 'missing-path'
  | 'invalid-path'
  | 'invalid-json'
  | 'body-not-allowed'
  | 'invalid-header'
  | 'unterminated-quote'
  | 'unknown-option'
  | 'unexpected-text';

export interface ParseError {
  code: ParseErrorCode;
  message: string;
  offset?: number;
}

export type ParseResult = { ok: true; request: ParsedRequest } | { ok: false; error: ParseError };

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const ABSOLUTE_URL = /^https?:\/\//i;

function isSpace(ch: string | undefined): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r';
}

export function isRequestLine(line: string): boolean {
  const word = /^\s*(\S+)/.exec(line)?.[1] ?? '';
  return (HTTP_METHODS as readonly string[]).includes(word.toUpperCase());
}

const fail = (code: ParseErrorCode, message: string, offset?: number): ParseResult => ({
  ok: false,
  error: offset === undefined ? { code, message } : { code, message, offset },
});

/** A shell-like word from `start`: quotes joined, up to unquoted whitespace. */
function readWord(line: string, start: number): { word: string; end: number } | { error: ParseError } {
  let pos = start;
  let word = '';
  while (pos < line.length && !isSpace(line[pos])) {
    const ch = line[pos]!;
    if (ch === "'" || ch === '"') {
      const close = ch;
      let i = pos + 1;
      for (; i < line.length && line[i] !== close; i += 1) {
        if (close === '"' && line[i] === '\\' && (line[i + 1] === '"' || line[i + 1] === '\\')) i += 1;
        word += line[i];
      }
      if (i >= line.length) return { error: { code: 'unterminated-quote', message: `Missing closing ${close} for the quote opened at column ${pos + 1}`, offset: pos } };
      pos = i + 1;
    } else {
      word += ch;
      pos += 1;
    }
  }
  return { word, end: pos };
}

function parseHeader(raw: string, offset: number): [string, string] | ParseError {
  const colon = raw.indexOf(':');
  const name = colon > 0 ? raw.slice(0, colon).trim() : '';
  if (!name || !HEADER_NAME.test(name)) {
    return { code: 'invalid-header', message: `Header must look like -H 'Name: value' (got "${raw}")`, offset };
  }
  const value = raw.slice(colon + 1).trim();
  if (/[\u0000-\u0008\u000a-\u001f\u007f]/.test(value)) return { code: 'invalid-header', message: `Header ${name} has a control character in its value`, offset };
  return [name, value];
}

// Includes `'` so a curl habit (`'{"a":1}'`) gets a precise message rather than "not JSON".
const startsJson = (ch: string | undefined) => ch !== undefined && /[{["\-0-9tfn']/.test(ch);

export function parseRequestLine(line: string): ParseResult {
  let pos = 0;
  const skip = () => {
    while (isSpace(line[pos])) pos += 1;
  };
  skip();
  if (pos >= line.length) return fail('empty', 'Type a request like GET /invoices');
  const methodWord = /^\S+/.exec(line.slice(pos))![0];
  const method = methodWord.toUpperCase();
  if (!(HTTP_METHODS as readonly string[]).includes(method)) {
    return fail('unknown-method', `${methodWord} is not a method: use ${HTTP_METHODS.join(', ')}`, pos);
  }
  pos += methodWord.length;

  let path: string | null = null;
  let body: string | null = null;
  let bodyAt = 0;
  const headers: Array<[string, string]> = [];
  for (skip(); pos < line.length; skip()) {
    const flag = /^(-H|--header)(?=\s|$|['"])/.exec(line.slice(pos));
    if (flag) {
      const flagAt = pos;
      pos += flag[0].length;
      skip();
      if (pos >= line.length) return fail('invalid-header', `${flag[0]} needs a header: -H 'Name: value'`, flagAt);
      const read = readWord(line, pos);
      if ('error' in read) return { ok: false, error: read.error };
      const header = parseHeader(read.word, pos);
      if (!Array.isArray(header)) return { ok: false, error: header };
      headers.push(header);
      pos = read.end;
      continue;
    }
    if (/^--?[A-Za-z]/.test(line.slice(pos, pos + 3))) {
      const option = /^\S+/.exec(line.slice(pos))![0];
      return fail('unknown-option', `Unknown option ${option}: only -H 'Name: value' is supported`, pos);
    }
    if (path === null) {
      const word = /^\S+/.exec(line.slice(pos))![0];
      if (word.startsWith('{') || word.startsWith('[')) return fail('missing-path', `${method} needs a path before the body, e.g. ${method} /invoices`, pos);
      if (/[\u0000-\u001f\u007f]/.test(word)) return fail('invalid-path', 'The path has a control character in it', pos);
      if (!ABSOLUTE_URL.test(word) && /^[a-z][a-z0-9+.-]*:/i.test(word)) return fail('invalid-path', `Only http and https URLs can be requested`, pos);
      path = ABSOLUTE_URL.test(word) || word.startsWith('/') ? word : `/${word}`;
      pos += word.length;
      continue;
    }
    if (body !== null) return fail('unexpected-text', `Unexpected text after the JSON body at column ${pos + 1}`, pos);
    if (!startsJson(line[pos])) return fail('invalid-json', `Invalid JSON body at column ${pos + 1}: expected a JSON value such as {"name":"Acme"}`, pos);
    if (line[pos] === "'") return fail('invalid-json', `Invalid JSON body at column ${pos + 1}: no quotes around the body here, type the JSON itself`, pos);
    bodyAt = pos;
    const scan = scanJson(line, pos);
    if (!scan.ok) return fail('invalid-json', `Invalid JSON body at column ${scan.offset + 1}: ${scan.message}`, scan.offset);
    body = line.slice(pos, scan.end);
    pos = scan.end;
    // `{"a":1}x` is one word in the user's mind: the body must end at a space or the line's end.
    if (pos < line.length && !isSpace(line[pos])) return fail('invalid-json', `Invalid JSON body at column ${pos + 1}: unexpected text after the body`, pos);
  }
  if (path === null) return fail('missing-path', `${method} needs a path, e.g. ${method} /invoices`, line.length);
  if (body !== null && method === 'GET') return fail('body-not-allowed', 'A GET request cannot have a body (use POST, PUT or PATCH)', bodyAt);
  return { ok: true, request: { method: method as HttpMethod, path, headers, body } };
}

export function resolveUrl(serverBase: string, path: string): string {
  if (ABSOLUTE_URL.test(path)) return new URL(path).href;
  const base = new URL(serverBase);
  const prefix = base.pathname.replace(/\/+$/, '');
  const rooted = path.startsWith('/') ? path : `/${path}`;
  const carriesPrefix = prefix !== '' && (rooted === prefix || rooted.startsWith(`${prefix}/`) || rooted.startsWith(`${prefix}?`));
  return new URL(`${base.origin}${carriesPrefix ? '' : prefix}${rooted}`).href;
}

export function isSameOrigin(url: string, serverBase: string): boolean {
  try {
    return new URL(url).origin === new URL(serverBase).origin;
  } catch {
    return false;
  }
}
