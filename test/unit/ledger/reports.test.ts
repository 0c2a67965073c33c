import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { balanceSheet, naturalBalance, profitAndLoss, trialBalance, type AccountTotals } from '../../../server/ledger/reports.js';
import type { AccountType } from '../../../server/db/schema.js';

const row = (code: string, type: AccountType, debit: number, credit: number): AccountTotals => ({ accountId: `acc_${code}`, code, name: `Account ${code}`, type, debit, credit });

// A small ledger, summed per account by hand:
//   capital 10 000 in; sales 1 500 + VAT 300 invoiced and paid; rent 1 200 paid; 600 still owed by a customer (500 + 100 VAT).
const LEDGER: AccountTotals[] = [
  row('1200', 'asset', 10_000 + 1_800, 1_200),
  row('1100', 'asset', 1_800 + 600, 1_800),
  row('2200', 'liability', 0, 300 + 100),
  row('3000', 'equity', 0, 10_000),
  row('4000', 'income', 0, 1_500 + 500),
  row('7100', 'expense', 1_200, 0),
];

describe('report arithmetic', () => {
  it('natural balances: assets and expenses on the debit side, the rest on the credit side', () => {
    expect(naturalBalance({ type: 'asset', debit: 10, credit: 3 })).toBe(7);
    expect(naturalBalance({ type: 'expense', debit: 10, credit: 3 })).toBe(7);
    expect(naturalBalance({ type: 'income', debit: 3, credit: 10 })).toBe(7);
    expect(naturalBalance({ type: 'liability', debit: 3, credit: 10 })).toBe(7);
    expect(naturalBalance({ type: 'equity', debit: 3, credit: 10 })).toBe(7);
  });

  it('trial balance: each account net on one side, in code order, debits equal credits', () => {
    const tb = trialBalance([...LEDGER].reverse());
    expect(tb.accounts.map((a) => [a.code, a.debit, a.credit])).toEqual([
      ['1100', 600, 0],
      ['1200', 10_600, 0],
      ['2200', 0, 400],
      ['3000', 0, 10_000],
      ['4000', 0, 2_000],
      ['7100', 1_200, 0],
    ]);
    expect(tb.totals).toEqual({ debit: 12_400, credit: 12_400 });
    expect(tb.balanced).toBe(true);
  });

  it('leaves out accounts that net to zero', () => {
    expect(trialBalance([row('1100', 'asset', 500, 500)]).accounts).toEqual([]);
    expect(profitAndLoss([row('4000', 'income', 500, 500)]).income).toEqual({ accounts: [], total: 0 });
  });

  it('profit and loss: income less expenses', () => {
    const pl = profitAndLoss(LEDGER);
    expect(pl.income).toEqual({ accounts: [{ accountId: 'acc_4000', code: '4000', name: 'Account 4000', amount: 2_000 }], total: 2_000 });
    expect(pl.expenses.total).toBe(1_200);
    expect(pl.netProfit).toBe(800);
    expect(profitAndLoss([row('7100', 'expense', 300, 0)]).netProfit).toBe(-300);
  });

  it('balance sheet: assets = liabilities + equity + retained profit', () => {
    const bs = balanceSheet(LEDGER);
    expect(bs.assets.total).toBe(11_200);
    expect(bs.liabilities.total).toBe(400);
    expect(bs.equity.total).toBe(10_000);
    expect(bs.retainedProfit).toBe(800);
    expect(bs.totalEquity).toBe(10_800);
    expect(bs.liabilitiesAndEquity).toBe(11_200);
    expect(bs.balanced).toBe(true);
  });

  it('sorts codes numerically where they are numbers', () => {
    expect(trialBalance([row('900', 'asset', 1, 0), row('1000', 'asset', 1, 0)]).accounts.map((a) => a.code)).toEqual(['900', '1000']);
  });

  it('for any balanced set of postings, the trial balance and balance sheet balance', () => {
    const types: AccountType[] = ['asset', 'liability', 'equity', 'income', 'expense'];
    const posting = fc.record({ dr: fc.integer({ min: 0, max: 9 }), cr: fc.integer({ min: 0, max: 9 }), amount: fc.integer({ min: 1, max: 1e9 }) });
    fc.assert(
      fc.property(fc.array(posting, { maxLength: 40 }), (postings) => {
        const rows = Array.from({ length: 10 }, (_, i) => row(String(1000 + i), types[i % 5]!, 0, 0));
        for (const p of postings) {
          rows[p.dr]!.debit += p.amount;
          rows[p.cr]!.credit += p.amount;
        }
        const tb = trialBalance(rows);
        expect(tb.totals.debit).toBe(tb.totals.credit);
        expect(balanceSheet(rows).balanced).toBe(true);
      }),
    );
    // And an unbalanced input is reported, not hidden.
    expect(trialBalance([row('1', 'asset', 5, 0)]).balanced).toBe(false);
    expect(balanceSheet([row('1', 'asset', 5, 0)]).balanced).toBe(false);
  });
});
