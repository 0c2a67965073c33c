import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeClock, startApi, type TestApi } from '../helpers/api.js';
import { accountId, expectData, expectError, invalidFields, signUp, type Client } from '../helpers/bookkeeping.js';

/**
 * A worked example whose every figure was computed by hand (see the comments), run through the
 * real API, then read back through the three reports.
 */
describe('/reports on a worked example', () => {
  let api: TestApi;
  let c: Client;
  const clock = fakeClock(Date.parse('2026-06-30T15:00:00Z'));
  const acc: Record<string, string> = {};

  beforeAll(async () => {
    api = await startApi({ config: { now: clock.now } });
    c = await signUp(api);
    for (const code of ['1100', '1200', '2200', '3000', '4000', '4100', '7100', '7500', '7600']) acc[code] = await accountId(c, code);
    const customer = expectData(await c.post('/contacts', { name: 'Customer' }), 201).id;
    const invoice = async (issueDate: string, lines: unknown[]) => {
      const id = expectData(await c.post('/invoices', { contactId: customer, issueDate, lines }), 201).id;
      expectData(await c.post(`/invoices/${id}/finalise`));
      return id;
    };
    const txn = async (date: string, amount: number, code?: string) =>
      expectData(await c.post('/transactions', { date, description: `txn ${date}`, amount, ...(code ? { accountId: acc[code] } : {}) }), 201);

    // 1. 5 Jan: the owner puts in £10,000 — Bank Dr 1,000,000 / Share capital Cr 1,000,000.
    await txn('2026-01-05', 1_000_000, '3000');
    // 2. 1 Feb: invoice A, 10 × £150 at 20% — net 150,000, VAT 30,000, total 180,000.
    const a = await invoice('2026-02-01', [{ description: 'Widgets', quantity: 10, unitPrice: 15_000, taxRate: 20 }]);
    // 3. 20 Feb: A is paid — Bank Dr 180,000 / Debtors Cr 180,000.
    expectData(await c.post(`/invoices/${a}/pay`, { date: '2026-02-20' }));
    // 4. 1 Mar: rent £1,200 — Rent Dr 120,000 / Bank Cr.
    await txn('2026-03-01', -120_000, '7100');
    // 5. 15 Mar: invoice B, consulting £500 at 20% — net 50,000, VAT 10,000, total 60,000; unpaid.
    await invoice('2026-03-15', [{ description: 'Advice', unitPrice: 50_000, taxRate: 20, accountId: acc['4100'] }]);
    // 6. 10 Apr: software £23.99 — Software Dr 2,399 / Bank Cr.
    await txn('2026-04-10', -2_399, '7600');
    // 7. 20 Apr: invoice C, 2 × £33.33 at 20% — net 6,666, VAT 1,333.2 → 1,333, total 7,999; voided today (30 Jun).
    const cInv = await invoice('2026-04-20', [{ description: 'Small job', quantity: 2, unitPrice: 3_333, taxRate: 20 }]);
    expectData(await c.post(`/invoices/${cInv}/void`));
    // 8. Nothing posts for an uncategorised transaction, a draft invoice or a quote.
    await txn('2026-05-01', 5_000);
    expectData(await c.post('/invoices', { contactId: customer, lines: [{ description: 'Draft', unitPrice: 99_999 }] }), 201);
    expectData(await c.post('/quotes', { contactId: customer, lines: [{ description: 'Quote', unitPrice: 99_999 }] }), 201);
    // 9. 5 Jan 2027: after every report date below.
    await txn('2027-01-05', -10_000, '7500');
  });
  afterAll(() => api.close());

  const lines = (report: { accounts: Array<{ code: string; debit: number; credit: number }> }) => report.accounts.map((a) => [a.code, a.debit, a.credit]);
  const amounts = (section: { accounts: Array<{ code: string; amount: number }> }) => section.accounts.map((a) => [a.code, a.amount]);

  it('trial balance at 30 June', async () => {
    const tb = expectData(await c.get('/reports/trial-balance?asOf=2026-06-30'));
    // Bank: 1,000,000 + 180,000 − 120,000 − 2,399 = 1,057,601. Debtors: 180,000 − 180,000 + 60,000 + 7,999 − 7,999 = 60,000.
    // VAT: 30,000 + 10,000 + 1,333 − 1,333 = 40,000. Sales: 150,000 + 6,666 − 6,666 = 150,000.
    expect(lines(tb)).toEqual([
      ['1100', 60_000, 0],
      ['1200', 1_057_601, 0],
      ['2200', 0, 40_000],
      ['3000', 0, 1_000_000],
      ['4000', 0, 150_000],
      ['4100', 0, 50_000],
      ['7100', 120_000, 0],
      ['7600', 2_399, 0],
    ]);
    expect(tb.totals).toEqual({ debit: 1_240_000, credit: 1_240_000 });
    expect(tb).toMatchObject({ asOf: '2026-06-30', currency: 'GBP', balanced: true });
    expect(tb.accounts[0]).toEqual({ accountId: acc['1100'], code: '1100', name: 'Debtors', type: 'asset', debit: 60_000, credit: 0 });
    // Today is the default date.
    expect(expectData(await c.get('/reports/trial-balance'))).toEqual(tb);
  });

  it('trial balance at 30 April, before invoice C was voided', async () => {
    const tb = expectData(await c.get('/reports/trial-balance?asOf=2026-04-30'));
    // Debtors 67,999; VAT 41,333; Sales 156,666; the rest as at 30 June.
    expect(lines(tb)).toEqual([
      ['1100', 67_999, 0],
      ['1200', 1_057_601, 0],
      ['2200', 0, 41_333],
      ['3000', 0, 1_000_000],
      ['4000', 0, 156_666],
      ['4100', 0, 50_000],
      ['7100', 120_000, 0],
      ['7600', 2_399, 0],
    ]);
    expect(tb.totals).toEqual({ debit: 1_247_999, credit: 1_247_999 });
  });

  it('trial balance before anything happened is empty and balanced', async () => {
    expect(expectData(await c.get('/reports/trial-balance?asOf=2025-12-31'))).toMatchObject({ accounts: [], totals: { debit: 0, credit: 0 }, balanced: true });
  });

  it('profit and loss for the half year, for March and for April', async () => {
    const half = expectData(await c.get('/reports/profit-and-loss?from=2026-01-01&to=2026-06-30'));
    expect(amounts(half.income)).toEqual([
      ['4000', 150_000],
      ['4100', 50_000],
    ]);
    expect(amounts(half.expenses)).toEqual([
      ['7100', 120_000],
      ['7600', 2_399],
    ]);
    // 200,000 − 122,399.
    expect(half).toMatchObject({ from: '2026-01-01', to: '2026-06-30', currency: 'GBP', netProfit: 77_601 });
    expect([half.income.total, half.expenses.total]).toEqual([200_000, 122_399]);
    // March: consulting 50,000 less rent 120,000.
    expect(expectData(await c.get('/reports/profit-and-loss?from=2026-03-01&to=2026-03-31')).netProfit).toBe(-70_000);
    // April: invoice C's 6,666 (voided only in June) less software 2,399.
    const april = expectData(await c.get('/reports/profit-and-loss?from=2026-04-01&to=2026-04-30'));
    expect(amounts(april.income)).toEqual([['4000', 6_666]]);
    expect(april.netProfit).toBe(4_267);
    // June holds the void: −6,666 of sales.
    expect(expectData(await c.get('/reports/profit-and-loss?from=2026-06-01&to=2026-06-30')).netProfit).toBe(-6_666);
    // Defaults: 1 January of this year to today.
    expect(expectData(await c.get('/reports/profit-and-loss'))).toEqual(half);
  });

  it('balance sheet at 30 June and at 10 February', async () => {
    const june = expectData(await c.get('/reports/balance-sheet?asOf=2026-06-30'));
    expect(amounts(june.assets)).toEqual([
      ['1100', 60_000],
      ['1200', 1_057_601],
    ]);
    expect(amounts(june.liabilities)).toEqual([['2200', 40_000]]);
    expect(amounts(june.equity)).toEqual([['3000', 1_000_000]]);
    expect(june).toMatchObject({
      asOf: '2026-06-30',
      retainedProfit: 77_601,
      totalEquity: 1_077_601,
      liabilitiesAndEquity: 1_117_601,
      balanced: true,
    });
    expect(june.assets.total).toBe(1_117_601);
    // 10 Feb: capital in, invoice A finalised but unpaid.
    const feb = expectData(await c.get('/reports/balance-sheet?asOf=2026-02-10'));
    expect(amounts(feb.assets)).toEqual([
      ['1100', 180_000],
      ['1200', 1_000_000],
    ]);
    expect(feb).toMatchObject({ retainedProfit: 150_000, liabilitiesAndEquity: 1_180_000, balanced: true });
    expect(feb.liabilities.total).toBe(30_000);
  });

  it('includes later entries at later dates', async () => {
    const next = expectData(await c.get('/reports/trial-balance?asOf=2027-01-31'));
    expect(next.totals).toEqual({ debit: 1_240_000, credit: 1_240_000 });
    expect(lines(next)).toContainEqual(['7500', 10_000, 0]);
  });

  it('validates dates and ranges', async () => {
    expect(invalidFields(await c.get('/reports/trial-balance?asOf=30/06/2026'))).toEqual(['asOf']);
    expect(invalidFields(await c.get('/reports/profit-and-loss?from=2026-07-01&to=2026-06-30'))).toEqual(['from']);
    expect(invalidFields(await c.get('/reports/balance-sheet?asOf=2026-02-30&extra=1'))).toEqual(['asOf', 'extra']);
  });

  it('reports only the caller’s organisation and mode', async () => {
    const stranger = await signUp(api);
    expect(expectData(await stranger.get('/reports/trial-balance')).accounts).toEqual([]);
    expect(expectData(await c.inMode('test').get('/reports/balance-sheet')).assets.accounts).toEqual([]);
    expectError(await api.request('GET', '/reports/trial-balance'), 401, 'unauthorized');
  });
});
