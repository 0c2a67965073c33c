import { describe, expect, it } from 'vitest';
import { CHUNK_SIZE, chunkText } from '../../../shell/terminal/output.js';

describe('chunkText', () => {
  it('cuts big output into chunks of at most the chunk size, losing nothing', () => {
    const text = 'x'.repeat(CHUNK_SIZE * 2 + 5);
    const chunks = chunkText(text);
    expect(chunks.map((c) => c.length)).toEqual([CHUNK_SIZE, CHUNK_SIZE, 5]);
    expect(chunks.join('')).toBe(text);
    expect(CHUNK_SIZE).toBeGreaterThanOrEqual(32 * 1024);
    expect(CHUNK_SIZE).toBeLessThanOrEqual(64 * 1024);
  });

  it('never splits a surrogate pair', () => {
    const text = 'ab🚀cd';
    const chunks = chunkText(text, 3);
    expect(chunks).toEqual(['ab', '🚀c', 'd']);
    expect(chunkText('', 3)).toEqual([]);
  });
});
