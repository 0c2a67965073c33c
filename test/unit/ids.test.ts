import { describe, expect, it } from 'vitest';
import { formatId, parseId, tryParseId } from '../../server/http/ids.js';
import { ApiError } from '../../server/http/errors.js';

describe('prefixed IDs', () => {
  it('round-trips a row number through its prefix', () => {
    expect(formatId('inv', 29)).toBe('inv_29');
    expect(tryParseId('inv', 'inv_29')).toBe(29);
  });

  it('refuses other prefixes, zero, leading zeros, signs and non-strings', () => {
    for (const bad of ['cont_29', 'inv_0', 'inv_029', 'inv_-1', 'inv_1.5', 'inv_', 'inv29', ' inv_1', 'inv_1 ', 'inv_99999999999999999', 42, null]) {
      expect(tryParseId('inv', bad), String(bad)).toBeNull();
    }
  });

  it('turns a bad ID into the resource 404', () => {
    expect(() => parseId('inv', 'cont_1', 'Invoice')).toThrowError(ApiError);
    try {
      parseId('inv', 'cont_1', 'Invoice');
    } catch (err) {
      expect((err as ApiError).status).toBe(404);
      expect((err as ApiError).message).toBe('Invoice not found');
    }
  });
});
