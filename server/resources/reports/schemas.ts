import { z } from 'zod';
import { ACCOUNT_TYPES } from '../accounts/schemas.js';

const accountRef = { accountId: z.string().meta({ examples: ['acc_2'] }), code: z.string(), name: z.string() };

const SectionSchema = z.object({
  accounts: z.array(z.object({ ...accountRef, amount: z.number().int() })),
  total: z.number().int(),
});

export const TrialBalanceSchema = z
  .object({
    asOf: z.string(),
    currency: z.string(),
    accounts: z.array(z.object({ ...accountRef, type: z.enum(ACCOUNT_TYPES), debit: z.number().int(), credit: z.number().int() })),
    totals: z.object({ debit: z.number().int(), credit: z.number().int() }),
    balanced: z.boolean(),
  })
  .describe('Every account with a non-zero balance at the date, on its debit or credit side. Debits always equal credits.');

export const ProfitAndLossSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    currency: z.string(),
    income: SectionSchema,
    expenses: SectionSchema,
    netProfit: z.number().int(),
  })
  .describe('Income less expenses for entries dated from `from` to `to`, both inclusive.');

export const BalanceSheetSchema = z
  .object({
    asOf: z.string(),
    currency: z.string(),
    assets: SectionSchema,
    liabilities: SectionSchema,
    equity: SectionSchema,
    retainedProfit: z.number().int().describe('All income less all expenses up to the date'),
    totalEquity: z.number().int(),
    liabilitiesAndEquity: z.number().int(),
    balanced: z.boolean(),
  })
  .describe('Assets = liabilities + equity + retained profit, at the end of the given date.');
