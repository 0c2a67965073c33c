import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fakeClock, startApi, type TestApi } from '../helpers/api.js';
import { balancesByCode, expectData, expectLedgerBalanced, signUp, type Client } from '../helpers/bookkeeping.js';

/**
 * Random sequences of every posting operation (finalise, pay, void, categorise, recategorise,
 * uncategorise), legal or not, against a model of what each should do. After every operation:
 * each journal entry balances, the trial balance and balance sheet balance, and the debtors and
 * bank balances match the model.
 */

type Op =
  | { kind: 'invoice'; lines: Array<{ quantity: number; unitPrice: number; taxRate: number }>; finalise: boolean }
  | { kind: 'pay' | 'void' | 'finalise'; pick: number }
  | { kind: 'transaction'; amount: number; category: number | null }
  | { kind: 'categorise'; pick: number; category: number }
  | { kind: 'uncategorise'; pick: number };

const CATEGORY_CODES = ['4000', '4900', '5000', '7100', '7500', '3000'];

const lineArb = fc.record({
  quantity: fc.integer({ min: 1, max: 400_000 }).map((n) => n / 10_000),
  unitPrice: fc.integer({ min: 0, max: 500_000 }),
  taxRate: fc.constantFrom(0, 5, 12.5, 20),
});

// Weighted towards sequences that reach every posting path (finalised invoices that are then paid or voided).
const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('invoice' as const),
      lines: fc.array(lineArb, { minLength: 0, maxLength: 3 }),
      finalise: fc.constantFrom(true, true, true, false),
    }),
  },
  { weight: 4, arbitrary: fc.record({ kind: fc.constantFrom('pay' as const, 'void' as const, 'finalise' as const), pick: fc.nat(20) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('transaction' as const),
      amount: fc.integer({ min: -300_000, max: 300_000 }).filter((n) => n !== 0),
      category: fc.option(fc.nat(CATEGORY_CODES.length - 1), { nil: null }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('categorise' as const), pick: fc.nat(20), category: fc.nat(CATEGORY_CODES.length - 1) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('uncategorise' as const), pick: fc.nat(20) }) },
);

interface ModelInvoice {
  id: string;
  status: 'draft' | 'finalised' | 'paid' | 'void';
  total: number;
  lineCount: number;
}
interface ModelTxn {
  id: string;
  amount: number;
  category: string | null;
}

describe('the ledger under random operation sequences', () => {
  let api: TestApi;
  const clock = fakeClock(Date.parse('2026-09-01T12:00:00Z'));
  beforeAll(async () => {
    api = await startApi({ config: { now: clock.now } });
  });
  afterAll(() => api.close());

  async function checkInvariants(c: Client, invoices: ModelInvoice[], txns: ModelTxn[]) {
    await expectLedgerBalanced(api, c);
    const tb = expectData(await c.get('/reports/trial-balance'));
    expect(tb.balanced).toBe(true);
    expect(tb.totals.debit).toBe(tb.totals.credit);
    expect(expectData(await c.get('/reports/balance-sheet')).balanced).toBe(true);
    const balances = await balancesByCode(api, c);
    const owed = invoices.filter((i) => i.status === 'finalised').reduce((s, i) => s + i.total, 0);
    const banked = invoices.filter((i) => i.status === 'paid').reduce((s, i) => s + i.total, 0) + txns.filter((t) => t.category).reduce((s, t) => s + t.amount, 0);
    expect(balances['1100'] ?? 0).toBe(owed);
    expect(balances['1200'] ?? 0).toBe(banked);
  }

  it('keeps every entry, the trial balance and the balance sheet balanced', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 3, maxLength: 12 }), async (ops) => {
        const c = await signUp(api);
        const customer = expectData(await c.post('/contacts', { name: 'Property customer' }), 201).id;
        const chart: Array<{ id: string; code: string }> = expectData(await c.get('/accounts?perPage=100'));
        const categories = CATEGORY_CODES.map((code) => chart.find((a) => a.code === code)!.id);
        const invoices: ModelInvoice[] = [];
        const txns: ModelTxn[] = [];
        for (const op of ops) {
          if (op.kind === 'invoice') {
            const created = expectData(await c.post('/invoices', { contactId: customer, lines: op.lines.map((l, i) => ({ description: `Line ${i}`, ...l })) }), 201);
            const model: ModelInvoice = { id: created.id, status: 'draft', total: created.total, lineCount: op.lines.length };
            invoices.push(model);
            if (op.finalise) {
              const res = await c.post(`/invoices/${created.id}/finalise`);
              expect(res.status).toBe(model.lineCount > 0 ? 200 : 409);
              if (res.status === 200) model.status = 'finalised';
            }
          } else if (op.kind === 'finalise' || op.kind === 'pay' || op.kind === 'void') {
            const target = invoices[op.pick % Math.max(invoices.length, 1)];
            if (!target) continue;
            const res = await c.post(`/invoices/${target.id}/${op.kind}`);
            const legal =
              op.kind === 'finalise' ? target.status === 'draft' && target.lineCount > 0 : op.kind === 'pay' ? target.status === 'finalised' : target.status === 'draft' || target.status === 'finalised';
            expect(res.status, `${op.kind} on ${target.status}: ${res.text}`).toBe(legal ? 200 : 409);
            if (legal) target.status = op.kind === 'finalise' ? 'finalised' : op.kind === 'pay' ? 'paid' : 'void';
          } else if (op.kind === 'transaction') {
            const category = op.category === null ? null : categories[op.category]!;
            const created = expectData(
              await c.post('/transactions', { date: '2026-08-15', description: 'Random', amount: op.amount, ...(category ? { accountId: category } : {}) }),
              201,
            );
            txns.push({ id: created.id, amount: op.amount, category });
          } else if (op.kind === 'categorise') {
            const target = txns[op.pick % Math.max(txns.length, 1)];
            if (!target) continue;
            expectData(await c.post(`/transactions/${target.id}/categorise`, { accountId: categories[op.category] }));
            target.category = categories[op.category]!;
          } else {
            const target = txns[op.pick % Math.max(txns.length, 1)];
            if (!target) continue;
            const res = await c.post(`/transactions/${target.id}/uncategorise`);
            expect(res.status).toBe(target.category ? 200 : 409);
            target.category = null;
          }
          await checkInvariants(c, invoices, txns);
        }
      }),
      {
        numRuns: 25,
        // Every posting path at least once, whatever the random runs draw.
        examples: [
          [
            [
              { kind: 'invoice', lines: [{ quantity: 1.5, unitPrice: 1_001, taxRate: 20 }], finalise: true },
              { kind: 'invoice', lines: [{ quantity: 2, unitPrice: 999, taxRate: 12.5 }], finalise: true },
              { kind: 'pay', pick: 0 },
              { kind: 'void', pick: 1 },
              { kind: 'invoice', lines: [], finalise: true },
              { kind: 'void', pick: 2 },
              { kind: 'transaction', amount: -4_321, category: 3 },
              { kind: 'categorise', pick: 0, category: 4 },
              { kind: 'uncategorise', pick: 0 },
              { kind: 'transaction', amount: 777, category: null },
              { kind: 'categorise', pick: 1, category: 1 },
            ],
          ],
        ],
      },
    );
  }, 180_000);
});
