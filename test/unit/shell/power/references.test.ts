import { describe, expect, it } from 'vitest';
import { ResponseStore, completeReference, parseStoredBody, referenceCompletions, resolveReferences } from '../../../../shell/power/references.js';
import { parseRequestLine } from '../../../../shell/request.js';

const invoices = {
  success: true,
  data: [
    { id: 'inv_29', number: 'INV-0029', total: 1200, paid: false, contactId: 'cont_1', lines: [{ description: 'Design' }, { description: 'Build, "v2"' }] },
    { id: 'inv_28', number: null, total: 99.5, paid: true, contactId: 'cont_2', lines: [] },
  ],
  meta: { page: 1, perPage: 25, total: 2, totalPages: 1, 'due date': '2026-01-31' },
};
const contact = { success: true, data: { id: 'cont_7', name: 'Acme & Co / UK', email: 'a+b@acme.test', tags: ['vip'], notes: 'line1\nline2', quote: "O'Neil" } };

function storeWith(...bodies: unknown[]): ResponseStore {
  const store = new ResponseStore();
  for (const body of bodies) store.record(typeof body === 'string' ? body : JSON.stringify(body), typeof body === 'string' ? 'text/plain' : 'application/json');
  return store;
}

const ok = (line: string, store: ResponseStore) => {
  const result = resolveReferences(line, store);
  if (!result.ok) throw new Error(`expected success, got: ${result.error.message}`);
  return result.line;
};
const err = (line: string, store: ResponseStore) => {
  const result = resolveReferences(line, store);
  if (result.ok) throw new Error(`expected an error, got: ${result.line}`);
  return result.error;
};

describe('ResponseStore', () => {
  it('numbers responses from 1 and parses JSON once', () => {
    const store = new ResponseStore();
    expect(store.lastNumber).toBe(0);
    expect(store.record('{"a":1}', 'application/json; charset=utf-8')).toBe(1);
    expect(store.record('hello', 'text/plain')).toBe(2);
    expect(store.record('', null)).toBe(3);
    expect(store.body(1)).toEqual({ kind: 'json', value: { a: 1 } });
    expect(store.body(2)).toEqual({ kind: 'text', text: 'hello' });
    expect(store.body(3)).toEqual({ kind: 'empty' });
    expect(store.body(4)).toBeUndefined();
  });

  it('sniffs JSON only without a content type, like the renderer', () => {
    expect(parseStoredBody('42', null)).toEqual({ kind: 'json', value: 42 });
    expect(parseStoredBody('42', 'text/plain')).toEqual({ kind: 'text', text: '42' });
    expect(parseStoredBody('{oops', 'application/json')).toEqual({ kind: 'text', text: '{oops' });
    expect(parseStoredBody('{"a":1}', 'application/problem+json')).toEqual({ kind: 'json', value: { a: 1 } });
  });

  it('evicts the oldest beyond the count and size caps, keeps numbering and the newest', () => {
    const store = new ResponseStore({ maxResponses: 2, maxChars: 10 });
    store.record('1', null);
    store.record('2', null);
    store.record('3', null);
    expect(store.oldestNumber).toBe(2);
    expect(store.body(1)).toBeUndefined();
    store.record('"a long body"', null);
    expect(store.lastNumber).toBe(4);
    expect(store.oldestNumber).toBe(4);
    expect(store.body(4)).toEqual({ kind: 'json', value: 'a long body' });
    store.clear();
    expect(store.body(4)).toBeUndefined();
    expect(store.record('5', null)).toBe(5);
  });
});

describe('resolveReferences: paths', () => {
  const store = storeWith(contact, invoices);

  it('leaves a line without references untouched', () => {
    expect(resolveReferences('GET /invoices?page=2', store)).toEqual({ ok: true, line: 'GET /invoices?page=2', count: 0 });
  });

  it('puts values into the path, percent-encoded inside it', () => {
    expect(ok('GET /invoices/$last.data[0].id', store)).toBe('GET /invoices/inv_29');
    expect(ok('GET /invoices/$last.data[-1].id/lines', store)).toBe('GET /invoices/inv_28/lines');
    expect(ok('GET /contacts/$1.data.id', store)).toBe('GET /contacts/cont_7');
    expect(ok('GET /contacts?name=$1.data.name&x=1', store)).toBe('GET /contacts?name=Acme%20%26%20Co%20%2F%20UK&x=1');
    expect(ok('GET /contacts?email=$1.data.email', store)).toBe('GET /contacts?email=a%2Bb%40acme.test');
    expect(ok('get /invoices/$last.data.0.id', store)).toBe('get /invoices/inv_29');
    const result = resolveReferences('GET /invoices/$2.data[0].id?c=$2.data[0].contactId', store);
    expect(result).toEqual({ ok: true, line: 'GET /invoices/inv_29?c=cont_1', count: 2 });
  });

  it('inserts a whole-word path as is (it may be a URL)', () => {
    const links = storeWith({ links: { next: 'https://api.example.com/v1/items?cursor=a%2Fb' } });
    expect(ok('GET $last.links.next', links)).toBe('GET https://api.example.com/v1/items?cursor=a%2Fb');
  });

  it('reads keys that need quotes', () => {
    expect(ok("GET /x?d=$last.meta['due date']", store)).toBe('GET /x?d=2026-01-31');
    expect(ok('GET /x?d=$last.meta["due date"]', store)).toBe('GET /x?d=2026-01-31');
    expect(ok('GET /x?d=$last.meta.["due date"]', store)).toBe('GET /x?d=2026-01-31');
  });

  it('ends a reference at a dot that starts no key', () => {
    expect(ok('GET /invoices/$last.data[0].id.', store)).toBe('GET /invoices/inv_29.');
  });

  it('works in built-in lines, where values are inserted as is', () => {
    const keys = storeWith({ data: { id: 'key_2', secret: 'sk_test_abc123' } });
    expect(ok('env set key $last.data.secret', keys)).toBe('env set key sk_test_abc123');
    expect(err('env set base-url $1.data.name', store).message).toBe('$1.data.name — is "Acme & Co / UK", which has a space');
  });

  it('substitutes numbers and booleans as text outside JSON', () => {
    expect(ok('GET /invoices?total=$last.data[0].total&paid=$last.data[1].paid', store)).toBe('GET /invoices?total=1200&paid=true');
  });
});

describe('resolveReferences: JSON bodies', () => {
  const store = storeWith(contact, invoices);

  it('replaces a whole-string reference with the raw JSON value', () => {
    expect(ok('POST /invoices {"contactId": "$1.data.id"}', store)).toBe('POST /invoices {"contactId": "cont_7"}');
    expect(ok('POST /x {"total": "$2.data[0].total", "paid": "$2.data[1].paid", "n": "$2.data[1].number"}', store)).toBe(
      'POST /x {"total": 1200, "paid": true, "n": null}',
    );
    expect(ok('POST /x {"lines": "$2.data[0].lines"}', store)).toBe('POST /x {"lines": [{"description":"Design"},{"description":"Build, \\"v2\\""}]}');
  });

  it('inserts the JSON text of a bare reference', () => {
    expect(ok('POST /x {"tags": $1.data.tags, "t": $2.data[0].total}', store)).toBe('POST /x {"tags": ["vip"], "t": 1200}');
  });

  it('embeds the text form, JSON-escaped, inside a longer string or a key', () => {
    expect(ok('POST /x {"memo": "Re: $2.data[0].number ($2.data[0].total)"}', store)).toBe('POST /x {"memo": "Re: INV-0029 (1200)"}');
    expect(ok('POST /x {"memo": "about $2.data[0].lines[1].description"}', store)).toBe('POST /x {"memo": "about Build, \\"v2\\""}');
    expect(ok('POST /x {"memo": "n: $1.data.notes"}', store)).toBe('POST /x {"memo": "n: line1\\nline2"}');
    expect(ok('POST /x {"$2.data[0].total": 1}', store)).toBe('POST /x {"1200": 1}');
    expect(ok('POST /x {"metadata": {"$1.data.id": "$1.data.tags"}}', store)).toBe('POST /x {"metadata": {"cont_7": ["vip"]}}');
  });

  it('keeps the result valid JSON for the request parser', () => {
    const line = ok('POST /invoices {"contactId": "$1.data.id", "memo": "$1.data.quote said \\"hi\\"", "lines": [{"description": "$2.data[0].lines[1].description"}]}', store);
    const parsed = parseRequestLine(line);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(JSON.parse(parsed.request.body!)).toEqual({ contactId: 'cont_7', memo: 'O\'Neil said "hi"', lines: [{ description: 'Build, "v2"' }] });
  });

  it('uses single-quoted keys inside JSON strings', () => {
    expect(ok(`POST /x {"d": "$2.meta['due date']"}`, store)).toBe('POST /x {"d": "2026-01-31"}');
  });
});

describe('resolveReferences: -H values', () => {
  const store = storeWith(contact);
  it('keeps the quoting of header values valid', () => {
    expect(ok("GET /x -H 'X-Name: $1.data.name'", store)).toBe("GET /x -H 'X-Name: Acme & Co / UK'");
    expect(ok('GET /x -H "X-Q: $1.data.quote"', store)).toBe('GET /x -H "X-Q: O\'Neil"');
    expect(ok('GET /x -H X-Id:$1.data.id', store)).toBe('GET /x -H X-Id:cont_7');
    expect(err("GET /x -H 'X-Q: $1.data.quote'", store).message).toContain(`which has a ' and cannot go inside '…'`);
    const escaped = storeWith({ v: 'a"b\\c' });
    const line = ok('GET /x -H "X-V: $1.v"', escaped);
    expect(line).toBe('GET /x -H "X-V: a\\"b\\\\c"');
    const parsed = parseRequestLine(line);
    expect(parsed.ok && parsed.request.headers).toEqual([['X-V', 'a"b\\c']]);
  });
});

describe('resolveReferences: literal dollars', () => {
  const store = storeWith(contact);
  it('is not a reference after a word character or with a bad head', () => {
    expect(ok('POST /x {"password": "pa$1word", "p": "US$10", "v": "$x", "z": "$0"}', store)).toBe('POST /x {"password": "pa$1word", "p": "US$10", "v": "$x", "z": "$0"}');
    expect(ok('POST /x {"v": "$1abc $lastly"}', store)).toBe('POST /x {"v": "$1abc $lastly"}');
  });
  it('turns $$ before a reference head into a literal $', () => {
    expect(ok('POST /x {"memo": "Costs $$10 per $$last.data"}', store)).toBe('POST /x {"memo": "Costs $10 per $last.data"}');
    expect(ok('POST /x {"memo": "$$1"}', store)).toBe('POST /x {"memo": "$1"}');
    expect(ok('GET /x?a=$$', store)).toBe('GET /x?a=$$');
  });
  it('does not rescan substituted text', () => {
    const tricky = storeWith({ v: '$1.v' });
    expect(ok('POST /x {"a": "$1.v"}', tricky)).toBe('POST /x {"a": "$1.v"}');
  });
});

describe('resolveReferences: errors', () => {
  it('says when there is no response yet', () => {
    const error = err('GET /invoices/$last.data[0].id', new ResponseStore());
    expect(error).toEqual({
      reference: '$last.data[0].id',
      message: '$last.data[0].id — no response yet: send a request first',
      offset: 14,
      length: 16,
    });
  });

  it('names an unknown response number, with the escape hint', () => {
    const store = storeWith(contact, invoices);
    expect(err('POST /x {"memo": "Costs $10"}', store).message).toBe('$10 — there is no response 10 yet (the last is $2; write $$10 for a literal $10)');
  });

  it('says when a response is no longer kept', () => {
    const store = new ResponseStore({ maxResponses: 1 });
    store.record('{}', null);
    store.record('{}', null);
    expect(err('GET /x/$1.id', store).message).toBe('$1.id — response 1 is no longer kept (the oldest kept is $2)');
  });

  it('names a missing key and lists the keys there are', () => {
    const store = storeWith(invoices);
    expect(err('GET /x/$last.data[0].nope', store).message).toBe(
      '$last.data[0].nope — $last.data[0] has no key "nope" (its keys: id, number, total, paid, contactId, lines)',
    );
    expect(err('GET /x/$last.dta', store).message).toBe('$last.dta — $last has no key "dta" (its keys: success, data, meta)');
  });

  it('gives the range for an index out of range', () => {
    const store = storeWith(invoices);
    expect(err('GET /x/$last.data[2].id', store).message).toBe('$last.data[2].id — $last.data has 2 items, so [2] is out of range (0 to 1, or -1 for the last)');
    expect(err('GET /x/$last.data[-3].id', store).message).toContain('[-3] is out of range');
    expect(err('GET /x/$last.data[1].lines[0]', store).message).toBe('$last.data[1].lines[0] — $last.data[1].lines is an empty array');
  });

  it('reports the wrong kind of value', () => {
    const store = storeWith(invoices);
    expect(err('GET /x/$last.data.id', store).message).toBe('$last.data.id — $last.data is an array of 2 items, not an object');
    expect(err('GET /x/$last.meta[0]', store).message).toBe('$last.meta[0] — $last.meta is an object, not an array (use .key)');
    expect(err('GET /x/$last.data[0].id.x', store).message).toBe('$last.data[0].id.x — $last.data[0].id is a string, not an object');
    expect(err('GET /x/$last.data', store).message).toBe('$last.data — is an array of 2 items, which cannot stand here: pick one value inside it, or use it in a JSON body');
    expect(err('GET /x/$last.data[1].number', store).message).toBe('$last.data[1].number — is null, which cannot stand here');
  });

  it('refuses control characters outside JSON', () => {
    const store = storeWith(contact);
    expect(err('GET /x/$1.data.notes', store).message).toContain('has a control character');
  });

  it('refuses fields of a non-JSON or empty body, but gives a text body whole', () => {
    const store = storeWith('plain words', contact);
    const empty = new ResponseStore();
    empty.record('', null);
    expect(err('GET /x/$1.data', store).message).toBe('$1.data — response 1 is not JSON, so it has no fields');
    expect(ok('POST /x {"t": "$1"}', store)).toBe('POST /x {"t": "plain words"}');
    expect(err('POST /x {"t": "$1"}', empty).message).toBe('$1 — response 1 had an empty body');
  });

  it('reports a malformed bracket and the leftmost failing reference', () => {
    const store = storeWith(invoices);
    expect(err('GET /x/$last.data[x]', store)).toMatchObject({ offset: 7, message: expect.stringContaining('expected an index like [0]') });
    expect(err("GET /x/$last.meta['due", store).message).toContain('no closing');
    const two = err('GET /x/$last.nope/$9', store);
    expect(two.reference).toBe('$last.nope');
  });
});

describe('referenceCompletions', () => {
  const store = storeWith(contact, invoices);

  it('offers the heads that exist, newest first', () => {
    expect(referenceCompletions('$', store)).toEqual(['$last', '$2', '$1']);
    expect(referenceCompletions('$l', store)).toEqual(['$last']);
    expect(referenceCompletions('$', new ResponseStore())).toEqual([]);
  });

  it('completes real keys of the referenced body', () => {
    expect(referenceCompletions('$last.da', store)).toEqual(['$last.data']);
    expect(referenceCompletions('$last.', store)).toEqual(['$last.success', '$last.data', '$last.meta']);
    expect(referenceCompletions('$last.data[0].', store)).toEqual([
      '$last.data[0].id',
      '$last.data[0].number',
      '$last.data[0].total',
      '$last.data[0].paid',
      '$last.data[0].contactId',
      '$last.data[0].lines',
    ]);
    expect(referenceCompletions('$1.data.', store)).toContain('$1.data.email');
    expect(referenceCompletions('$last.meta.', store)).toContain("$last.meta['due date']");
  });

  it('goes one level deeper on an exact container, lists items of an array', () => {
    expect(referenceCompletions('$last.data', store)).toEqual(['$last.data[0]', '$last.data[1]']);
    expect(referenceCompletions('$1', store)).toEqual(['$1.success', '$1.data']);
    expect(referenceCompletions('$last.data[0].id', store)).toEqual(['$last.data[0].id']);
  });

  it('completes inside brackets', () => {
    expect(referenceCompletions('$last.data[', store)).toEqual(['$last.data[0]', '$last.data[1]']);
    expect(referenceCompletions('$last.data[1', store)).toEqual(['$last.data[1]']);
    expect(referenceCompletions("$last.meta['du", store)).toEqual(["$last.meta['due date']"]);
  });

  it('is empty when the path does not resolve', () => {
    expect(referenceCompletions('$last.nope.', store)).toEqual([]);
    expect(referenceCompletions('$9.', store)).toEqual([]);
    expect(referenceCompletions('$last.zz', store)).toEqual([]);
  });
});

describe('completeReference', () => {
  const store = storeWith(invoices);

  it('completes the reference before the cursor in a path or a JSON string', () => {
    expect(completeReference('GET /invoices/$last.da', 22, store)).toEqual({ replaceFrom: 14, replaceTo: 22, insert: '$last.data', candidates: [] });
    const line = 'POST /x {"id": "$last.data[0].con"}';
    const cursor = line.indexOf('"}');
    expect(completeReference(line, cursor, store)).toEqual({ replaceFrom: 16, replaceTo: cursor, insert: '$last.data[0].contactId', candidates: [] });
  });

  it('inserts the common prefix and lists several candidates', () => {
    const result = completeReference('GET /x/$last.data[0].', 21, store);
    expect(result?.insert).toBe('$last.data[0].');
    expect(result?.candidates).toHaveLength(6);
    const pair = completeReference('GET /x/$last.data[0].p', 22, new ResponseStore());
    expect(pair).toBeNull();
  });

  it('is null away from a reference', () => {
    expect(completeReference('GET /invoices', 13, store)).toBeNull();
    expect(completeReference('POST /x {"p": "pa$1', 19, store)).toBeNull();
    expect(completeReference('$$la', 4, store)).toBeNull();
  });
});
