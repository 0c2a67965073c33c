import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRequestLine } from '../../../../shell/request.js';
import { runFilter, splitPipeline } from '../../../../shell/power/filter.js';
import { findSecrets, maskText } from '../../../../shell/power/mask.js';
import { ResponseStore, completeReference, resolveReferences } from '../../../../shell/power/references.js';

// Pieces that make the interesting cases likely: references, quotes, brackets, secrets.
const piece = fc.constantFrom(
  '$last', '$1', '$2', '$$1', '.data', '[0]', '[-1]', "['a b']", '.id', '"', "'", '{', '}', '[', ']', ':', ',', ' ', '|',
  '-H ', 'GET ', 'POST /x ', '/', '?q=', '\\', 'sk_test_abcdefghijkl1234', 'eyJabcdefghij.eyJabcdefghij.sig', '"token": ', 'Authorization: Bearer ',
  '…', '•', '*', 'x', '9', '\n',
);
const text = fc.array(fc.oneof(piece, fc.string({ maxLength: 3 })), { maxLength: 24 }).map((parts) => parts.join(''));

const store = new ResponseStore();
store.record(JSON.stringify({ data: [{ id: 'inv_1', name: 'A "q" \\ b', n: 3, o: { x: null } }], 'a b': 'sp ace' }), 'application/json');
store.record(JSON.stringify({ data: { id: 'cont_1', tags: ['t'] } }), 'application/json');

describe('power modules on arbitrary input', () => {
  it('resolveReferences never throws, and keeps a line with no $ as it is', () => {
    fc.assert(
      fc.property(text, (line) => {
        const result = resolveReferences(line, store);
        if (!line.includes('$')) expect(result).toEqual({ ok: true, line, count: 0 });
        if (!result.ok) {
          expect(line.slice(result.error.offset, result.error.offset + result.error.length)).toBe(result.error.reference);
          expect(result.error.message.startsWith(result.error.reference)).toBe(true);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('a request line whose JSON body parsed before still parses after whole-string references resolve', () => {
    const values = fc.constantFrom('"$1.data[0].id"', '"$1.data[0].name"', '"$1.data[0].n"', '"$1.data[0].o"', '$2.data.tags', '"x $1.data[0].name y"', '"$2.data"');
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('a', 'b', 'c'), values), { maxLength: 4 }), (pairs) => {
        const body = `{${pairs.map(([k, v], i) => `"${k}${i}": ${v}`).join(', ')}}`;
        const result = resolveReferences(`POST /x ${body}`, store);
        expect(result.ok).toBe(true);
        if (result.ok) expect(parseRequestLine(result.line).ok).toBe(true);
      }),
    );
  });

  it('completeReference never throws', () => {
    fc.assert(fc.property(text, fc.nat(40), (line, cursor) => void completeReference(line, cursor, store)), { numRuns: 2000 });
  });

  it('splitPipeline and runFilter never throw; filter errors point inside the line', () => {
    fc.assert(
      fc.property(text, (line) => {
        const split = splitPipeline(line);
        expect(split.command.length).toBeLessThanOrEqual(line.length);
        if (split.filter === null) return;
        expect(line.slice(split.filterOffset)).toBe(split.filter);
        const result = runFilter(split.filter, { data: [{ id: 1 }] }, split.filterOffset);
        if (!result.ok) expect(result.error.offset).toBeLessThanOrEqual(line.length);
      }),
      { numRuns: 3000 },
    );
  });

  it('masking is idempotent and its spans never overlap', () => {
    fc.assert(
      fc.property(text, (input) => {
        const once = maskText(input);
        expect(maskText(once)).toBe(once);
        const spans = findSecrets(input);
        for (let i = 1; i < spans.length; i += 1) expect(spans[i]!.start).toBeGreaterThanOrEqual(spans[i - 1]!.end);
      }),
      { numRuns: 3000 },
    );
  });

  it('masking JSON text keeps it valid JSON', () => {
    const json = fc.jsonValue().map((v) => ({ token: 'abcdefghijklmnop"\\q', nested: v, password: JSON.stringify(v) ?? 'null', apiKey: 'sk_test_abcdefghijklmnopq' }));
    fc.assert(
      fc.property(json, (value) => {
        const masked = maskText(JSON.stringify(value));
        expect(() => JSON.parse(masked)).not.toThrow();
        expect(masked).not.toContain('abcdefghijklmnop');
      }),
      { numRuns: 1000 },
    );
  });
});
