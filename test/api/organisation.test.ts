import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type TestApi } from '../helpers/api.js';
import { expectData, expectError, invalidFields, signUp } from '../helpers/bookkeeping.js';

describe('/organisation', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.close());

  it('returns the caller’s organisation', async () => {
    const c = await signUp(api);
    const org = expectData(await c.get('/organisation'));
    expect(org).toEqual({
      id: `org_${c.organisationId}`,
      name: expect.stringMatching(/^Org \d+$/),
      baseCurrency: 'GBP',
      vatNumber: null,
      address: null,
      createdAt: expect.any(String),
    });
  });

  it('PATCH changes only what it names; the settings are shared by both modes', async () => {
    const c = await signUp(api);
    const patched = expectData(await c.patch('/organisation', { name: 'Brindle Ltd', vatNumber: 'GB 123 4567 89', address: { line1: '2 Mill Lane', postcode: 'YO1 7HH' } }));
    expect(patched).toMatchObject({
      name: 'Brindle Ltd',
      vatNumber: 'GB 123 4567 89',
      address: { line1: '2 Mill Lane', line2: null, city: null, region: null, postcode: 'YO1 7HH', country: null },
    });
    expect(expectData(await c.patch('/organisation', { vatNumber: null }))).toMatchObject({ name: 'Brindle Ltd', vatNumber: null, address: { line1: '2 Mill Lane' } });
    expect(expectData(await c.inMode('test').get('/organisation')).name).toBe('Brindle Ltd');
    expect(expectData(await c.get('/organisation'))).toEqual(expectData(await c.patch('/organisation', {})));
  });

  it('validates every field', async () => {
    const c = await signUp(api);
    expect(invalidFields(await c.patch('/organisation', { name: '', baseCurrency: 'pounds', address: { street: 'x' }, id: 'org_9' }))).toEqual([
      'address.street',
      'baseCurrency',
      'id',
      'name',
    ]);
    // Three letters are not enough: the code must be a real ISO 4217 currency.
    expect(invalidFields(await c.patch('/organisation', { baseCurrency: 'XYZ' }))).toEqual(['baseCurrency']);
  });

  it('lets the base currency change until the ledger has postings, and new records default to it', async () => {
    const c = await signUp(api);
    expect(expectData(await c.patch('/organisation', { baseCurrency: 'eur' })).baseCurrency).toBe('EUR');
    const contact = expectData(await c.post('/contacts', { name: 'Kunde' }), 201).id;
    const invoice = expectData(await c.post('/invoices', { contactId: contact, lines: [{ description: 'x', unitPrice: 100 }] }), 201);
    expect(invoice.currency).toBe('EUR');
    expectData(await c.post(`/invoices/${invoice.id}/finalise`));
    expect(expectError(await c.patch('/organisation', { baseCurrency: 'GBP' }), 409, 'conflict').message).toBe(
      'The base currency cannot change from EUR: the ledger already has postings in it',
    );
    // Restating the same currency is not a change.
    expect(expectData(await c.patch('/organisation', { baseCurrency: 'EUR', name: 'Renamed' })).name).toBe('Renamed');
  });

  it('counts test-mode postings too', async () => {
    const c = await signUp(api);
    const t = c.inMode('test');
    const sales = expectData(await t.get('/accounts?type=income')).find((a: { code: string }) => a.code === '4000').id;
    expectData(await t.post('/transactions', { date: '2026-01-01', description: 'Test sale', amount: 100, accountId: sales }), 201);
    expectError(await c.patch('/organisation', { baseCurrency: 'USD' }), 409, 'conflict');
  });

  it('needs authentication', async () => {
    expectError(await api.request('GET', '/organisation'), 401, 'unauthorized');
    expectError(await api.request('PATCH', '/organisation', { body: { name: 'x' } }), 401, 'unauthorized');
  });
});
