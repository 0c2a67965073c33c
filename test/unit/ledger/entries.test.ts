import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bankTransaction, invoiceFinalisation, invoicePayment, isBalanced, reversal, signedLine } from '../../../server/ledger/entries.js';

const DEBTORS = 1;
const VAT = 2;
const SALES = 3;
const BANK = 4;
const OTHER_INCOME = 5;

describe('journal entries', () => {
  it('finalising posts debtors Dr total, income Cr net per account, VAT Cr tax', () => {
    const lines = invoiceFinalisation({
      debtorsAccountId: DEBTORS,
      vatAccountId: VAT,
      lines: [
        { accountId: SALES, netAmount: 1000, taxAmount: 200 },
        { accountId: SALES, netAmount: 500, taxAmount: 100 },
        { accountId: OTHER_INCOME, netAmount: 250, taxAmount: 0 },
      ],
    });
    expect(lines).toEqual([
      { accountId: DEBTORS, debit: 2050, credit: 0 },
      { accountId: SALES, debit: 0, credit: 1500 },
      { accountId: OTHER_INCOME, debit: 0, credit: 250 },
      { accountId: VAT, debit: 0, credit: 300 },
    ]);
    expect(isBalanced(lines)).toBe(true);
  });

  it('leaves out zero lines (no VAT line without tax)', () => {
    expect(invoiceFinalisation({ debtorsAccountId: DEBTORS, vatAccountId: VAT, lines: [{ accountId: SALES, netAmount: 100, taxAmount: 0 }] })).toEqual([
      { accountId: DEBTORS, debit: 100, credit: 0 },
      { accountId: SALES, debit: 0, credit: 100 },
    ]);
    expect(signedLine(SALES, 0)).toEqual([]);
  });

  it('a discount line on its own account becomes a debit', () => {
    const lines = invoiceFinalisation({
      debtorsAccountId: DEBTORS,
      vatAccountId: VAT,
      lines: [
        { accountId: SALES, netAmount: 1000, taxAmount: 200 },
        { accountId: OTHER_INCOME, netAmount: -100, taxAmount: -20 },
      ],
    });
    expect(lines).toContainEqual({ accountId: OTHER_INCOME, debit: 100, credit: 0 });
    expect(isBalanced(lines)).toBe(true);
  });

  it('payment posts bank Dr, debtors Cr', () => {
    expect(invoicePayment({ bankAccountId: BANK, debtorsAccountId: DEBTORS, amount: 1200 })).toEqual([
      { accountId: BANK, debit: 1200, credit: 0 },
      { accountId: DEBTORS, debit: 0, credit: 1200 },
    ]);
  });

  it('money in debits the bank; money out credits it', () => {
    expect(bankTransaction({ bankAccountId: BANK, categoryAccountId: SALES, amount: 500 })).toEqual([
      { accountId: BANK, debit: 500, credit: 0 },
      { accountId: SALES, debit: 0, credit: 500 },
    ]);
    expect(bankTransaction({ bankAccountId: BANK, categoryAccountId: 9, amount: -120 })).toEqual([
      { accountId: BANK, debit: 0, credit: 120 },
      { accountId: 9, debit: 120, credit: 0 },
    ]);
  });

  it('a reversal swaps every side and balances with the original to zero', () => {
    const original = invoicePayment({ bankAccountId: BANK, debtorsAccountId: DEBTORS, amount: 700 });
    const reversed = reversal(original);
    expect(reversed).toEqual([
      { accountId: BANK, debit: 0, credit: 700 },
      { accountId: DEBTORS, debit: 700, credit: 0 },
    ]);
  });

  it('detects unbalanced, negative and non-integer lines', () => {
    expect(isBalanced([{ accountId: 1, debit: 1, credit: 0 }])).toBe(false);
    expect(isBalanced([{ accountId: 1, debit: -1, credit: -1 }])).toBe(false);
    expect(isBalanced([{ accountId: 1, debit: 0.5, credit: 0.5 }])).toBe(false);
    expect(isBalanced([])).toBe(true);
  });

  it('every builder balances for any amounts', () => {
    const amount = fc.integer({ min: -1e12, max: 1e12 });
    fc.assert(
      fc.property(fc.array(fc.record({ accountId: fc.integer({ min: 10, max: 14 }), netAmount: amount, taxAmount: amount }), { maxLength: 10 }), amount, (lines, paid) => {
        const finalised = invoiceFinalisation({ debtorsAccountId: DEBTORS, vatAccountId: VAT, lines });
        expect(isBalanced(finalised)).toBe(true);
        expect(isBalanced(reversal(finalised))).toBe(true);
        expect(isBalanced(invoicePayment({ bankAccountId: BANK, debtorsAccountId: DEBTORS, amount: paid }))).toBe(true);
        expect(isBalanced(bankTransaction({ bankAccountId: BANK, categoryAccountId: SALES, amount: paid }))).toBe(true);
        for (const line of finalised) expect(line.debit === 0 || line.credit === 0).toBe(true);
      }),
    );
  });
});
