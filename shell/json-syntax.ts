/**
 * A strict JSON scanner that says where a body goes wrong. JSON.parse's messages differ per
 * browser (Safari gives no position at all), and the shell must point at the column itself.
 *
 *   scanJson(text: string, start = 0): JsonScan
 *     Reads exactly one JSON value starting at `start` (leading whitespace allowed).
 *     → { ok: true, end }                 end = offset just after the value
 *     → { ok: false, offset, message }    offset of the offending character (text.length at an
 *                                         unexpected end); message like "expected ',' or '}'"
 */

export type JsonScan = { ok: true; end: number } | { ok: false; offset: number; message: string };

const MAX_DEPTH = 512;
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const HEX4 = /^[0-9a-fA-F]{4}$/;

class Fail {
  constructor(
    readonly offset: number,
    readonly message: string,
  ) {}
}

export function scanJson(text: string, start = 0): JsonScan {
  let pos = start;

  const ws = () => {
    while (pos < text.length && (text[pos] === ' ' || text[pos] === '\t' || text[pos] === '\n' || text[pos] === '\r')) pos += 1;
  };
  const fail = (message: string): never => {
    throw new Fail(pos, pos >= text.length ? `unexpected end of body: ${message}` : message);
  };

  const string = () => {
    pos += 1; // opening quote
    for (;;) {
      if (pos >= text.length) fail('unterminated string');
      const ch = text.charCodeAt(pos);
      if (ch === 0x22) {
        pos += 1;
        return;
      }
      if (ch < 0x20) fail('control character in string (escape it, e.g. \\n)');
      if (ch === 0x5c) {
        const next = text[pos + 1];
        if (next === 'u') {
          if (!HEX4.test(text.slice(pos + 2, pos + 6))) fail('invalid \\u escape: expected four hex digits');
          pos += 6;
        } else if (next !== undefined && '"\\/bfnrt'.includes(next)) {
          pos += 2;
        } else {
          fail(`invalid escape \\${next ?? ''}`);
        }
        continue;
      }
      pos += 1;
    }
  };

  const value = (depth: number): void => {
    ws();
    if (depth > MAX_DEPTH) fail('nested too deeply');
    const ch = text[pos];
    if (ch === '{') {
      pos += 1;
      ws();
      if (text[pos] === '}') {
        pos += 1;
        return;
      }
      for (;;) {
        ws();
        if (text[pos] !== '"') fail(text[pos] === "'" ? 'property names need double quotes' : 'expected a double-quoted property name');
        string();
        ws();
        if (text[pos] !== ':') fail("expected ':' after property name");
        pos += 1;
        value(depth + 1);
        ws();
        if (text[pos] === ',') {
          pos += 1;
          continue;
        }
        if (text[pos] === '}') {
          pos += 1;
          return;
        }
        fail("expected ',' or '}'");
      }
    }
    if (ch === '[') {
      pos += 1;
      ws();
      if (text[pos] === ']') {
        pos += 1;
        return;
      }
      for (;;) {
        value(depth + 1);
        ws();
        if (text[pos] === ',') {
          pos += 1;
          continue;
        }
        if (text[pos] === ']') {
          pos += 1;
          return;
        }
        fail("expected ',' or ']'");
      }
    }
    if (ch === '"') return string();
    if (ch === "'") fail('strings need double quotes');
    for (const literal of ['true', 'false', 'null']) {
      if (text.startsWith(literal, pos)) {
        pos += literal.length;
        return;
      }
    }
    NUMBER.lastIndex = pos;
    const number = NUMBER.exec(text);
    if (number && number[0] !== '-') {
      pos += number[0].length;
      return;
    }
    fail('expected a JSON value');
  };

  try {
    value(0);
    return { ok: true, end: pos };
  } catch (error) {
    if (error instanceof Fail) return { ok: false, offset: error.offset, message: error.message };
    throw error;
  }
}
