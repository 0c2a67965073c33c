import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toCurl } from '../../../shell/curl.js';
import { renderBody, renderJson, renderJsonText } from '../../../shell/render/json.js';
import { sanitize, sanitizeLine } from '../../../shell/render/sanitize.js';
import { errorLine, statusLine } from '../../../shell/render/status.js';

/**
 * SPEC §6 "Safety", fuzzed at the boundary: every renderer that turns response data into terminal
 * text (bodies as JSON or text, status lines, error lines, the curl export) is fed random bytes
 * and every escape sequence xterm knows, and what comes out may hold only the renderer's own
 * colour codes (SGR, `ESC [ … m`) — no other ESC, no C0 control but `\n`/`\t` (no `\n` inside a
 * single line), no DEL, no C1. So nothing a server sends can move the cursor, switch
 * modes, set the title, write the clipboard, or make xterm answer a query into the prompt.
 */

/** The renderers' own colours, the only escape sequences allowed out. */
const SGR = /\u001b\[[0-9;]*m/g;
const FORBIDDEN = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
/** Within one line a newline is forbidden too (it would start a row the shell did not lay out). */
const FORBIDDEN_IN_LINE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/;

function assertSafe(output: string, where: string, oneLine = false): void {
  const rest = output.replace(SGR, '');
  const bad = (oneLine ? FORBIDDEN_IN_LINE : FORBIDDEN).exec(rest);
  if (bad) {
    const at = bad.index;
    throw new Error(`${where}: raw U+${bad[0].charCodeAt(0).toString(16).padStart(4, '0')} reached the terminal at ${at}: ${JSON.stringify(rest.slice(Math.max(0, at - 20), at + 20))}`);
  }
}

/** Escape sequences of every family xterm parses, in 7-bit and 8-bit (C1) form. */
const SEQUENCES = [
  '\u001b[6n', // cursor position report: xterm answers through onData
  '\u001b[c', // device attributes: answered
  '\u001b[>c',
  '\u001b[5n',
  '\u001b]10;?\u0007', // colour queries: answered
  '\u001b]11;?\u001b\\',
  '\u001b]52;c;ZXZpbA==\u0007', // clipboard write
  '\u001b]0;pwned\u0007', // title
  '\u001b]8;;https://evil.example\u0007click\u001b]8;;\u0007', // hyperlink
  '\u001bP+q544e\u001b\\', // DCS XTGETTCAP: answered
  '\u001b_apc\u001b\\',
  '\u001b^pm\u001b\\',
  '\u001bXsos\u001b\\',
  '\u001b[?1h', // application cursor keys: arrows would arrive as ESC O A
  '\u001b[?1000h', // mouse tracking
  '\u001b[?2004l', // bracketed paste off
  '\u001b[201~', // a fake end of paste
  '\u001b[2J\u001b[H', // clear and home
  '\u001b[1A\u001b[2K', // up and erase: overwrite earlier output
  '\u001bc', // full reset
  '\u001b7\u001b8',
  '\u001b(0', // line-drawing charset
  '\u009b6n', // 8-bit CSI
  '\u009d0;pwned\u009c', // 8-bit OSC … ST
  '\u0090q\u009c', // 8-bit DCS
  '\u0085', // NEL
  '\u008d', // reverse index
  '\r', // carriage return: overwrite the line
  '\b\b\b',
  '\u0007',
  '\u007f',
  '\u0000',
];

const escapeSequence = fc.constantFrom(...SEQUENCES);
const anyByte = fc.integer({ min: 0, max: 0xff }).map((b) => String.fromCharCode(b));
const anyCodePoint = fc.integer({ min: 0, max: 0x10ffff }).map((c) => (c >= 0xd800 && c <= 0xdfff ? String.fromCharCode(c) : String.fromCodePoint(c)));

/** Hostile text: escape sequences in ordinary text, raw bytes, lone surrogates, astral characters. */
const hostileText = fc
  .array(fc.oneof({ weight: 3, arbitrary: escapeSequence }, { weight: 3, arbitrary: anyByte }, { weight: 2, arbitrary: fc.string({ maxLength: 8 }) }, { weight: 1, arbitrary: anyCodePoint }), {
    maxLength: 40,
  })
  .map((parts) => parts.join(''));

/** Random bytes as a browser would decode a body: UTF-8 (with replacement) or Latin-1 (where C1 survive raw). */
const decodedBytes = fc
  .tuple(fc.uint8Array({ maxLength: 200 }), fc.constantFrom('utf-8', 'latin1'))
  .map(([bytes, encoding]) => new TextDecoder(encoding).decode(bytes));

/** JSON values whose strings and keys are hostile. */
const hostileJson: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostileText,
    fc.double(),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(hostileText, tie('value'), { maxKeys: 4 }),
  ),
})).value;

/** JSON text as a server could send it: JSON.stringify escapes C0 but leaves C1 and DEL raw. */
const jsonText = fc.tuple(hostileJson, fc.boolean()).map(([value, pretty]) => JSON.stringify(value, null, pretty ? 2 : undefined) ?? 'null');

const contentTypes = fc.constantFrom(undefined, null, 'application/json', 'application/json; charset=utf-8', 'application/problem+json', 'text/plain', 'text/html', 'application/octet-stream', 'text/csv', '');

describe('the output path to xterm, fuzzed', () => {
  it('renders any body — random bytes, escape sequences, hostile JSON — with no raw control', () => {
    fc.assert(
      fc.property(fc.oneof(hostileText, decodedBytes, jsonText), contentTypes, (body, type) => {
        const rendered = renderBody(body, type);
        for (const line of rendered.lines) assertSafe(line, `renderBody(${rendered.kind})`, true);
      }),
      { numRuns: 3000 },
    );
  });

  it('renders any JSON value and any JSON text with no raw control', () => {
    fc.assert(
      fc.property(hostileJson, (value) => {
        for (const line of renderJson(value)) assertSafe(line, 'renderJson', true);
        for (const line of renderJsonText(JSON.stringify(value) ?? 'null') ?? []) assertSafe(line, 'renderJsonText', true);
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps a status text or error message on one line with no raw control', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999 }), hostileText, fc.double(), fc.integer({ min: -1, max: 1e9 }), (status, text, durationMs, bytes) => {
        assertSafe(statusLine({ status, statusText: text, durationMs, bytes }), 'statusLine', true);
        assertSafe(errorLine(text), 'errorLine', true);
      }),
      { numRuns: 2000 },
    );
  });

  it('shows any request as curl with no raw control once sanitised, as the curl command prints it', () => {
    const header = fc.tuple(fc.string({ minLength: 1, maxLength: 12 }), hostileText);
    fc.assert(
      fc.property(fc.constantFrom('GET', 'POST', 'PATCH'), hostileText, fc.array(header, { maxLength: 3 }), fc.option(hostileText), (method, path, headers, body) => {
        const command = toCurl({ method, url: `https://api.example.com/${path}`, headers, body, credentialHeaders: ['X-API-Key'] });
        assertSafe(sanitize(command), 'curl');
      }),
      { numRuns: 1000 },
    );
  });

  it('the check itself catches what it must: each sequence written raw would fail it', () => {
    for (const sequence of SEQUENCES) {
      expect(() => assertSafe(`ok ${sequence} ok`, 'probe', true), JSON.stringify(sequence)).toThrow(/reached the terminal/);
      expect(() => assertSafe(sanitizeLine(`ok ${sequence} ok`), 'probe', true)).not.toThrow();
    }
  });
});
