import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ApiError } from '../../server/http/errors.js';
import { canonicalJson, idempotencyScope, parseIdempotencyKey, requestFingerprint } from '../../server/http/idempotency-key.js';

describe('Idempotency-Key header', () => {
  it('accepts 1–255 printable ASCII characters as they are', () => {
    expect(parseIdempotencyKey('abc')).toBe('abc');
    expect(parseIdempotencyKey('a b~!')).toBe('a b~!');
    expect(parseIdempotencyKey('x'.repeat(255))).toBe('x'.repeat(255));
  });

  it('reads the structured-field form "abc" as the key abc', () => {
    expect(parseIdempotencyKey('"abc"')).toBe('abc');
    expect(parseIdempotencyKey('"a\\"b\\\\c"')).toBe('a"b\\c');
  });

  it('rejects empty, overlong and non-printable keys with validation_error', () => {
    for (const bad of ['', '""', 'x'.repeat(256), `"${'x'.repeat(256)}"`, 'caf\u00e9', 'tab\there', 'nul\u0000']) {
      let error: unknown;
      try {
        parseIdempotencyKey(bad);
      } catch (err) {
        error = err;
      }
      expect(error, JSON.stringify(bad)).toBeInstanceOf(ApiError);
      expect((error as ApiError).code).toBe('validation_error');
      expect((error as ApiError).status).toBe(400);
    }
  });

  it('scopes keys to the principal', () => {
    expect(idempotencyScope({ kind: 'apiKey', keyId: 3, userId: 1, organisationId: 1, mode: 'test', scopes: ['*'] })).toBe('key:3');
    expect(idempotencyScope({ kind: 'user', userId: 3, organisationId: 1, role: 'owner', mode: 'live' })).toBe('user:3');
  });
});

describe('request fingerprint', () => {
  const base = { method: 'POST', url: '/api/v1/contacts', mode: 'live', body: { name: 'Acme', metadata: { a: '1', b: '2' } } };

  it('ignores key order at every level', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"y":2,"z":1}]},"b":1}');
    expect(requestFingerprint(base)).toBe(requestFingerprint({ ...base, body: { metadata: { b: '2', a: '1' }, name: 'Acme' } }));
  });

  it('is the same for any permutation of an object', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (object) => {
        const reversed = Object.fromEntries(Object.entries(object).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(object));
        expect(JSON.parse(canonicalJson(object))).toEqual(JSON.parse(JSON.stringify(object)));
      }),
    );
  });

  it('differs by method, path, mode and body', () => {
    const print = requestFingerprint(base);
    expect(requestFingerprint({ ...base, method: 'PUT' })).not.toBe(print);
    expect(requestFingerprint({ ...base, url: '/api/v1/invoices' })).not.toBe(print);
    expect(requestFingerprint({ ...base, mode: 'test' })).not.toBe(print);
    expect(requestFingerprint({ ...base, body: { name: 'Acme Ltd', metadata: { a: '1', b: '2' } } })).not.toBe(print);
    expect(requestFingerprint({ ...base, body: [1, 2] })).not.toBe(requestFingerprint({ ...base, body: [2, 1] }));
  });
});
