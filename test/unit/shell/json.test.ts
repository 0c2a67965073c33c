import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { capLines, MAX_BODY_LINES, renderBody, renderJson, renderJsonText, truncationNote } from '../../../shell/render/json.js';
import { stripAnsi } from '../../../shell/render/ansi.js';
import { sanitize } from '../../../shell/render/sanitize.js';

const RAW_CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const plain = (lines: string[]) => stripAnsi(lines.join('\n'));

describe('renderJson', () => {
  it('lays out like JSON.stringify with two spaces', () => {
    const value = { id: 'inv_29', total: 1200, paid: false, notes: null, lines: [{ qty: 2 }], tags: [], meta: {} };
    expect(plain(renderJson(value))).toBe(JSON.stringify(value, null, 2));
  });

  it('colours keys, strings, numbers, booleans and null distinctly', () => {
    const lines = renderJson({ k: 's', n: 1, b: true, z: null });
    expect(lines).toEqual([
      '{',
      '  \x1b[36m"k"\x1b[39m: \x1b[32m"s"\x1b[39m,',
      '  \x1b[36m"n"\x1b[39m: \x1b[33m1\x1b[39m,',
      '  \x1b[36m"b"\x1b[39m: \x1b[35mtrue\x1b[39m,',
      '  \x1b[36m"z"\x1b[39m: \x1b[90mnull\x1b[39m',
      '}',
    ]);
  });

  it('renders scalars and empty containers on one line', () => {
    expect(renderJson('x')).toEqual(['\x1b[32m"x"\x1b[39m']);
    expect(renderJson(3)).toEqual(['\x1b[33m3\x1b[39m']);
    expect(renderJson([])).toEqual(['[]']);
    expect(renderJson({})).toEqual(['{}']);
    expect(plain(renderJson([[], {}, [1]]))).toBe(JSON.stringify([[], {}, [1]], null, 2));
  });

  it('matches JSON.stringify for any JSON value and never emits a raw control', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const lines = renderJson(value);
        expect(plain(lines)).toBe(sanitize(JSON.stringify(value, null, 2)));
        for (const line of lines) expect(stripAnsi(line)).not.toMatch(RAW_CONTROL);
      }),
      { numRuns: 300 },
    );
  });

  it('neutralises escape sequences hidden in strings and keys, including C1', () => {
    const lines = renderJson({ 'a\x9b2J': 'x\x1b]0;title\x07\x9d52;c;aGk=\x9c\x7f' });
    for (const line of lines) expect(stripAnsi(line)).not.toMatch(RAW_CONTROL);
    const text = plain(lines);
    expect(text).toContain('\\u009b2J');
    expect(text).toContain('\\u001b]0;title\\u0007\\u009d52;c;aGk=\\u009c\\u007f');
  });
});

describe('renderJsonText', () => {
  it('keeps numbers and key order exactly as sent', () => {
    const text = '{"z":1,"a":12345678901234567890,"f":1.50,"e":1E+3}';
    expect(plain(renderJsonText(text)!)).toBe('{\n  "z": 1,\n  "a": 12345678901234567890,\n  "f": 1.50,\n  "e": 1E+3\n}');
  });

  it('handles escaped quotes and backslashes inside strings', () => {
    const text = JSON.stringify({ q: 'say "hi" \\ {not: json}, [x]' });
    expect(plain(renderJsonText(text)!)).toBe(JSON.stringify(JSON.parse(text), null, 2));
  });

  it('returns null for text that is not JSON', () => {
    expect(renderJsonText('{"a":')).toBeNull();
    expect(renderJsonText('<html>')).toBeNull();
  });
});

describe('renderBody', () => {
  it('renders a JSON body by content type', () => {
    const body = renderBody('{"success":true,"data":{"id":"inv_1"}}', 'application/json; charset=utf-8');
    expect(body.kind).toBe('json');
    expect(plain(body.lines)).toBe('{\n  "success": true,\n  "data": {\n    "id": "inv_1"\n  }\n}');
    expect(renderBody('{"type":"x"}', 'application/problem+json').kind).toBe('json');
  });

  it('sniffs JSON when there is no content type, and believes a non-JSON type', () => {
    expect(renderBody('[1,2]').kind).toBe('json');
    expect(renderBody('42', 'text/plain')).toEqual({ kind: 'text', lines: ['42'], cut: 0 });
  });

  it('shows invalid JSON and other text as sanitised plain lines', () => {
    const body = renderBody('oops {\r\nline2\x1b[2J\r\n', 'application/json');
    expect(body.kind).toBe('text');
    expect(body.lines).toEqual(['oops {', 'line2\\u001b[2J']);
    const html = renderBody('<h1>\x9b6n</h1>', 'text/html');
    expect(html.lines).toEqual(['<h1>\\u009b6n</h1>']);
  });

  it('renders an empty body as no lines', () => {
    expect(renderBody('', 'application/json')).toEqual({ kind: 'empty', lines: [], cut: 0 });
  });

  it('caps a large body and reports how many lines were cut', () => {
    const big = JSON.stringify({ data: Array.from({ length: 3000 }, (_, i) => i) });
    const body = renderBody(big, 'application/json');
    expect(body.lines).toHaveLength(MAX_BODY_LINES);
    expect(body.cut).toBe(3000 + 4 - MAX_BODY_LINES);
    const text = renderBody('a\nb\nc\nd', 'text/plain', 3);
    expect(text).toEqual({ kind: 'text', lines: ['a', 'b', 'c'], cut: 1 });
  });
});

describe('capLines', () => {
  it('keeps the first N and counts the rest', () => {
    expect(capLines(['a', 'b', 'c'], 2)).toEqual({ lines: ['a', 'b'], cut: 1 });
    expect(capLines(['a'], 2)).toEqual({ lines: ['a'], cut: 0 });
  });

  it('explains a cut in a note', () => {
    expect(stripAnsi(truncationNote(1234))).toBe('… 1,234 more lines not shown (copy the block for the whole body)');
    expect(stripAnsi(truncationNote(1))).toContain('1 more line not');
  });
});

describe('renderBody over the line cap', () => {
  it('counts the cut lines exactly without rendering them', () => {
    const body = JSON.stringify({
      data: Array.from({ length: 500 }, (_, i) => ({ id: `inv_${i}`, empty: [], nested: { list: [1, [2, {}]], s: 'a,\n{b}' } })),
      meta: { page: 1 },
    });
    const whole = renderBody(body, 'application/json', 1_000_000);
    expect(whole.cut).toBe(0);
    for (const max of [1, 7, 2000, whole.lines.length - 1, whole.lines.length]) {
      const capped = renderBody(body, 'application/json', max);
      expect(capped.lines).toEqual(whole.lines.slice(0, max));
      expect(capped.cut, `max ${max}`).toBe(whole.lines.length - max);
    }
  });
});
