import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeClock, startApi, type TestApi } from '../helpers/api.js';
import { expectData, expectLedgerBalanced, signUp, type Client } from '../helpers/bookkeeping.js';
import { seedBookkeeping } from '../../server/seed/bookkeeping.js';
import { seedDemo } from '../../server/seed/demo.js';

describe('the bookkeeping demo seed', () => {
  let api: TestApi;
  let c: Client;
  const clock = fakeClock(Date.parse('2026-07-15T09:00:00Z'));
  beforeAll(async () => {
    api = await startApi({ config: { now: clock.now } });
    c = await signUp(api);
    await seedBookkeeping(api.context, c.organisationId);
  });
  afterAll(() => api.close());

  const statuses = (rows: Array<{ status: string }>) => [...new Set(rows.map((r) => r.status))].sort();

  for (const mode of ['live', 'test'] as const) {
    it(`gives ${mode} mode data in every state, with a balanced ledger`, async () => {
      const m = c.inMode(mode);
      const contacts = expectData(await m.get('/contacts?perPage=100'));
      expect(contacts.length).toBeGreaterThanOrEqual(5);
      expect(statuses(expectData(await m.get('/invoices?perPage=100')))).toEqual(['draft', 'finalised', 'paid', 'void']);
      expect(statuses(expectData(await m.get('/quotes?perPage=100')))).toEqual(['accepted', 'converted', 'declined', 'draft', 'sent']);
      expect(statuses(expectData(await m.get('/transactions?perPage=100')))).toEqual(['categorised', 'uncategorised']);
      expect(expectData(await m.get('/contacts?metadata[tier]=gold')).map((x: { name: string }) => x.name)).toEqual(['Acme Ltd']);
      expect(expectData(await m.get('/invoices?metadata[orderId]=A-1001'))).toHaveLength(1);
      expect(expectData(await m.get('/transactions?metadata[receipt]=missing'))).toHaveLength(1);
      const tb = expectData(await m.get('/reports/trial-balance'));
      expect(tb.balanced).toBe(true);
      expect(tb.accounts.length).toBeGreaterThan(5);
      expect(expectData(await m.get('/reports/balance-sheet')).balanced).toBe(true);
      await expectLedgerBalanced(api, m);
      // Dated around today.
      const paid = expectData(await m.get('/invoices?status=paid'))[0];
      expect(paid.issueDate).toBe('2026-05-16');
    });
  }

  it('is idempotent: a second run adds nothing', async () => {
    const before = (await c.get('/contacts')).json.meta.total;
    const invoicesBefore = (await c.get('/invoices')).json.meta.total;
    await seedBookkeeping(api.context, c.organisationId);
    expect((await c.get('/contacts')).json.meta.total).toBe(before);
    expect((await c.get('/invoices')).json.meta.total).toBe(invoicesBefore);
  });

  it('leaves an organisation that already has contacts alone', async () => {
    const own = await signUp(api);
    expectData(await own.post('/contacts', { name: 'Mine' }), 201);
    await seedBookkeeping(api.context, own.organisationId);
    expect(expectData(await own.get('/contacts')).map((x: { name: string }) => x.name)).toEqual(['Mine']);
    expect(expectData(await own.get('/invoices'))).toEqual([]);
    // Its test mode had no contacts, so that mode was seeded.
    expect((await own.inMode('test').get('/invoices')).json.meta.total).toBeGreaterThan(0);
  });

  it('runs from seedDemo, once', async () => {
    const first = await seedDemo(api.context);
    const second = await seedDemo(api.context);
    expect(second.organisationId).toBe(first.organisationId);
    const total = await api.db
      .selectFrom('contacts')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('organisation_id', '=', first.organisationId)
      .executeTakeFirstOrThrow();
    expect(Number(total.n)).toBe(12);
  });
});
