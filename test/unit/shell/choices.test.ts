import { describe, expect, it } from 'vitest';
import { choiceRows } from '../../../shell/render/choices.js';

describe('choiceRows', () => {
  it('lays choices out in padded columns that fit the width', () => {
    expect(choiceRows(['/accounts', '/contacts', '/invoices'], 24)).toEqual(['/accounts  /contacts', '/invoices']);
    expect(choiceRows(['a', 'bb'], 80)).toEqual(['a   bb']);
  });

  it('puts one per row when even one does not fit, and sanitises what it lists', () => {
    expect(choiceRows(['x'.repeat(50), 'y'], 10)).toEqual(['x'.repeat(50), 'y']);
    expect(choiceRows(['a\x1b[2Jb'], 80)).toEqual(['a\\u001b[2Jb']);
  });
});
