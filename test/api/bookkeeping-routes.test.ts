import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type TestApi } from '../helpers/api.js';
import { bookkeepingRoutes } from '../../server/resources/bookkeeping-routes.js';

/** SPEC §2: every bookkeeping route declares the scope of its resource — read for GET, write otherwise. */
describe('bookkeeping routes in the route table', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.close());

  const resourceOf: Record<string, string> = {
    organisation: 'organisation',
    contacts: 'contacts',
    accounts: 'accounts',
    invoices: 'invoices',
    transactions: 'transactions',
    quotes: 'quotes',
    reports: 'reports',
  };

  it('declares principal access and the resource scope on every route', () => {
    expect(bookkeepingRoutes.length).toBeGreaterThan(40);
    for (const route of bookkeepingRoutes) {
      const resource = resourceOf[route.path.split('/')[1]!];
      const label = `${route.method.toUpperCase()} ${route.path}`;
      expect(resource, label).toBeDefined();
      expect(route.access, label).toBe('principal');
      expect(route.scope, label).toBe(`${resource}:${route.method === 'get' ? 'read' : 'write'}`);
    }
    expect(bookkeepingRoutes.filter((r) => r.path.startsWith('/reports')).every((r) => r.method === 'get')).toBe(true);
  });

  it('publishes every route with its scope, and each resource schema with its ID prefix', async () => {
    const doc = (await api.request('GET', '/openapi.json')).json;
    for (const route of bookkeepingRoutes) {
      expect(doc.paths[route.path][route.method]['x-required-scope'], `${route.method} ${route.path}`).toBe(route.scope);
    }
    const prefixes = Object.fromEntries(
      ['Organisation', 'Contact', 'Account', 'Invoice', 'Quote', 'Transaction'].map((name) => [name, doc.components.schemas[name]['x-id-prefix']]),
    );
    expect(prefixes).toEqual({ Organisation: 'org', Contact: 'cont', Account: 'acc', Invoice: 'inv', Quote: 'quo', Transaction: 'txn' });
    expect(doc.components.schemas.Invoice.description).toMatch(/rounded half-up/);
    const metadataParam = doc.paths['/invoices'].get.parameters.find((p: { name: string }) => p.name === 'metadata');
    expect(metadataParam).toMatchObject({ in: 'query', style: 'deepObject', explode: true });
  });
});
