import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type TestApi } from '../helpers/api.js';
import { accountId, expectData, expectError, invalidFields, signUp, type Client } from '../helpers/bookkeeping.js';

type Account = { id: string; code: string; name: string; type: string; systemKey: string | null };

describe('/accounts', () => {
  let api: TestApi;
  let owner: Client;
  beforeAll(async () => {
    api = await startApi();
    owner = await signUp(api);
  });
  afterAll(() => api.close());

  describe('the default chart of accounts', () => {
    it('gives every new organisation a UK-style chart, in code order, with the system accounts postings need', async () => {
      const res = await owner.get('/accounts?perPage=100');
      const accounts: Account[] = expectData(res);
      const codes = accounts.map((a) => a.code);
      expect(codes).toEqual([...codes].sort());
      const byCode = Object.fromEntries(accounts.map((a) => [a.code, a]));
      expect(byCode['1200']).toMatchObject({ name: 'Bank', type: 'asset', systemKey: 'bank' });
      expect(byCode['1100']).toMatchObject({ name: 'Debtors', type: 'asset', systemKey: 'debtors' });
      expect(byCode['2100']).toMatchObject({ name: 'Creditors', type: 'liability', systemKey: 'creditors' });
      expect(byCode['2200']).toMatchObject({ name: 'VAT', type: 'liability', systemKey: 'vat' });
      expect(byCode['3000']).toMatchObject({ type: 'equity', systemKey: 'equity' });
      expect(byCode['3200']).toMatchObject({ name: 'Retained earnings', type: 'equity', systemKey: 'retained_earnings' });
      expect(byCode['4000']).toMatchObject({ name: 'Sales', type: 'income', systemKey: 'sales' });
      expect(byCode['5000']).toMatchObject({ type: 'expense' });
      expect(byCode['7000']).toMatchObject({ type: 'expense' });
      expect(new Set(accounts.map((a) => a.type))).toEqual(new Set(['asset', 'liability', 'equity', 'income', 'expense']));
      expect(res.json.meta.total).toBe(accounts.length);
    });

    it('has its own copy in test mode, with different IDs', async () => {
      const live: Account[] = expectData(await owner.get('/accounts?perPage=100'));
      const test: Account[] = expectData(await owner.inMode('test').get('/accounts?perPage=100'));
      expect(test.map((a) => a.code)).toEqual(live.map((a) => a.code));
      const liveIds = new Set(live.map((a) => a.id));
      expect(test.some((a) => liveIds.has(a.id))).toBe(false);
      expectError(await owner.inMode('test').get(`/accounts/${live[0]!.id}`), 404, 'not_found');
    });

    it('filters by type and pages', async () => {
      const income: Account[] = expectData(await owner.get('/accounts?type=income'));
      expect(income.length).toBeGreaterThan(0);
      expect(income.every((a) => a.type === 'income')).toBe(true);
      const page = await owner.get('/accounts?perPage=2&page=2');
      expect(expectData(page)).toHaveLength(2);
      expect(page.json.meta).toMatchObject({ page: 2, perPage: 2 });
      expect(invalidFields(await owner.get('/accounts?perPage=101'))).toEqual(['perPage']);
    });
  });

  describe('CRUD', () => {
    it('creates, reads, updates and deletes an account', async () => {
      const res = await owner.post('/accounts', { code: '7700', name: 'Training', type: 'expense' });
      const created = expectData(res, 201);
      expect(created).toMatchObject({ id: expect.stringMatching(/^acc_\d+$/), code: '7700', name: 'Training', type: 'expense', description: null, systemKey: null });
      expect(res.headers.get('location')).toBe(`/api/v1/accounts/${created.id}`);
      expect(expectData(await owner.get(`/accounts/${created.id}`))).toEqual(created);
      const patched = expectData(await owner.patch(`/accounts/${created.id}`, { name: 'Staff training', description: 'Courses' }));
      expect(patched).toMatchObject({ code: '7700', name: 'Staff training', description: 'Courses', type: 'expense' });
      const replaced = expectData(await owner.put(`/accounts/${created.id}`, { code: '7710', name: 'Training', type: 'expense' }));
      expect(replaced).toMatchObject({ code: '7710', description: null });
      expect(expectData(await owner.delete(`/accounts/${created.id}`))).toEqual({ id: created.id, deleted: true });
      expectError(await owner.get(`/accounts/${created.id}`), 404, 'not_found');
    });

    it('refuses a duplicate code with 409, on create and on update', async () => {
      const err = expectError(await owner.post('/accounts', { code: '4000', name: 'More sales', type: 'income' }), 409, 'conflict');
      expect(err.message).toBe('An account with code 4000 already exists');
      const other = expectData(await owner.post('/accounts', { code: '4200', name: 'Rental income', type: 'income' }), 201);
      expectError(await owner.patch(`/accounts/${other.id}`, { code: '4000' }), 409, 'conflict');
      // The same code is free in test mode, which has its own chart.
      expectData(await owner.inMode('test').post('/accounts', { code: '4200', name: 'Rental income', type: 'income' }), 201);
    });

    it('validates every field', async () => {
      expect(invalidFields(await owner.post('/accounts', { code: 'way too long code', name: '', type: 'revenue' }))).toEqual(['code', 'name', 'type']);
      expect(invalidFields(await owner.post('/accounts', {}))).toEqual(['code', 'name', 'type']);
    });

    it('protects system accounts: no delete, no type change, but renaming is fine', async () => {
      const debtors = await accountId(owner, '1100');
      const del = expectError(await owner.delete(`/accounts/${debtors}`), 409, 'conflict');
      expect(del.message).toMatch(/system debtors account/);
      const type = expectError(await owner.patch(`/accounts/${debtors}`, { type: 'liability' }), 409, 'conflict');
      expect(type.message).toMatch(/type cannot change/);
      expect(expectData(await owner.patch(`/accounts/${debtors}`, { name: 'Trade debtors' })).name).toBe('Trade debtors');
    });

    it('hides another organisation’s accounts behind 404', async () => {
      const stranger = await signUp(api);
      const sales = await accountId(owner, '4000');
      const missing = (await stranger.get('/accounts/acc_999999')).json;
      expect((await stranger.get(`/accounts/${sales}`)).json).toEqual(missing);
      expect((await stranger.patch(`/accounts/${sales}`, { name: 'x' })).json).toEqual(missing);
      expect((await stranger.delete(`/accounts/${sales}`)).json).toEqual(missing);
      expect((await owner.get(`/accounts/${sales.replace('acc_', 'cont_')}`)).json).toEqual(missing);
    });
  });
});
