import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isRequestLine, isSameOrigin, parseRequestLine, resolveUrl, type ParseResult } from '../../../shell/request.js';
import { scanJson } from '../../../shell/json-syntax.js';

function ok(result: ParseResult) {
  if (!result.ok) throw new Error(`expected a request, got ${result.error.code}: ${result.error.message}`);
  return result.request;
}
function err(result: ParseResult) {
  if (result.ok) throw new Error('expected an error');
  return result.error;
}

describe('parseRequestLine', () => {
  it('parses METHOD PATH', () => {
    expect(ok(parseRequestLine('GET /invoices'))).toEqual({ method: 'GET', path: '/invoices', headers: [], body: null });
  });

  it('takes the method in any case and keeps query strings', () => {
    expect(ok(parseRequestLine('  get /invoices?status=draft&page=2  '))).toMatchObject({ method: 'GET', path: '/invoices?status=draft&page=2' });
    expect(ok(parseRequestLine('Delete /contacts/cont_1')).method).toBe('DELETE');
  });

  it('adds a missing leading slash and accepts absolute URLs', () => {
    expect(ok(parseRequestLine('GET invoices')).path).toBe('/invoices');
    expect(ok(parseRequestLine('GET https://api.example.com/v2/x')).path).toBe('https://api.example.com/v2/x');
  });

  it('keeps the JSON body exactly as typed', () => {
    const line = 'POST /contacts {"name": "Acme \\"Ltd\\"", "tags": ["a", 1, true, null], "n": -1.5e3}';
    expect(ok(parseRequestLine(line))).toEqual({
      method: 'POST',
      path: '/contacts',
      headers: [],
      body: '{"name": "Acme \\"Ltd\\"", "tags": ["a", 1, true, null], "n": -1.5e3}',
    });
  });

  it('reads -H flags before or after the body, in every quoting style', () => {
    const line = `POST /contacts -H 'Idempotency-Key: abc 123' {"name":"A"} --header "X-Note: say \\"hi\\"" -H X-Plain:yes -H'X-Glued: 1'`;
    expect(ok(parseRequestLine(line))).toEqual({
      method: 'POST',
      path: '/contacts',
      headers: [
        ['Idempotency-Key', 'abc 123'],
        ['X-Note', 'say "hi"'],
        ['X-Plain', 'yes'],
        ['X-Glued', '1'],
      ],
      body: '{"name":"A"}',
    });
    expect(ok(parseRequestLine(`GET -H 'Accept: text/csv' /invoices`))).toMatchObject({ path: '/invoices', headers: [['Accept', 'text/csv']] });
  });

  it('reports a JSON syntax error with its column and sends nothing', () => {
    const line = 'POST /contacts {"name": "Acme" "x": 1}';
    const error = err(parseRequestLine(line));
    expect(error.code).toBe('invalid-json');
    expect(error.offset).toBe(line.indexOf('"x"'));
    expect(error.message).toBe(`Invalid JSON body at column ${line.indexOf('"x"') + 1}: expected ',' or '}'`);
  });

  it('explains common JSON mistakes', () => {
    expect(err(parseRequestLine(`POST /c {name: "x"}`)).message).toMatch(/column 10: expected a double-quoted property name/);
    expect(err(parseRequestLine(`POST /c {'name': "x"}`)).message).toMatch(/property names need double quotes/);
    expect(err(parseRequestLine(`POST /c '{"a":1}'`)).message).toMatch(/column 9: no quotes around the body/);
    expect(err(parseRequestLine(`POST /c {"a":1,}`)).message).toMatch(/column 16: expected a double-quoted property name/);
    const unterminated = err(parseRequestLine(`POST /c {"a": "x`));
    expect(unterminated.message).toMatch(/unexpected end of body: unterminated string/);
    expect(unterminated.offset).toBe(16);
    expect(err(parseRequestLine(`POST /c {"a":1}x`)).code).toBe('invalid-json');
    expect(err(parseRequestLine(`POST /c name=Acme`)).message).toMatch(/column 9: expected a JSON value/);
  });

  it('refuses a second body, a body without a path, and a GET body', () => {
    expect(err(parseRequestLine('POST /c {"a":1} {"b":2}')).code).toBe('unexpected-text');
    expect(err(parseRequestLine('POST {"a":1}')).code).toBe('missing-path');
    const get = err(parseRequestLine('GET /invoices {"a":1}'));
    expect(get).toMatchObject({ code: 'body-not-allowed', offset: 14 });
  });

  it('reports a missing path, an unknown method and an empty line', () => {
    expect(err(parseRequestLine('GET'))).toMatchObject({ code: 'missing-path', message: 'GET needs a path, e.g. GET /invoices' });
    expect(err(parseRequestLine('FETCH /x'))).toMatchObject({ code: 'unknown-method', offset: 0 });
    expect(err(parseRequestLine('   '))).toMatchObject({ code: 'empty' });
    expect(err(parseRequestLine('GET javascript:alert(1)')).code).toBe('invalid-path');
  });

  it('refuses options other than -H', () => {
    expect(err(parseRequestLine('GET -v /x'))).toMatchObject({ code: 'unknown-option', offset: 4, message: "Unknown option -v: only -H 'Name: value' is supported" });
    expect(err(parseRequestLine('GET /x --verbose')).code).toBe('unknown-option');
    expect(ok(parseRequestLine('POST /x -1')).body).toBe('-1');
  });

  it('refuses malformed headers', () => {
    expect(err(parseRequestLine(`GET /x -H 'NoColon'`)).code).toBe('invalid-header');
    expect(err(parseRequestLine(`GET /x -H 'Bad Name: v'`)).code).toBe('invalid-header');
    expect(err(parseRequestLine(`GET /x -H`)).code).toBe('invalid-header');
    expect(err(parseRequestLine(`GET /x -H 'A: b`))).toMatchObject({ code: 'unterminated-quote', offset: 10 });
  });

  it('accepts exactly the bodies JSON.parse accepts', () => {
    const candidates = fc.oneof(
      fc.json(),
      fc.string({ unit: fc.constantFrom('{', '}', '[', ']', '"', ':', ',', '1', '-', '.', 'e', 't', 'r', 'u', 'n', 'l', ' ', '\\', 'a') }),
    );
    fc.assert(
      fc.property(candidates, (body) => {
        if (/^\s*$/.test(body) || /^\s*-H/.test(body)) return;
        let valid = true;
        try {
          JSON.parse(body);
        } catch {
          valid = false;
        }
        // Trailing whitespace is allowed; a body that is only whitespace is "no body".
        const result = parseRequestLine(`POST /x ${body}`);
        expect(result.ok, body).toBe(valid);
        if (result.ok) expect(JSON.parse(result.request.body!)).toEqual(JSON.parse(body));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('scanJson', () => {
  it('finds the end of one value and points at errors', () => {
    expect(scanJson('  {"a":[1,2]} rest')).toEqual({ ok: true, end: 13 });
    expect(scanJson('[1 2]')).toEqual({ ok: false, offset: 3, message: "expected ',' or ']'" });
    expect(scanJson('"\\x"')).toMatchObject({ ok: false, offset: 1, message: 'invalid escape \\x' });
    expect(scanJson('"\\u12G4"')).toMatchObject({ ok: false, offset: 1 });
    expect(scanJson('"a\tb"')).toMatchObject({ ok: false, offset: 2 });
    expect(scanJson('[' .repeat(600) + ']'.repeat(600))).toMatchObject({ ok: false, message: 'nested too deeply' });
  });
});

describe('isRequestLine', () => {
  it('is true for a method first, false for built-ins', () => {
    expect(isRequestLine('get /x')).toBe(true);
    expect(isRequestLine('  PATCH')).toBe(true);
    expect(isRequestLine('routes invoices')).toBe(false);
    expect(isRequestLine('GETS /x')).toBe(false);
    expect(isRequestLine('')).toBe(false);
  });
});

describe('resolveUrl', () => {
  const base = 'https://books.example.com/api/v1';

  it('adds the server prefix when the path omits it, and keeps the query', () => {
    expect(resolveUrl(base, '/invoices?status=draft')).toBe('https://books.example.com/api/v1/invoices?status=draft');
    expect(resolveUrl(base, 'invoices')).toBe('https://books.example.com/api/v1/invoices');
  });

  it('does not double a prefix the path already carries', () => {
    expect(resolveUrl(base, '/api/v1/invoices')).toBe('https://books.example.com/api/v1/invoices');
    expect(resolveUrl(base, '/api/v1?x=1')).toBe('https://books.example.com/api/v1?x=1');
    expect(resolveUrl(`${base}/`, '/api/v1/invoices')).toBe('https://books.example.com/api/v1/invoices');
    // A look-alike prefix is not the prefix.
    expect(resolveUrl(base, '/api/v10/x')).toBe('https://books.example.com/api/v1/api/v10/x');
  });

  it('works at the root and with absolute URLs', () => {
    expect(resolveUrl('https://api.example.com', '/customers')).toBe('https://api.example.com/customers');
    expect(resolveUrl(base, 'https://other.example.net/x?y=1')).toBe('https://other.example.net/x?y=1');
  });

  it('tells whether a URL stays on the API origin', () => {
    expect(isSameOrigin('https://books.example.com/api/v1/x', base)).toBe(true);
    expect(isSameOrigin('https://other.example.net/x', base)).toBe(false);
    expect(isSameOrigin('http://books.example.com/api/v1/x', base)).toBe(false);
    expect(isSameOrigin('not a url', base)).toBe(false);
  });
});
