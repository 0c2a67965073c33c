import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerOrg, startApi, type TestApi } from '../helpers/api.js';
import { createKey } from '../helpers/api-keys.js';
import { expectData, expectError } from '../helpers/bookkeeping.js';

/** The bookkeeping routes through API keys: scopes per SPEC §2 and the key's mode. */
describe('bookkeeping with API keys', () => {
  let api: TestApi;
  let token: string;
  beforeAll(async () => {
    api = await startApi();
    token = (await registerOrg(api)).token;
  });
  afterAll(() => api.close());

  const call = (key: string, method: string, path: string, body?: unknown) => api.request(method, path, { apiKey: key, body });

  it('reads with :read, writes only with :write, and names the missing scope', async () => {
    const reader = (await createKey(api, token, { scopes: ['contacts:read'] })).secret;
    expectData(await call(reader, 'GET', '/contacts'));
    const err = expectError(await call(reader, 'POST', '/contacts', { name: 'x' }), 403, 'insufficient_scope');
    expect(err.message).toBe('This API key requires the contacts:write scope');
    expectError(await call(reader, 'GET', '/invoices'), 403, 'insufficient_scope');
    const writer = (await createKey(api, token, { scopes: ['contacts:write'] })).secret;
    expectData(await call(writer, 'GET', '/contacts'));
    expectData(await call(writer, 'POST', '/contacts', { name: 'Via key' }), 201);
  });

  it('gates reports and the organisation by their own scopes', async () => {
    const reports = (await createKey(api, token, { scopes: ['reports:read'] })).secret;
    expectData(await call(reports, 'GET', '/reports/trial-balance'));
    expect(expectError(await call(reports, 'GET', '/organisation'), 403, 'insufficient_scope').message).toMatch(/organisation:read/);
    const org = (await createKey(api, token, { scopes: ['organisation:read'] })).secret;
    expectData(await call(org, 'GET', '/organisation'));
    expect(expectError(await call(org, 'PATCH', '/organisation', { name: 'x' }), 403, 'insufficient_scope').message).toMatch(/organisation:write/);
  });

  it('converting a quote also needs invoices:write, since it creates an invoice', async () => {
    const all = (await createKey(api, token, { scopes: ['*'] })).secret;
    const contact = expectData(await call(all, 'POST', '/contacts', { name: 'Quoted' }), 201).id;
    const quote = expectData(await call(all, 'POST', '/quotes', { contactId: contact }), 201).id;
    const quotesOnly = (await createKey(api, token, { scopes: ['quotes:write'] })).secret;
    expect(expectError(await call(quotesOnly, 'POST', `/quotes/${quote}/convert`), 403, 'insufficient_scope').message).toBe(
      'This API key requires the invoices:write scope',
    );
    const both = (await createKey(api, token, { scopes: ['quotes:write', 'invoices:write'] })).secret;
    expect(expectData(await call(both, 'POST', `/quotes/${quote}/convert`)).status).toBe('converted');
  });

  it('a test key sees only test data; a live key only live data', async () => {
    const live = (await createKey(api, token, { scopes: ['*'] })).secret;
    const test = (await createKey(api, token, { scopes: ['*'] }, 'test')).secret;
    const liveContact = expectData(await call(live, 'POST', '/contacts', { name: 'Live only' }), 201).id;
    expectError(await call(test, 'GET', `/contacts/${liveContact}`), 404, 'not_found');
    const testContact = expectData(await call(test, 'POST', '/contacts', { name: 'Test only' }), 201).id;
    expectError(await call(live, 'GET', `/contacts/${testContact}`), 404, 'not_found');
    expect(expectData(await call(test, 'GET', '/contacts')).map((x: { name: string }) => x.name)).toEqual(['Test only']);
  });
});
