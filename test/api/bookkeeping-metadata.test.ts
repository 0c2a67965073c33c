import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type TestApi } from '../helpers/api.js';
import { expectData, expectError, invalidFields, journal, signUp, type Client } from '../helpers/bookkeeping.js';

/** SPEC §4 on the resources beyond contacts (whose test covers every limit in depth). */
describe('metadata on invoices, quotes and transactions', () => {
  let api: TestApi;
  let c: Client;
  let contactId: string;
  beforeAll(async () => {
    api = await startApi();
    c = await signUp(api);
    contactId = expectData(await c.post('/contacts', { name: 'Meta customer' }), 201).id;
  });
  afterAll(() => api.close());

  const resources = {
    invoices: () => ({ contactId }),
    quotes: () => ({ contactId }),
    transactions: () => ({ date: '2026-01-10', description: 'Meta txn', amount: -100 }),
  };

  for (const [path, body] of Object.entries(resources)) {
    it(`/${path}: merge, delete by null, limits, reserved prefix, filter`, async () => {
      const created = expectData(await c.post(`/${path}`, { ...body(), metadata: { a: '1', b: '2' } }), 201);
      expect(created.metadata).toEqual({ a: '1', b: '2' });
      const merged = expectData(await c.patch(`/${path}/${created.id}`, { metadata: { a: null, c: '3' } }));
      expect(merged.metadata).toEqual({ b: '2', c: '3' });
      expect(expectData(await c.get(`/${path}?metadata[c]=3`)).map((x: { id: string }) => x.id)).toEqual([created.id]);
      expect(expectData(await c.get(`/${path}?metadata[a]=1`))).toEqual([]);

      const reserved = expectError(await c.patch(`/${path}/${created.id}`, { metadata: { _sb_x: 'y' } }), 400, 'validation_error');
      expect(reserved.details).toEqual([{ field: 'metadata._sb_x', message: expect.stringMatching(/reserved/) }]);
      expect(invalidFields(await c.patch(`/${path}/${created.id}`, { metadata: { ['k'.repeat(41)]: 'v', long: 'v'.repeat(501) } }))).toEqual([
        `metadata.${'k'.repeat(41)}`,
        'metadata.long',
      ]);
      const many = Object.fromEntries(Array.from({ length: 49 }, (_, i) => [`k${i}`, 'v']));
      expect(invalidFields(await c.patch(`/${path}/${created.id}`, { metadata: many }))).toEqual(['metadata.k48']);
      expect(expectData(await c.get(`/${path}/${created.id}`)).metadata).toEqual({ b: '2', c: '3' });

      // Deleting the record takes its metadata out of the filter index too.
      expectData(await c.delete(`/${path}/${created.id}`));
      expect(expectData(await c.get(`/${path}?metadata[c]=3`))).toEqual([]);
      const leftovers = await api.db.selectFrom('metadata_entries').selectAll().where('resource_id', '=', Number(created.id.split('_')[1])).where('resource', '=', path.slice(0, -1) as never).execute();
      expect(leftovers).toEqual([]);
    });
  }

  it('a metadata change on a finalised invoice is refused like any edit', async () => {
    const invoice = expectData(await c.post('/invoices', { contactId, lines: [{ description: 'x', unitPrice: 100 }] }), 201);
    expectData(await c.post(`/invoices/${invoice.id}/finalise`));
    expectError(await c.patch(`/invoices/${invoice.id}`, { metadata: { late: 'yes' } }), 409, 'conflict');
  });

  it('a categorised transaction’s metadata can still change (it is not in the ledger)', async () => {
    const sales = expectData(await c.get('/accounts?type=income')).find((a: { code: string }) => a.code === '4000').id;
    const txn = expectData(await c.post('/transactions', { date: '2026-01-11', description: 'Sale', amount: 500, accountId: sales }), 201);
    expect(expectData(await c.patch(`/transactions/${txn.id}`, { metadata: { matched: 'yes' } })).metadata).toEqual({ matched: 'yes' });
    expect((await journal(api, c)).length).toBe(2);
  });
});

describe('idempotent bookkeeping writes', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.close());

  it('replays a create and a finalise instead of running them twice', async () => {
    const c = await signUp(api);
    const contactId = expectData(await c.post('/contacts', { name: 'Idem' }), 201).id;
    const send = (path: string, key: string, body: unknown) =>
      api.request('POST', path, { token: c.token, body, headers: { 'idempotency-key': key } });
    const body = { contactId, lines: [{ description: 'x', unitPrice: 1000, taxRate: 20 }] };
    const first = await send('/invoices', 'create-1', body);
    const again = await send('/invoices', 'create-1', body);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.json).toEqual(first.json);
    expect((await c.get('/invoices')).json.meta.total).toBe(1);
    const id = first.json.data.id;
    const fin = await send(`/invoices/${id}/finalise`, 'fin-1', {});
    const finAgain = await send(`/invoices/${id}/finalise`, 'fin-1', {});
    expect(fin.status).toBe(200);
    expect(finAgain.headers.get('idempotent-replayed')).toBe('true');
    expect(finAgain.json).toEqual(fin.json);
    expect(await journal(api, c)).toHaveLength(1);
    // An illegal transition under a new key is a stored 409, and nothing was posted.
    const illegal = await send(`/invoices/${id}/finalise`, 'fin-2', {});
    expect(illegal.status).toBe(409);
    expect(await journal(api, c)).toHaveLength(1);
  });
});
