import { describe, expect, it } from 'vitest';
import { compareJson, compileFilter, runFilter, splitPipeline } from '../../../../shell/power/filter.js';

const body = {
  success: true,
  data: [
    { id: 'inv_3', status: 'paid', total: 1200, contact: { name: 'Acme' }, tags: ['a', 'b'], 'due date': '2026-01-31', paidAt: '2026-01-02' },
    { id: 'inv_2', status: 'draft', total: 99.5, contact: null, tags: [], 'due date': null, paidAt: null },
    { id: 'inv_1', status: 'paid', total: 40, contact: { name: 'Bolt' }, tags: ['c'], 'due date': '2025-12-01', paidAt: '2025-12-03' },
  ],
  meta: { page: 1, perPage: 25, total: 3, totalPages: 1 },
};

function values(filter: string, input: unknown = body): unknown[] {
  const result = runFilter(filter, input);
  if (!result.ok) throw new Error(result.error.message);
  return result.values;
}
function error(filter: string, input: unknown = body, base = 0) {
  const result = runFilter(filter, input, base);
  if (result.ok) throw new Error(`expected an error, got ${JSON.stringify(result.values)}`);
  return result.error;
}

describe('runFilter: paths', () => {
  it('selects with ., .key, .[n], .[] and chains', () => {
    expect(values('.')).toEqual([body]);
    expect(values('.meta.total')).toEqual([3]);
    expect(values('.data[].id')).toEqual(['inv_3', 'inv_2', 'inv_1']);
    expect(values('.data[0].contact.name')).toEqual(['Acme']);
    expect(values('.data[-1].id')).toEqual(['inv_1']);
    expect(values('.data.[1].id')).toEqual(['inv_2']);
    expect(values('.data[].tags[]')).toEqual(['a', 'b', 'c']);
    expect(values('.meta[]')).toEqual([1, 25, 3, 1]);
    expect(values('.[0]', [10, 20])).toEqual([10]);
  });

  it('reads quoted keys', () => {
    expect(values('.data[0]."due date"')).toEqual(['2026-01-31']);
    expect(values('.data[0]["due date"]')).toEqual(['2026-01-31']);
    expect(values('."success"')).toEqual([true]);
  });

  it('gives null for missing keys, items out of range and anything on null, as jq', () => {
    expect(values('.nope')).toEqual([null]);
    expect(values('.data[9]')).toEqual([null]);
    expect(values('.data[1].contact.name')).toEqual([null]);
    expect(values('.data[1].contact[0]')).toEqual([null]);
  });

  it('gives several outputs with , and pipes with |', () => {
    expect(values('.meta.page, .meta.totalPages')).toEqual([1, 1]);
    expect(values('.data[] | .id, .total')).toEqual(['inv_3', 1200, 'inv_2', 99.5, 'inv_1', 40]);
    expect(values('.data[0] | (.id, .status)')).toEqual(['inv_3', 'paid']);
    expect(values('.data | length')).toEqual([3]);
  });
});

describe('runFilter: functions', () => {
  it('keys: sorted object keys, array indexes', () => {
    expect(values('.meta | keys')).toEqual([['page', 'perPage', 'total', 'totalPages']]);
    expect(values('.data[0].tags | keys')).toEqual([[0, 1]]);
    expect(values('keys', { b: 1, a: 2, B: 3 })).toEqual([['B', 'a', 'b']]);
  });

  it('length of arrays, objects, strings, numbers and null', () => {
    expect(values('.data[].tags | length')).toEqual([2, 0, 1]);
    expect(values('.meta | length')).toEqual([4]);
    expect(values('.data[0].id | length')).toEqual([5]);
    expect(values('length', 'héllo😀')).toEqual([6]);
    expect(values('length', -4.5)).toEqual([4.5]);
    expect(values('.data[1].contact | length')).toEqual([0]);
  });

  it('select with every comparison on strings, numbers, booleans and null', () => {
    expect(values('.data[] | select(.status == "paid") | .id')).toEqual(['inv_3', 'inv_1']);
    expect(values('.data[] | select(.status != "paid") | .id')).toEqual(['inv_2']);
    expect(values('.data[] | select(.total > 99.5) | .id')).toEqual(['inv_3']);
    expect(values('.data[] | select(.total >= 99.5) | .id')).toEqual(['inv_3', 'inv_2']);
    expect(values('.data[] | select(.total < 99.5) | .id')).toEqual(['inv_1']);
    expect(values('.data[] | select(.total <= 40) | .id')).toEqual(['inv_1']);
    expect(values('.data[] | select(.contact == null) | .id')).toEqual(['inv_2']);
    expect(values('.data[] | select(.paidAt != null) | .id')).toEqual(['inv_3', 'inv_1']);
    expect(values('select(.success == true) | .meta.page')).toEqual([1]);
    expect(values('.data[] | select(-1 < .total) | .id')).toHaveLength(3);
    expect(values('.data[] | select(.paidAt > "2026") | .id')).toEqual(['inv_3']);
  });

  it('select on truthiness, and, or, not', () => {
    expect(values('.data[] | select(.contact) | .id')).toEqual(['inv_3', 'inv_1']);
    expect(values('.data[] | select(.status == "paid" and .total > 100) | .id')).toEqual(['inv_3']);
    expect(values('.data[] | select(.status == "draft" or .total < 50) | .id')).toEqual(['inv_2', 'inv_1']);
    expect(values('.data[] | select(.contact | not) | .id')).toEqual(['inv_2']);
    expect(values('.data[].tags | select(length > 0)')).toEqual([['a', 'b'], ['c']]);
  });

  it('compares as jq orders values across types', () => {
    const ordered = [null, false, true, -1, 2, 'A', 'a', [], [1], {}, { a: 1 }];
    for (let i = 0; i < ordered.length - 1; i += 1) expect(compareJson(ordered[i], ordered[i + 1])).toBe(-1);
    expect(compareJson({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toBe(0);
    expect(values('.[0] == .[1]', [{ a: [1, { b: 2 }], c: null }, { c: null, a: [1, { b: 2 }] }])).toEqual([true]);
    expect(values('.[0] == .[1]', [{ a: 1 }, { a: 1, b: 2 }])).toEqual([false]);
    expect(values('.[0] < .[1]', [{ a: 1 }, { b: 0 }])).toEqual([true]);
  });

  it('literals are filters too', () => {
    expect(values('"x", 1.5e2, true, false, null')).toEqual(['x', 150, true, false, null]);
  });
});

describe('runFilter: errors', () => {
  it('reports parse errors with the position (counted from base)', () => {
    expect(error('.data[', body)).toEqual({ message: 'Filter error at column 7: expected ], a number or a "key" inside [ ]', offset: 6 });
    expect(error('.data.', body, 16)).toEqual({ message: 'Filter error at column 23: expected a key or [ after "."', offset: 22 });
    expect(error('.data[] | select(.status = "paid")').message).toBe('Filter error at column 26: use == to compare');
    expect(error(".data['x']").message).toBe('Filter error at column 7: strings need double quotes');
    expect(error('.data | map(.id)').message).toContain('column 9: unknown function map');
    expect(error('select .a').message).toContain('expected select(condition)');
    expect(error('(.a').message).toContain('expected a closing )');
    expect(error('.a)').message).toContain('unmatched )');
    expect(error('.a == 1 == 2').message).toContain('cannot be chained');
    expect(error('.a .b').message).toBe('Filter error at column 4: expected |, , or the end of the filter');
    expect(error('.a b').message).toContain('expected |, , or the end');
    expect(error('.data[1.5]').message).toContain('whole number');
    expect(error('.x | "abc').message).toContain('column 6: unterminated');
    expect(error('').message).toBe('Filter error at column 1: the filter is empty: write one after |, e.g. .data[].id');
    expect(error('   ').message).toContain('the filter is empty');
  });

  it('reports run-time errors with the position of the failing step', () => {
    expect(error('.data.id')).toEqual({ message: 'Filter error at column 6: cannot index an array with "id" (use .[] for its items)', offset: 5 });
    expect(error('.meta[0]').message).toBe('Filter error at column 6: cannot index object ({"page":1,"perPage":2...) with a number (use .key)');
    expect(error('.meta.page[]').message).toBe('Filter error at column 11: cannot iterate over number (1)');
    expect(error('.success | keys').message).toBe('Filter error at column 12: boolean (true) has no keys');
    expect(error('.success | length').message).toBe('Filter error at column 12: boolean (true) has no length');
    expect(error('.data[0].id.x').message).toContain('cannot index a string with "x"');
  });

  it('compiles once and runs on many inputs', () => {
    const compiled = compileFilter('.id');
    expect(compiled.ok).toBe(true);
    if (!compiled.ok) return;
    expect(compiled.filter.run({ id: 1 })).toEqual({ ok: true, values: [1] });
    expect(compiled.filter.run({ id: 2 })).toEqual({ ok: true, values: [2] });
  });
});

describe('splitPipeline', () => {
  it('splits at the first top-level | with whitespace around', () => {
    expect(splitPipeline('GET /invoices | .data[].id')).toEqual({ command: 'GET /invoices', filter: ' .data[].id', filterOffset: 15 });
    expect(splitPipeline('GET /invoices |.data | length')).toEqual({ command: 'GET /invoices', filter: '.data | length', filterOffset: 15 });
    expect(splitPipeline('GET /invoices| .data')).toEqual({ command: 'GET /invoices', filter: ' .data', filterOffset: 14 });
    expect(splitPipeline('GET /invoices |')).toEqual({ command: 'GET /invoices', filter: '', filterOffset: 15 });
  });

  it('gives the filter offset in the line for carets', () => {
    const line = 'GET /invoices | .data.';
    const split = splitPipeline(line);
    const result = runFilter(split.filter!, body, split.filterOffset);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(line[result.error.offset - 1]).toBe('.');
  });

  it('ignores | inside JSON strings and brackets, quotes and URLs', () => {
    const line = 'POST /notes {"text": "a | b", "list": [1, "|", {"x": "y | z"}]} | .data.id';
    const split = splitPipeline(line);
    expect(split.command).toBe('POST /notes {"text": "a | b", "list": [1, "|", {"x": "y | z"}]}');
    expect(split.filter).toBe(' .data.id');
    expect(splitPipeline("GET /x -H 'X-Q: a | b' | .a").command).toBe("GET /x -H 'X-Q: a | b'");
    expect(splitPipeline('GET /x?q=a|b').filter).toBeNull();
    expect(splitPipeline('POST /x {"a": "\\" | "} | .a').command).toBe('POST /x {"a": "\\" | "}');
    expect(splitPipeline('GET /search?q=a|b&metadata[k]=v | .data').command).toBe('GET /search?q=a|b&metadata[k]=v');
  });

  it("treats an unclosed apostrophe in a path as text", () => {
    expect(splitPipeline("GET /contacts?name=O'Neil | .data")).toEqual({ command: "GET /contacts?name=O'Neil", filter: ' .data', filterOffset: 27 });
  });

  it('has no filter without a pipe', () => {
    expect(splitPipeline('GET /invoices')).toEqual({ command: 'GET /invoices', filter: null, filterOffset: 13 });
  });
});
