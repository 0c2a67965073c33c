import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCOPES, type Scope } from '../../server/auth/scopes.js';
import { defineRoute, type RouteDef } from '../../server/http/route.js';
import { registerOrg, startApi, type TestApi } from '../helpers/api.js';
import { createKey } from '../helpers/api-keys.js';

// One probe route per scope, so the matrix tests the router's enforcement (generated from the
// route table) independently of which resources exist.
const probePath = (scope: Scope) => `/test/scope/${scope.replace(':', '/')}`;
const probes: RouteDef[] = SCOPES.map((scope) =>
  defineRoute({
    method: scope.endsWith(':read') ? 'get' : 'post',
    path: probePath(scope),
    operationId: `probe_${scope.replace(/[:-]/g, '_')}`,
    summary: `Needs ${scope}`,
    tag: 'Test',
    access: 'principal',
    scope,
    handler: async () => ({ data: { ok: true } }),
  }),
);

/** SPEC §2, restated independently of server/auth/scopes.ts: write implies read; `*` is everything. */
function expectedToPass(granted: string, required: Scope): boolean {
  if (granted === '*' || granted === required) return true;
  const [resource, action] = required.split(':');
  return action === 'read' && granted === `${resource}:write`;
}

describe('scopes', () => {
  let api: TestApi;
  let token: string;
  beforeAll(async () => {
    api = await startApi({ extraRoutes: probes });
    token = (await registerOrg(api)).token;
  });
  afterAll(() => api.close());

  const call = (scope: Scope, auth: { apiKey?: string; token?: string }) =>
    api.request(scope.endsWith(':read') ? 'GET' : 'POST', probePath(scope), { ...auth, body: scope.endsWith(':read') ? undefined : {} });

  it('enforces every (granted, required) pair: read-only cannot write, write implies read, * grants all', async () => {
    for (const granted of [...SCOPES, '*']) {
      const key = await createKey(api, token, { scopes: [granted] });
      const responses = await Promise.all(SCOPES.map((required) => call(required, { apiKey: key.secret })));
      for (const [index, required] of SCOPES.entries()) {
        const res = responses[index]!;
        const label = `${granted} → ${required}`;
        if (expectedToPass(granted, required)) {
          expect(res.status, label).toBe(200);
        } else {
          expect(res.status, label).toBe(403);
          expect(res.json.error, label).toEqual({
            code: 'insufficient_scope',
            message: `This API key requires the ${required} scope`,
            requiredScope: required,
          });
        }
      }
    }
  });

  it('checks a few pairs by name, as documented', async () => {
    const readOnly = await createKey(api, token, { scopes: ['invoices:read'] });
    expect((await call('invoices:read', { apiKey: readOnly.secret })).status).toBe(200);
    expect((await call('invoices:write', { apiKey: readOnly.secret })).status).toBe(403);
    const writer = await createKey(api, token, { scopes: ['contacts:write'] });
    expect((await call('contacts:read', { apiKey: writer.secret })).status).toBe(200);
    expect((await call('invoices:read', { apiKey: writer.secret })).status).toBe(403);
  });

  it('offers reports as read-only and bank imports as write-only', async () => {
    expect(SCOPES).toContain('reports:read');
    expect(SCOPES).not.toContain('reports:write');
    expect(SCOPES).toContain('bank-imports:write');
    expect(SCOPES).not.toContain('bank-imports:read');
  });

  it('combines several scopes on one key', async () => {
    const key = await createKey(api, token, { scopes: ['reports:read', 'quotes:write'] });
    expect((await call('reports:read', { apiKey: key.secret })).status).toBe(200);
    expect((await call('quotes:write', { apiKey: key.secret })).status).toBe(200);
    expect((await call('quotes:read', { apiKey: key.secret })).status).toBe(200);
    expect((await call('transactions:read', { apiKey: key.secret })).status).toBe(403);
  });

  it('lets a user session act with its full role on every scoped route', async () => {
    for (const required of SCOPES) expect((await call(required, { token })).status, required).toBe(200);
  });

  it('publishes each route’s scope in the OpenAPI document', async () => {
    const doc = (await api.request('GET', '/openapi.json')).json;
    for (const scope of SCOPES) {
      const op = doc.paths[probePath(scope)][scope.endsWith(':read') ? 'get' : 'post'];
      expect(op['x-required-scope']).toBe(scope);
    }
    expect(doc.paths['/request-log'].get['x-required-scope']).toBe('organisation:read');
    expect(doc.paths['/api-keys'].post['x-required-scope']).toBe('user-session');
  });
});
