import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Validator } from '@seriousme/openapi-schema-validator';
import { startApi, type TestApi } from '../helpers/api.js';
import { expressPath } from '../../server/http/router.js';

describe('GET /api/v1/openapi.json', () => {
  let api: TestApi;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let doc: any;
  beforeAll(async () => {
    api = await startApi();
    const res = await api.request('GET', '/openapi.json');
    expect(res.status).toBe(200);
    doc = res.json;
  });
  afterAll(() => api.close());

  it('is a valid OpenAPI 3.1 document', async () => {
    const validator = new Validator();
    const result = await validator.validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(doc.openapi).toBe('3.1.0');
  });

  it('lists exactly the routes of the route table, no more and no less', () => {
    const fromDoc = Object.entries(doc.paths as Record<string, object>)
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))
      .sort();
    const fromTable = api.routes.map((r) => `${r.method.toUpperCase()} ${r.path}`).sort();
    expect(fromDoc).toEqual(fromTable);
  });

  it('gives every authenticated operation its required scope and security', () => {
    for (const route of api.routes) {
      const op = doc.paths[route.path][route.method];
      expect(op.operationId).toBe(route.operationId);
      if (route.access === 'public') {
        expect(op.security).toEqual([]);
      } else {
        expect(op['x-required-scope'], `${route.method} ${route.path}`).toBeTypeOf('string');
        expect(op.security.length).toBeGreaterThan(0);
      }
    }
  });

  it('declares the Idempotency-Key header exactly on the operations that honour it', () => {
    for (const route of api.routes) {
      const op = doc.paths[route.path][route.method];
      const declared = (op.parameters ?? []).some((p: { in: string; name: string }) => p.in === 'header' && p.name === 'Idempotency-Key');
      const honoured = ['post', 'put', 'patch'].includes(route.method) && route.access !== 'public' && route.idempotent !== false;
      expect(declared, `${route.method} ${route.path}`).toBe(honoured);
    }
  });

  it('lists every scope of a route that needs more than one in x-required-scopes', () => {
    const convert = doc.paths['/quotes/{id}/convert'].post;
    expect(convert['x-required-scope']).toBe('quotes:write');
    expect(convert['x-required-scopes']).toEqual(['quotes:write', 'invoices:write']);
  });

  it('marks every prefixed resource schema with x-id-prefix', () => {
    for (const [name, schema] of Object.entries(doc.components.schemas as Record<string, Record<string, unknown>>)) {
      if (name === 'Error' || name === 'PageMeta') continue;
      expect(schema['x-id-prefix'], name).toMatch(/^[a-z]+$/);
    }
  });

  it('is served without authentication and with JSON content type', async () => {
    const res = await api.request('GET', '/openapi.json');
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
  });

  it('converts OpenAPI path templates to Express paths', () => {
    expect(expressPath('/invoices/{id}/finalise')).toBe('/invoices/:id/finalise');
  });
});
