import type { AccountType } from '../../db/schema.js';

/** The roles postings look accounts up by. A system account cannot be deleted or change type. */
export type SystemKey = 'bank' | 'debtors' | 'creditors' | 'vat' | 'sales' | 'equity' | 'retained_earnings';

export interface ChartAccount {
  code: string;
  name: string;
  type: AccountType;
  description: string | null;
  systemKey: SystemKey | null;
}

/**
 * The default UK-style chart of accounts every organisation starts with, in each mode. Codes
 * follow the common UK small-business layout: 1xxx assets, 2xxx liabilities, 3xxx equity,
 * 4xxx income, 5xxx direct costs, 6xxx–8xxx overheads.
 */
export const DEFAULT_CHART: readonly ChartAccount[] = [
  { code: '1100', name: 'Debtors', type: 'asset', description: 'Money customers owe on finalised invoices', systemKey: 'debtors' },
  { code: '1200', name: 'Bank', type: 'asset', description: 'The main business current account', systemKey: 'bank' },
  { code: '1210', name: 'Savings account', type: 'asset', description: null, systemKey: null },
  { code: '1250', name: 'Petty cash', type: 'asset', description: null, systemKey: null },
  { code: '1500', name: 'Office equipment', type: 'asset', description: 'Computers, furniture and other fixed assets', systemKey: null },
  { code: '2100', name: 'Creditors', type: 'liability', description: 'Money owed to suppliers', systemKey: 'creditors' },
  { code: '2200', name: 'VAT', type: 'liability', description: 'VAT charged on sales less VAT reclaimed', systemKey: 'vat' },
  { code: '2210', name: 'PAYE and NIC', type: 'liability', description: null, systemKey: null },
  { code: '2300', name: 'Loans', type: 'liability', description: null, systemKey: null },
  { code: '3000', name: 'Share capital', type: 'equity', description: "Owners' capital introduced", systemKey: 'equity' },
  { code: '3100', name: 'Drawings', type: 'equity', description: null, systemKey: null },
  { code: '3200', name: 'Retained earnings', type: 'equity', description: 'Profits kept in the business from earlier years', systemKey: 'retained_earnings' },
  { code: '4000', name: 'Sales', type: 'income', description: 'Income from invoices', systemKey: 'sales' },
  { code: '4100', name: 'Consulting income', type: 'income', description: null, systemKey: null },
  { code: '4900', name: 'Other income', type: 'income', description: 'Interest received and other income', systemKey: null },
  { code: '5000', name: 'Cost of sales', type: 'expense', description: 'Direct costs of what was sold', systemKey: null },
  { code: '6100', name: 'Advertising and marketing', type: 'expense', description: null, systemKey: null },
  { code: '7000', name: 'Wages and salaries', type: 'expense', description: null, systemKey: null },
  { code: '7100', name: 'Rent and rates', type: 'expense', description: null, systemKey: null },
  { code: '7200', name: 'Utilities', type: 'expense', description: 'Light, heat and power', systemKey: null },
  { code: '7400', name: 'Travel', type: 'expense', description: null, systemKey: null },
  { code: '7500', name: 'Office costs', type: 'expense', description: 'Stationery, postage and printing', systemKey: null },
  { code: '7600', name: 'Software and subscriptions', type: 'expense', description: null, systemKey: null },
  { code: '7900', name: 'Bank charges', type: 'expense', description: null, systemKey: null },
  { code: '8000', name: 'General expenses', type: 'expense', description: null, systemKey: null },
];
