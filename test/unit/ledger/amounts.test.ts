import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { divideRoundHalfUp, documentTotals, lineAmounts, toScaled } from '../../../server/ledger/amounts.js';

describe('line arithmetic and rounding', () => {
  it('rounds half-up on the magnitude', () => {
    expect(divideRoundHalfUp(5n, 2n)).toBe(3n); // 2.5 → 3
    expect(divideRoundHalfUp(-5n, 2n)).toBe(-3n); // −2.5 → −3
    expect(divideRoundHalfUp(7n, 3n)).toBe(2n); // 2.33 → 2
    expect(divideRoundHalfUp(8n, 3n)).toBe(3n); // 2.67 → 3
    expect(divideRoundHalfUp(0n, 7n)).toBe(0n);
    expect(() => divideRoundHalfUp(1n, 0n)).toThrow();
  });

  it('computes net and per-line tax, each rounded to the penny', () => {
    // 3 × £0.99 = £2.97; VAT 20% = 59.4p → 59p.
    expect(lineAmounts({ quantityE4: 30_000, unitPrice: 99, taxRateBp: 2000 })).toEqual({ netAmount: 297, taxAmount: 59 });
    // 1.5 × 33p = 49.5p → 50p; 20% of 50p = 10p.
    expect(lineAmounts({ quantityE4: 15_000, unitPrice: 33, taxRateBp: 2000 })).toEqual({ netAmount: 50, taxAmount: 10 });
    // 12.5% of £1.00 = 12.5p → 13p (the half rounds up).
    expect(lineAmounts({ quantityE4: 10_000, unitPrice: 100, taxRateBp: 1250 })).toEqual({ netAmount: 100, taxAmount: 13 });
    // 0.0001 × 4999p = 0.4999p → 0p.
    expect(lineAmounts({ quantityE4: 1, unitPrice: 4999, taxRateBp: 2000 })).toEqual({ netAmount: 0, taxAmount: 0 });
    // A discount line mirrors its charge: −2.5p → −3p.
    expect(lineAmounts({ quantityE4: 5_000, unitPrice: -5, taxRateBp: 0 })).toEqual({ netAmount: -3, taxAmount: 0 });
    expect(lineAmounts({ quantityE4: 10_000, unitPrice: -1250, taxRateBp: 2000 })).toEqual({ netAmount: -1250, taxAmount: -250 });
  });

  it('stays exact where floating point would not: large quantities and prices', () => {
    // 999,999.9999 × £10,000,000.00 would lose pence in doubles.
    const { netAmount } = lineAmounts({ quantityE4: 9_999_999_999, unitPrice: 1_000_000_00, taxRateBp: 0 });
    expect(netAmount).toBe(99_999_999_990_000);
  });

  it('sums rounded line figures into totals without re-rounding', () => {
    const lines = [
      lineAmounts({ quantityE4: 10_000, unitPrice: 333, taxRateBp: 2000 }), // 333 + 66.6→67
      lineAmounts({ quantityE4: 10_000, unitPrice: 333, taxRateBp: 2000 }),
      lineAmounts({ quantityE4: 10_000, unitPrice: 334, taxRateBp: 2000 }), // 334 + 66.8→67
    ];
    // Per-line rounding gives 201p VAT; rounding 20% of the 1000p subtotal once would give 200p.
    expect(documentTotals(lines)).toEqual({ subtotal: 1000, taxTotal: 201, total: 1201 });
    expect(documentTotals([])).toEqual({ subtotal: 0, taxTotal: 0, total: 0 });
  });

  it('totals always equal subtotal plus tax, and each line matches exact rational rounding', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ quantityE4: fc.integer({ min: 1, max: 10_000_000 }), unitPrice: fc.integer({ min: -1_000_000, max: 1_000_000 }), taxRateBp: fc.integer({ min: 0, max: 10_000 }) }), { maxLength: 20 }),
        (inputs) => {
          const lines = inputs.map(lineAmounts);
          inputs.forEach((input, i) => {
            const exact = (input.quantityE4 * input.unitPrice) / 10_000;
            // Half-up on the magnitude: within half a penny, ties away from zero.
            expect(Math.abs(lines[i]!.netAmount - exact)).toBeLessThanOrEqual(0.5);
            if (Math.abs(exact % 1) === 0.5) expect(Math.abs(lines[i]!.netAmount)).toBe(Math.abs(exact) + 0.5);
          });
          const totals = documentTotals(lines);
          expect(totals.total).toBe(totals.subtotal + totals.taxTotal);
          expect(totals.subtotal).toBe(lines.reduce((s, l) => s + l.netAmount, 0));
        },
      ),
    );
  });

  it('scales decimal inputs exactly or refuses them', () => {
    expect(toScaled(1.5, 10_000)).toBe(15_000);
    expect(toScaled(0.0001, 10_000)).toBe(1);
    expect(toScaled(1.1, 10_000)).toBe(11_000);
    expect(toScaled(12.5, 100)).toBe(1250);
    expect(toScaled(0.00001, 10_000)).toBeNull();
    expect(toScaled(12.345, 100)).toBeNull();
    expect(toScaled(Number.NaN, 100)).toBeNull();
  });
});
