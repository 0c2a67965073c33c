import { describe, expect, it } from 'vitest';
import { inspectInput } from '../../server/http/input-guard.js';

describe('inspectInput', () => {
  it('measures nesting without recursion, stopping past the limit', () => {
    expect(inspectInput({ a: [1, { b: 2 }] }, 32).depth).toBe(3);
    let deep: unknown = 1;
    for (let i = 0; i < 200_000; i += 1) deep = [deep];
    expect(inspectInput(deep, 32).depth).toBe(33);
  });

  it('finds a NUL in a nested value or key and names its path', () => {
    expect(inspectInput({ lines: [{ description: 'ok' }, { description: 'x\u0000' }] }, 32).nulAt).toBe('lines.1.description');
    expect(inspectInput({ metadata: { 'k\u0000': 'v' } }, 32).nulAt).toBe('metadata.k\u0000');
    expect(inspectInput('csv,\u0000', 32).nulAt).toBe('');
    expect(inspectInput({ name: 'fine' }, 32).nulAt).toBeNull();
  });
});
