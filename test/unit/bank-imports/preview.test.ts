import { describe, expect, it } from 'vitest';
import type { StatementRow } from '../../../server/bank-imports/csv.js';
import { dateRange, duplicateKey, previewRows, type RuleLookup } from '../../../server/bank-imports/preview.js';
import { ruleMatcher } from '../../../server/rules/engine.js';

const row = (line: number, date: string, description: string, amount: number, reference: string | null = null): StatementRow => ({
  line,
  date,
  description,
  amount,
  reference,
});

const noRules: RuleLookup = () => null;

describe('import preview', () => {
  it('matches duplicates on date, amount, description and reference, ignoring case and spacing', () => {
    expect(duplicateKey({ date: '2026-01-02', amount: -250, description: 'Coffee  Shop ', reference: null })).toBe(
      duplicateKey({ date: '2026-01-02', amount: -250, description: 'COFFEE SHOP', reference: '' }),
    );
    for (const other of [
      { date: '2026-01-03', amount: -250, description: 'Coffee Shop', reference: null },
      { date: '2026-01-02', amount: 250, description: 'Coffee Shop', reference: null },
      { date: '2026-01-02', amount: -250, description: 'Coffee Shops', reference: null },
      { date: '2026-01-02', amount: -250, description: 'Coffee Shop', reference: 'R1' },
    ]) {
      expect(duplicateKey(other)).not.toBe(duplicateKey({ date: '2026-01-02', amount: -250, description: 'Coffee Shop', reference: null }));
    }
  });

  it('lets each existing transaction account for one row only, oldest first', () => {
    const rows = [row(2, '2026-01-02', 'Coffee', -250), row(3, '2026-01-02', 'Coffee', -250), row(4, '2026-01-02', 'Coffee', -250)];
    const existing = [
      { id: 9, date: '2026-01-02', amount: -250, description: 'coffee', reference: null },
      { id: 4, date: '2026-01-02', amount: -250, description: 'Coffee', reference: null },
    ];
    const preview = previewRows(rows, existing, noRules);
    expect(preview.map((r) => [r.line, r.duplicateOf, r.repeatsLine])).toEqual([
      [2, 4, null],
      [3, 9, 2],
      [4, null, 2],
    ]);
  });

  it('gives new rows the first matching rule and duplicates no category', () => {
    const rules = ruleMatcher([
      { id: 1, name: 'Spend', priority: 2, active: true, match: 'all' as const, conditions: [{ field: 'amount' as const, operator: 'lt' as const, value: 0 }], accountId: 80, contactId: null },
      { id: 2, name: 'Coffee', priority: 1, active: true, match: 'all' as const, conditions: [{ field: 'description' as const, operator: 'contains' as const, value: 'coffee' }], accountId: 75, contactId: 3 },
    ]);
    const rows = [row(2, '2026-01-02', 'Coffee', -250), row(3, '2026-01-03', 'Rent', -90000), row(4, '2026-01-04', 'Old', -1), row(5, '2026-01-05', 'Refund', 100)];
    const preview = previewRows(rows, [{ id: 1, date: '2026-01-04', amount: -1, description: 'Old', reference: null }], rules);
    expect(preview.map((r) => r.category)).toEqual([
      { ruleId: 2, ruleName: 'Coffee', accountId: 75, contactId: 3 },
      { ruleId: 1, ruleName: 'Spend', accountId: 80, contactId: null },
      null,
      null,
    ]);
  });

  it('finds the date range a statement covers', () => {
    expect(dateRange([row(2, '2026-01-05', 'a', 1), row(3, '2025-12-31', 'b', 1), row(4, '2026-01-02', 'c', 1)])).toEqual({ from: '2025-12-31', to: '2026-01-05' });
    expect(dateRange([])).toBeNull();
  });
});
