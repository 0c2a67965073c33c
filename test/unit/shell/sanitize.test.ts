import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { hasControl, sanitize, sanitizeLine, stripControls } from '../../../shell/render/sanitize.js';

/** Any control xterm would act on: C0, DEL, C1. `\n`/`\t` are allowed by sanitize only. */
const RAW_CONTROL_BUT_NL_TAB = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
const RAW_CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** Strings dense in controls, escape introducers and ordinary text, including astral characters. */
const hostile = fc
  .array(
    fc.oneof(
      fc.integer({ min: 0, max: 0x9f }).map((c) => String.fromCharCode(c)),
      fc.constantFrom('\x1b[6n', '\x1b]52;c;aGk=\x07', '\x9b6n', '\x9d0;title\x9c', '\x1bP+q\x1b\\', '\r\n', '\x1b[2J', 'é', '日本', '😀'),
      fc.integer({ min: 0, max: 0x10ffff }).map((c) => (c >= 0xd800 && c <= 0xdfff ? 'x' : String.fromCodePoint(c))),
    ),
    { maxLength: 60 },
  )
  .map((parts) => parts.join(''));

describe('sanitize', () => {
  it('never lets a raw control through, for any input', () => {
    fc.assert(
      fc.property(hostile, (text) => {
        const out = sanitize(text);
        expect(out).not.toMatch(RAW_CONTROL_BUT_NL_TAB);
        expect(hasControl(out)).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it('prints ESC, C1 introducers and DEL as visible escapes', () => {
    expect(sanitize('a\x1b[2Jb')).toBe('a\\u001b[2Jb');
    expect(sanitize('\x9b6n')).toBe('\\u009b6n');
    expect(sanitize('\x9d0;evil\x9c')).toBe('\\u009d0;evil\\u009c');
    expect(sanitize('\x90q\x9c')).toBe('\\u0090q\\u009c');
    expect(sanitize('x\x7fy')).toBe('x\\u007fy');
    expect(sanitize('\x00\x07\x08')).toBe('\\u0000\\u0007\\u0008');
  });

  it('neutralises the terminal queries and OSC 52 clipboard writes', () => {
    const queries = ['\x1b[6n', '\x1b[c', '\x1b]10;?\x07', '\x1b]11;?\x1b\\', '\x1b]52;c;ZXZpbA==\x07', '\x1b]0;pwned\x07'];
    for (const q of queries) {
      const out = sanitize(q);
      expect(out.includes('\x1b')).toBe(false);
      expect(out.includes('\x07')).toBe(false);
      expect(out.startsWith('\\u001b')).toBe(true);
    }
  });

  it('makes a lone carriage return visible so output cannot overwrite a line', () => {
    expect(sanitize('$ fake prompt\rreal')).toBe('$ fake prompt\\rreal');
  });

  it('keeps newlines and tabs, and folds CRLF into a newline', () => {
    expect(sanitize('a\tb\nc\r\nd')).toBe('a\tb\nc\nd');
  });

  it('leaves ordinary text, unicode and astral characters untouched', () => {
    const text = 'Grüße — 日本語 😀 "quoted" \\u001b literal';
    expect(sanitize(text)).toBe(text);
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(hostile, (text) => {
        expect(sanitize(sanitize(text))).toBe(sanitize(text));
      }),
      { numRuns: 500 },
    );
  });
});

describe('sanitizeLine', () => {
  it('also makes newlines and tabs visible', () => {
    expect(sanitizeLine('a\nb\tc\r\n')).toBe('a\\nb\\tc\\r\\n');
    fc.assert(
      fc.property(hostile, (text) => {
        expect(sanitizeLine(text)).not.toMatch(RAW_CONTROL);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('stripControls', () => {
  it('removes every control and keeps the rest', () => {
    expect(stripControls('GET\x1b[31m /x\r\n\t\x9b')).toBe('GET[31m /x');
    fc.assert(
      fc.property(hostile, (text) => {
        expect(stripControls(text)).not.toMatch(RAW_CONTROL);
      }),
      { numRuns: 1000 },
    );
  });
});
