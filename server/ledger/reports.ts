import type { AccountType } from '../db/schema.js';

/**
 * Report arithmetic over per-account journal totals. Pure: the data layer sums debits and credits
 * per account for a date range; these functions arrange the sums into reports.
 *
 * Sign conventions: assets and expenses carry debit balances (debit − credit); liabilities,
 * equity and income carry credit balances (credit − debit). Accounts whose figure is zero are
 * left out of every section.
 */

export interface AccountTotals {
  accountId: string;
  code: string;
  name: string;
  type: AccountType;
  debit: number;
  credit: number;
}

export interface TrialBalanceLine {
  accountId: string;
  code: string;
  name: string;
  type: AccountType;
  /** The account's net balance, shown on its debit or its credit side. */
  debit: number;
  credit: number;
}

export interface TrialBalance {
  accounts: TrialBalanceLine[];
  totals: { debit: number; credit: number };
  balanced: boolean;
}

export interface ReportLine {
  accountId: string;
  code: string;
  name: string;
  amount: number;
}

export interface ReportSection {
  accounts: ReportLine[];
  total: number;
}

const byCode = (a: { code: string }, b: { code: string }) => a.code.localeCompare(b.code, 'en', { numeric: true });

/** The natural balance of an account: positive when it sits on its usual side. */
export function naturalBalance(totals: Pick<AccountTotals, 'type' | 'debit' | 'credit'>): number {
  return totals.type === 'asset' || totals.type === 'expense' ? totals.debit - totals.credit : totals.credit - totals.debit;
}

export function trialBalance(rows: readonly AccountTotals[]): TrialBalance {
  const accounts: TrialBalanceLine[] = [];
  let debit = 0;
  let credit = 0;
  for (const row of [...rows].sort(byCode)) {
    const net = row.debit - row.credit;
    if (net === 0) continue;
    const line = { accountId: row.accountId, code: row.code, name: row.name, type: row.type, debit: Math.max(net, 0), credit: Math.max(-net, 0) };
    accounts.push(line);
    debit += line.debit;
    credit += line.credit;
  }
  return { accounts, totals: { debit, credit }, balanced: debit === credit };
}

function section(rows: readonly AccountTotals[], types: readonly AccountType[]): ReportSection {
  const accounts = rows
    .filter((row) => types.includes(row.type))
    .map((row) => ({ accountId: row.accountId, code: row.code, name: row.name, amount: naturalBalance(row) }))
    .filter((line) => line.amount !== 0)
    .sort(byCode);
  return { accounts, total: accounts.reduce((sum, line) => sum + line.amount, 0) };
}

export interface ProfitAndLoss {
  income: ReportSection;
  expenses: ReportSection;
  netProfit: number;
}

/** Income less expenses over the period the totals were summed for. */
export function profitAndLoss(rows: readonly AccountTotals[]): ProfitAndLoss {
  const income = section(rows, ['income']);
  const expenses = section(rows, ['expense']);
  return { income, expenses, netProfit: income.total - expenses.total };
}

export interface BalanceSheet {
  assets: ReportSection;
  liabilities: ReportSection;
  equity: ReportSection;
  /** Income less expenses since the books began, not yet closed to an equity account. */
  retainedProfit: number;
  totalEquity: number;
  liabilitiesAndEquity: number;
  balanced: boolean;
}

/**
 * Assets = liabilities + equity + retained profit. With every journal entry balanced this holds
 * by construction; `balanced` reports it rather than assuming it.
 */
export function balanceSheet(rows: readonly AccountTotals[]): BalanceSheet {
  const assets = section(rows, ['asset']);
  const liabilities = section(rows, ['liability']);
  const equity = section(rows, ['equity']);
  const retainedProfit = profitAndLoss(rows).netProfit;
  const totalEquity = equity.total + retainedProfit;
  const liabilitiesAndEquity = liabilities.total + totalEquity;
  return { assets, liabilities, equity, retainedProfit, totalEquity, liabilitiesAndEquity, balanced: assets.total === liabilitiesAndEquity };
}
