import { z } from 'zod';
import type { Tenant } from '../../auth/principal.js';
import { accountTotals } from '../../db/journal.js';
import type { DB } from '../../db/open.js';
import { validationError } from '../../http/errors.js';
import { formatId } from '../../http/ids.js';
import { defineRoute, type RouteDef } from '../../http/route.js';
import { balanceSheet, profitAndLoss, trialBalance, type AccountTotals } from '../../ledger/reports.js';
import { dateSchema, todayIso } from '../common-schemas.js';
import { baseCurrency } from '../organisation/base-currency.js';
import { BalanceSheetSchema, ProfitAndLossSchema, TrialBalanceSchema } from './schemas.js';

const common = { method: 'get' as const, tag: 'Reports', access: 'principal' as const };

async function totals(db: DB, tenant: Tenant, range: { from?: string; to?: string }): Promise<AccountTotals[]> {
  const rows = await accountTotals(db, tenant, range);
  return rows.map((r) => ({ accountId: formatId('acc', r.accountId), code: r.code, name: r.name, type: r.type, debit: r.debit, credit: r.credit }));
}

export const reportRoutes: RouteDef[] = [
  defineRoute({
    ...common,
    scope: 'reports:read',
    path: '/reports/trial-balance',
    operationId: 'getTrialBalance',
    summary: 'Trial balance at a date',
    query: z.strictObject({ asOf: dateSchema.optional().describe('Include entries dated up to and including this day; default today') }),
    response: { schema: TrialBalanceSchema },
    handler: async ({ app, db, tenant, query }) => {
      const asOf = query.asOf ?? todayIso(app.now());
      const report = trialBalance(await totals(db, tenant, { to: asOf }));
      return { data: { asOf, currency: await baseCurrency(db, tenant), ...report } };
    },
  }),
  defineRoute({
    ...common,
    scope: 'reports:read',
    path: '/reports/profit-and-loss',
    operationId: 'getProfitAndLoss',
    summary: 'Profit and loss over a period',
    query: z.strictObject({
      from: dateSchema.optional().describe('First day, inclusive; default 1 January of the `to` year'),
      to: dateSchema.optional().describe('Last day, inclusive; default today'),
    }),
    response: { schema: ProfitAndLossSchema },
    handler: async ({ app, db, tenant, query }) => {
      const to = query.to ?? todayIso(app.now());
      const from = query.from ?? `${to.slice(0, 4)}-01-01`;
      if (from > to) throw validationError([{ field: 'from', message: `Must not be after to (${to})` }]);
      const report = profitAndLoss(await totals(db, tenant, { from, to }));
      return { data: { from, to, currency: await baseCurrency(db, tenant), ...report } };
    },
  }),
  defineRoute({
    ...common,
    scope: 'reports:read',
    path: '/reports/balance-sheet',
    operationId: 'getBalanceSheet',
    summary: 'Balance sheet at a date',
    query: z.strictObject({ asOf: dateSchema.optional().describe('Include entries dated up to and including this day; default today') }),
    response: { schema: BalanceSheetSchema },
    handler: async ({ app, db, tenant, query }) => {
      const asOf = query.asOf ?? todayIso(app.now());
      const report = balanceSheet(await totals(db, tenant, { to: asOf }));
      return { data: { asOf, currency: await baseCurrency(db, tenant), ...report } };
    },
  }),
];
