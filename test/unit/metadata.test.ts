import { describe, expect, it } from 'vitest';
import { mergeMetadata, metadataFilterFromUrl, metadataPatchSchema, parseStoredMetadata, validateMetadataPatch, METADATA_LIMITS } from '../../server/resources/metadata.js';

const keys = (n: number, prefix = 'k') => Object.fromEntries(Array.from({ length: n }, (_, i) => [`${prefix}${i}`, `v${i}`]));

describe('metadata merge (Stripe-style)', () => {
  it('sets given keys, deletes keys given as null and keeps absent keys', () => {
    const result = mergeMetadata({ a: '1', b: '2', c: '3' }, { a: 'one', b: null, d: '4' });
    expect(result).toEqual({ ok: true, metadata: { a: 'one', c: '3', d: '4' } });
  });

  it('leaves metadata untouched when no patch is given, and deleting a missing key is harmless', () => {
    expect(mergeMetadata({ a: '1' }, undefined)).toEqual({ ok: true, metadata: { a: '1' } });
    expect(mergeMetadata({ a: '1' }, { zzz: null })).toEqual({ ok: true, metadata: { a: '1' } });
  });

  it('keeps awkward keys as ordinary keys, and refuses "__proto__", which no query string can filter on', () => {
    const result = mergeMetadata({}, JSON.parse('{"constructor": "c", "toString": "t"}'));
    expect(result.ok && Object.keys(result.metadata).sort()).toEqual(['constructor', 'toString']);
    const proto = validateMetadataPatch(JSON.parse('{"__proto__": "p"}'));
    expect(proto.ok).toBe(false);
    if (!proto.ok) expect(proto.errors[0]!.field).toBe('metadata.__proto__');
  });

  it('does not mutate its input', () => {
    const current = { a: '1' };
    mergeMetadata(current, { a: null, b: '2' });
    expect(current).toEqual({ a: '1' });
  });

  it('allows exactly 50 keys after the merge and refuses 51, naming the first key past the limit', () => {
    expect(mergeMetadata(keys(49), { extra: 'x' }).ok).toBe(true);
    const over = mergeMetadata(keys(50), { extra: 'x' });
    expect(over.ok).toBe(false);
    if (!over.ok) {
      expect(over.errors).toHaveLength(1);
      expect(over.errors[0]!.field).toBe('metadata.extra');
      expect(over.errors[0]!.message).toMatch(/at most 50 keys/);
    }
    // Deleting one while adding one stays within the limit.
    expect(mergeMetadata(keys(50), { k0: null, extra: 'x' }).ok).toBe(true);
    expect(METADATA_LIMITS.maxKeys).toBe(50);
  });

  it('accepts keys of 1 and 40 characters and refuses empty or 41-character keys', () => {
    expect(validateMetadataPatch({ a: 'x', ['k'.repeat(40)]: 'y' }).ok).toBe(true);
    const bad = validateMetadataPatch({ '': 'x', ['k'.repeat(41)]: 'y' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors.map((e) => e.field)).toEqual(['metadata.', `metadata.${'k'.repeat(41)}`]);
  });

  it('accepts 500-character values and refuses 501', () => {
    expect(validateMetadataPatch({ a: 'v'.repeat(500) }).ok).toBe(true);
    const bad = validateMetadataPatch({ a: 'v'.repeat(501) });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors[0]).toEqual({ field: 'metadata.a', message: expect.stringMatching(/at most 500 characters/) });
  });

  it('reserves the _sb_ prefix', () => {
    const bad = validateMetadataPatch({ _sb_internal: 'x', sb_fine: 'y' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors).toEqual([{ field: 'metadata._sb_internal', message: expect.stringMatching(/reserved/) }]);
  });

  it('refuses non-string values, nested objects and brackets in keys', () => {
    const bad = validateMetadataPatch({ n: 5, o: { x: 'y' }, 'a[b]': 'c', t: true });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors.map((e) => e.field).sort()).toEqual(['metadata.a[b]', 'metadata.n', 'metadata.o', 'metadata.t']);
    expect(validateMetadataPatch(['a']).ok).toBe(false);
    expect(validateMetadataPatch(null).ok).toBe(false);
  });

  it('reports every bad key through the body schema at once', () => {
    const result = metadataPatchSchema.safeParse({ good: 'x', _sb_a: 'y', b: 'v'.repeat(501) });
    expect(result.success).toBe(false);
    if (!result.success) expect(result.error.issues.map((i) => i.path.join('.')).sort()).toEqual(['_sb_a', 'b']);
    expect(metadataPatchSchema.parse({ a: 'x', b: null })).toEqual({ a: 'x', b: null });
  });

  it('reads stored JSON defensively', () => {
    expect(parseStoredMetadata('{"a":"1","n":2}')).toEqual({ a: '1' });
    expect(parseStoredMetadata('not json')).toEqual({});
    expect(parseStoredMetadata(null)).toEqual({});
    expect(parseStoredMetadata('[1]')).toEqual({});
  });

  it('reads ?metadata[key]=value filters from the raw URL, keeping every key', () => {
    expect(metadataFilterFromUrl('/contacts')).toBeUndefined();
    expect(metadataFilterFromUrl('/contacts?page=2&type=customer')).toBeUndefined();
    const filter = metadataFilterFromUrl('/contacts?metadata[tier]=gold&metadata%5Bconstructor%5D=a%20b&page=1');
    expect(Object.entries(filter!)).toEqual([
      ['tier', 'gold'],
      ['constructor', 'a b'],
    ]);
    expect(() => metadataFilterFromUrl('/x?metadata[a]=1&metadata[a]=2')).toThrow(/once/);
    expect(() => metadataFilterFromUrl(`/x?metadata[a]=${'v'.repeat(501)}`)).toThrow(/500/);
    expect(() => metadataFilterFromUrl(`/x?${Array.from({ length: 11 }, (_, i) => `metadata[k${i}]=v`).join('&')}`)).toThrow(/at most 10/);
  });
});
