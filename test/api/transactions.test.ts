import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeClock, startApi, type TestApi } from '../helpers/api.js';
import { accountId, balancesByCode, expectData, expectError, expectLedgerBalanced, invalidFields, journal, signUp, type Client } from '../helpers/bookkeeping.js';

describe('/transactions', () => {
  let api: TestApi;
  const clock = fakeClock(Date.parse('2026-04-01T08:00:00Z'));
  beforeAll(async () => {
    api = await startApi({ config: { now: clock.now } });
  });
  afterAll(() => api.close());

  describe('CRUD', () => {
    let c: Client;
    beforeAll(async () => {
      c = await signUp(api);
    });

    it('records an uncategorised transaction in the default bank account', async () => {
      const res = await c.post('/transactions', { date: '2026-03-28', description: 'Card payment — Stationers', amount: -2_450, reference: 'CARD 1234' });
      const txn = expectData(res, 201);
      expect(txn).toEqual({
        id: expect.stringMatching(/^txn_\d+$/),
        date: '2026-03-28',
        description: 'Card payment — Stationers',
        amount: -2_450,
        currency: 'GBP',
        reference: 'CARD 1234',
        contactId: null,
        accountId: null,
        bankAccountId: await accountId(c, '1200'),
        status: 'uncategorised',
        metadata: {},
        createdAt: '2026-04-01T08:00:00.000Z',
        updatedAt: '2026-04-01T08:00:00.000Z',
      });
      expect(res.headers.get('location')).toBe(`/api/v1/transactions/${txn.id}`);
      expect(expectData(await c.get(`/transactions/${txn.id}`))).toEqual(txn);
      expect(await journal(api, c)).toEqual([]);
    });

    it('validates every field', async () => {
      expect(invalidFields(await c.post('/transactions', { date: '2026-13-01', description: '', amount: 0 }))).toEqual(['amount', 'date', 'description']);
      expect(invalidFields(await c.post('/transactions', { date: '2026-01-01', description: 'x', amount: 1.5, colour: 'red' }))).toEqual(['amount', 'colour']);
      const vat = await accountId(c, '2200');
      expect(invalidFields(await c.post('/transactions', { date: '2026-01-01', description: 'x', amount: 1, bankAccountId: vat }))).toEqual(['bankAccountId']);
      expectError(await c.post('/transactions', { date: '2026-01-01', description: 'x', amount: 1, contactId: 'cont_999999' }), 404, 'not_found');
    });

    it('updates details; PUT resets what it leaves out', async () => {
      const contact = expectData(await c.post('/contacts', { name: 'Landlord' }), 201).id;
      const txn = expectData(await c.post('/transactions', { date: '2026-03-01', description: 'Rent', amount: -100_000, contactId: contact, reference: 'R' }), 201);
      const patched = expectData(await c.patch(`/transactions/${txn.id}`, { amount: -90_000, metadata: { lease: 'L-1' } }));
      expect(patched).toMatchObject({ amount: -90_000, contactId: contact, reference: 'R', metadata: { lease: 'L-1' } });
      const replaced = expectData(await c.put(`/transactions/${txn.id}`, { date: '2026-03-02', description: 'Rent March', amount: -90_000 }));
      expect(replaced).toMatchObject({ contactId: null, reference: null, date: '2026-03-02', metadata: { lease: 'L-1' } });
      expect(invalidFields(await c.put(`/transactions/${txn.id}`, { description: 'x' }))).toEqual(['amount', 'date']);
      expect(invalidFields(await c.patch(`/transactions/${txn.id}`, { accountId: await accountId(c, '7100') }))).toEqual(['accountId']);
      expect(expectData(await c.delete(`/transactions/${txn.id}`))).toEqual({ id: txn.id, deleted: true });
      expectError(await c.get(`/transactions/${txn.id}`), 404, 'not_found');
    });
  });

  describe('categorising', () => {
    it('money out posts the category Dr and the bank Cr; money in the reverse', async () => {
      const c = await signUp(api);
      const office = await accountId(c, '7500');
      const out = expectData(await c.post('/transactions', { date: '2026-03-28', description: 'Paper', amount: -2_450 }), 201);
      const categorised = expectData(await c.post(`/transactions/${out.id}/categorise`, { accountId: office }));
      expect(categorised).toMatchObject({ status: 'categorised', accountId: office, updatedAt: '2026-04-01T08:00:00.000Z' });
      const inbound = expectData(await c.post('/transactions', { date: '2026-03-29', description: 'Interest', amount: 312, accountId: await accountId(c, '4900') }), 201);
      expect(inbound.status).toBe('categorised');
      expect(await journal(api, c)).toEqual([
        { date: '2026-03-28', source: `transaction:${out.id.slice(4)}`, lines: [{ code: '1200', debit: 0, credit: 2_450 }, { code: '7500', debit: 2_450, credit: 0 }] },
        { date: '2026-03-29', source: `transaction:${inbound.id.slice(4)}`, lines: [{ code: '1200', debit: 312, credit: 0 }, { code: '4900', debit: 0, credit: 312 }] },
      ]);
    });

    it('recategorising reverses the old posting; the same account again posts nothing', async () => {
      const c = await signUp(api);
      const txn = expectData(await c.post('/transactions', { date: '2026-03-10', description: 'Laptop', amount: -120_000 }), 201);
      expectData(await c.post(`/transactions/${txn.id}/categorise`, { accountId: await accountId(c, '7500') }));
      expectData(await c.post(`/transactions/${txn.id}/categorise`, { accountId: await accountId(c, '1500') }));
      expectData(await c.post(`/transactions/${txn.id}/categorise`, { accountId: await accountId(c, '1500') }));
      const entries = await journal(api, c);
      expect(entries.map((e) => e.source.split(':')[0])).toEqual(['transaction', 'transaction_reversal', 'transaction']);
      expect(entries[1]!.lines).toEqual([{ code: '1200', debit: 120_000, credit: 0 }, { code: '7500', debit: 0, credit: 120_000 }]);
      expect(await balancesByCode(api, c)).toEqual({ '1200': -120_000, '1500': 120_000 });
      await expectLedgerBalanced(api, c);
    });

    it('uncategorising reverses the posting and frees the transaction for edits and deletion', async () => {
      const c = await signUp(api);
      const txn = expectData(await c.post('/transactions', { date: '2026-03-10', description: 'Fee', amount: -500, accountId: await accountId(c, '7900') }), 201);
      expect(expectError(await c.patch(`/transactions/${txn.id}`, { amount: -600, date: '2026-03-11' }), 409, 'conflict').message).toBe(
        `${txn.id} is categorised, so its date, amount cannot change; uncategorise it first`,
      );
      expect(expectData(await c.patch(`/transactions/${txn.id}`, { description: 'Monthly fee', amount: -500 })).description).toBe('Monthly fee');
      expect(expectError(await c.delete(`/transactions/${txn.id}`), 409, 'conflict').message).toMatch(/uncategorise it before deleting/);
      const cleared = expectData(await c.post(`/transactions/${txn.id}/uncategorise`));
      expect(cleared).toMatchObject({ status: 'uncategorised', accountId: null });
      expect(expectError(await c.post(`/transactions/${txn.id}/uncategorise`), 409, 'conflict').message).toBe(`${txn.id} is not categorised`);
      expect(await balancesByCode(api, c)).toEqual({});
      expect(expectData(await c.patch(`/transactions/${txn.id}`, { amount: -600 })).amount).toBe(-600);
      expectData(await c.delete(`/transactions/${txn.id}`));
      await expectLedgerBalanced(api, c);
    });

    it('refuses the bank account itself, foreign accounts and wrong prefixes', async () => {
      const c = await signUp(api);
      const stranger = await signUp(api);
      const txn = expectData(await c.post('/transactions', { date: '2026-03-10', description: 'x', amount: 100 }), 201);
      expect(invalidFields(await c.post(`/transactions/${txn.id}/categorise`, { accountId: await accountId(c, '1200') }))).toEqual(['accountId']);
      const theirs = await accountId(stranger, '4000');
      expect(expectError(await c.post(`/transactions/${txn.id}/categorise`, { accountId: theirs }), 404, 'not_found').message).toBe(`Account ${theirs} not found`);
      expectError(await c.post(`/transactions/${txn.id}/categorise`, { accountId: 'cont_1' }), 404, 'not_found');
      expect(invalidFields(await c.post(`/transactions/${txn.id}/categorise`, {}))).toEqual(['accountId']);
      expect(await journal(api, c)).toEqual([]);
      expect(expectData(await c.get(`/transactions/${txn.id}`)).status).toBe('uncategorised');
    });

    it('posts through another bank account when one is named', async () => {
      const c = await signUp(api);
      const savings = await accountId(c, '1210');
      const txn = expectData(await c.post('/transactions', { date: '2026-03-10', description: 'Interest', amount: 45, bankAccountId: savings, accountId: await accountId(c, '4900') }), 201);
      expect(txn.bankAccountId).toBe(savings);
      expect(await balancesByCode(api, c)).toEqual({ '1210': 45, '4900': -45 });
      expect(expectError(await c.delete(`/accounts/${savings}`), 409, 'conflict').message).toMatch(/posting/);
    });

    it('answers racing categorisations with one posting', async () => {
      const c = await signUp(api);
      const txn = expectData(await c.post('/transactions', { date: '2026-03-10', description: 'Race', amount: -100 }), 201);
      const [a, b] = [await accountId(c, '7500'), await accountId(c, '8000')];
      const results = await Promise.all([a, b, a, b].map((id) => c.post(`/transactions/${txn.id}/categorise`, { accountId: id })));
      expect(results.every((r) => r.status === 200 || r.status === 409)).toBe(true);
      await expectLedgerBalanced(api, c);
      const final = expectData(await c.get(`/transactions/${txn.id}`));
      const balances = await balancesByCode(api, c);
      expect(balances).toEqual({ '1200': -100, [final.accountId === a ? '7500' : '8000']: 100 });
    });
  });

  describe('lists, references and isolation', () => {
    it('filters by status, account, contact and metadata, with pagination', async () => {
      const c = await signUp(api);
      const supplier = expectData(await c.post('/contacts', { name: 'Supplier' }), 201).id;
      const travel = await accountId(c, '7400');
      const t1 = expectData(await c.post('/transactions', { date: '2026-03-01', description: 'Train', amount: -4_000, accountId: travel, metadata: { trip: 'leeds' } }), 201);
      const t2 = expectData(await c.post('/transactions', { date: '2026-03-02', description: 'Hotel', amount: -9_000, contactId: supplier, metadata: { trip: 'leeds' } }), 201);
      const t3 = expectData(await c.post('/transactions', { date: '2026-03-03', description: 'Refund', amount: 1_000 }), 201);
      const ids = (res: { json: { data: Array<{ id: string }> } }) => res.json.data.map((x) => x.id);
      expect(ids(await c.get('/transactions'))).toEqual([t3.id, t2.id, t1.id]);
      expect(ids(await c.get('/transactions?status=uncategorised'))).toEqual([t3.id, t2.id]);
      expect(ids(await c.get(`/transactions?accountId=${travel}`))).toEqual([t1.id]);
      expect(ids(await c.get(`/transactions?contactId=${supplier}`))).toEqual([t2.id]);
      expect(ids(await c.get('/transactions?metadata[trip]=leeds'))).toEqual([t2.id, t1.id]);
      expect(ids(await c.get('/transactions?metadata[trip]=leeds&status=categorised'))).toEqual([t1.id]);
      expect(ids(await c.get('/transactions?accountId=cont_1'))).toEqual([]);
      const past = await c.get('/transactions?page=9&perPage=100');
      expect(past.json.data).toEqual([]);
      expect(past.json.meta).toEqual({ page: 9, perPage: 100, total: 3, totalPages: 1 });
      expect(invalidFields(await c.get('/transactions?perPage=0'))).toEqual(['perPage']);
      expect(invalidFields(await c.get('/transactions?perPage=101'))).toEqual(['perPage']);
      expect(expectError(await c.delete(`/contacts/${supplier}`), 409, 'conflict').message).toBe('This contact cannot be deleted: it is used by 1 transaction');
    });

    it('hides other organisations’ and the other mode’s transactions behind the same 404', async () => {
      const owner = await signUp(api);
      const txn = expectData(await owner.post('/transactions', { date: '2026-03-01', description: 'Mine', amount: 100 }), 201);
      const stranger = await signUp(api);
      const missing = (await stranger.get('/transactions/txn_999999')).json;
      expect(missing).toEqual({ success: false, error: { code: 'not_found', message: 'Transaction not found' } });
      const sales = await accountId(stranger, '4000');
      for (const res of [
        await stranger.get(`/transactions/${txn.id}`),
        await stranger.patch(`/transactions/${txn.id}`, { description: 'x' }),
        await stranger.put(`/transactions/${txn.id}`, { date: '2026-03-01', description: 'x', amount: 1 }),
        await stranger.delete(`/transactions/${txn.id}`),
        await stranger.post(`/transactions/${txn.id}/categorise`, { accountId: sales }),
        await stranger.post(`/transactions/${txn.id}/uncategorise`),
        await owner.inMode('test').get(`/transactions/${txn.id}`),
        await owner.get(`/transactions/${txn.id.replace('txn_', 'inv_')}`),
      ]) {
        expect(res.json).toEqual(missing);
      }
      expect(expectData(await owner.inMode('test').get('/transactions'))).toEqual([]);
      expect(expectData(await owner.get(`/transactions/${txn.id}`)).description).toBe('Mine');
    });
  });
});
