import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildOpenApiDocument } from '../../../server/http/openapi.js';
import { defineRoute, type Resource, type RouteDef } from '../../../server/http/route.js';
import { allRoutes } from '../../../server/http/routes.js';
import { authHeader, fallbackSpec, linkTarget, matchRoute, parseSpec, relativePath, SpecError } from '../../../shell/spec.js';
import { findIds } from '../../../shell/ids.js';

const ORIGIN = 'https://books.example.com';
const DOC_URL = `${ORIGIN}/api/v1/openapi.json`;

// Our API's shape: resources with x-id-prefix, enveloped responses, prefixed path IDs.
const Contact: Resource = { name: 'Contact', prefix: 'cont', schema: z.object({ id: z.string(), name: z.string() }) };
const Invoice: Resource = { name: 'Invoice', prefix: 'inv', schema: z.object({ id: z.string(), contactId: z.string() }) };
const handler = async () => ({ data: null });
const bookkeepingRoutes: RouteDef[] = [
  defineRoute({ method: 'get', path: '/contacts', operationId: 'listContacts', summary: 'List contacts', tag: 'Contacts', access: 'principal', scope: 'contacts:read', response: { resource: Contact, list: true }, handler }),
  defineRoute({ method: 'post', path: '/contacts', operationId: 'createContact', summary: 'Create a contact', tag: 'Contacts', access: 'principal', scope: 'contacts:write', body: z.object({ name: z.string() }), status: 201, response: { resource: Contact }, handler }),
  defineRoute({ method: 'get', path: '/contacts/{id}', operationId: 'getContact', summary: 'Get a contact', tag: 'Contacts', access: 'principal', scope: 'contacts:read', ids: { id: 'cont' }, response: { resource: Contact }, handler }),
  defineRoute({ method: 'get', path: '/contacts/{id}/invoices', operationId: 'listContactInvoices', summary: 'A contact’s invoices', tag: 'Contacts', access: 'principal', scope: 'invoices:read', ids: { id: 'cont' }, response: { resource: Invoice, list: true }, handler }),
  defineRoute({ method: 'get', path: '/invoices', operationId: 'listInvoices', summary: 'List invoices', tag: 'Invoices', access: 'principal', scope: 'invoices:read', response: { resource: Invoice, list: true }, handler }),
  defineRoute({ method: 'get', path: '/invoices/{id}', operationId: 'getInvoice', summary: 'Get an invoice', tag: 'Invoices', access: 'principal', scope: 'invoices:read', ids: { id: 'inv' }, response: { resource: Invoice }, handler }),
  defineRoute({ method: 'post', path: '/invoices/{id}/finalise', operationId: 'finaliseInvoice', summary: 'Finalise', tag: 'Invoices', access: 'principal', scope: 'invoices:write', ids: { id: 'inv' }, response: { resource: Invoice }, handler }),
];

/** Built by the server's own generator from a fixed table, so these tests don't move with the API. */
function ourDocument(): Record<string, unknown> {
  return buildOpenApiDocument(bookkeepingRoutes, { title: 'devshell books', version: '1' });
}

/** The document of the real, current route table. */
function realDocument(): { doc: Record<string, unknown>; routes: RouteDef[] } {
  let doc: Record<string, unknown> = {};
  const routes = allRoutes(() => doc);
  doc = buildOpenApiDocument(routes, { title: 't', version: '1' });
  return { doc, routes };
}

/** A deep copy without any parameter pattern or example: only x-id-prefix is left to go on. */
function withoutParameterHints(doc: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(doc), (key, value) => (key === 'pattern' || key === 'examples' || key === 'example' ? undefined : value));
}

describe('parseSpec with our API document', () => {
  const doc = ourDocument();
  const spec = parseSpec(doc, DOC_URL);

  it('resolves the relative server URL against the document URL', () => {
    expect(spec.serverBase).toBe(`${ORIGIN}/api/v1`);
    expect(spec.serverPath).toBe('/api/v1');
    expect(spec.title).toBe('devshell books');
  });

  it('lists every operation of the route table with summary, scope and operationId', () => {
    const fromDoc = Object.entries(doc.paths as Record<string, object>).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    // Paths in document order; within a path, methods in GET, POST, PUT, PATCH, DELETE order.
    expect(spec.routes.map((r) => `${r.method} ${r.path}`).sort()).toEqual([...fromDoc].sort());
    expect(spec.routes).toContainEqual({ method: 'GET', path: '/invoices/{id}', summary: 'Get an invoice', scope: 'invoices:read', operationId: 'getInvoice' });
  });

  it('maps x-id-prefix resources to their single-item GET route', () => {
    expect(spec.idRoutes.get('inv')).toMatchObject({ pathTemplate: '/invoices/{id}', paramName: 'id', pattern: '^inv_[1-9][0-9]*$', source: 'x-id-prefix' });
    expect(spec.idRoutes.get('cont')).toMatchObject({ pathTemplate: '/contacts/{id}', source: 'x-id-prefix' });
  });

  it('finds the routes from x-id-prefix alone, through the {success, data} envelope', () => {
    const bare = parseSpec(withoutParameterHints(doc), DOC_URL);
    expect(bare.idRoutes.get('inv')).toEqual({ pathTemplate: '/invoices/{id}', paramName: 'id', pattern: null, source: 'x-id-prefix' });
    expect(bare.idRoutes.get('cont')?.pathTemplate).toBe('/contacts/{id}');
  });

  it('reads the real route table: public routes have no scope, user routes need a session', () => {
    const { doc: real, routes } = realDocument();
    const realSpec = parseSpec(real, DOC_URL);
    expect(realSpec.routes).toHaveLength(routes.length);
    expect(realSpec.routes.find((r) => r.path === '/openapi.json')?.scope).toBeNull();
    expect(realSpec.routes.find((r) => r.path === '/auth/me')?.scope).toBe('user-session');
    expect(realSpec.auth).toEqual({ kind: 'header', name: 'X-API-Key' });
  });

  it('gives every real resource with a single-item GET route an ID route', () => {
    const { doc: real, routes } = realDocument();
    const realSpec = parseSpec(real, DOC_URL);
    let checked = 0;
    for (const route of routes) {
      if (route.method !== 'get' || !/\/\{[^}]+\}$/.test(route.path) || !route.response || !('resource' in route.response) || route.response.list) continue;
      expect(realSpec.idRoutes.has(route.response.resource.prefix), route.path).toBe(true);
      checked += 1;
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('sends the key in the apiKey header the document declares', () => {
    expect(spec.auth).toEqual({ kind: 'header', name: 'X-API-Key' });
    expect(authHeader(spec.auth, 'sk_test_x')).toEqual(['X-API-Key', 'sk_test_x']);
  });

  it('links IDs to GET routes relative to the server prefix', () => {
    expect(linkTarget('inv_29', 'inv', spec)).toBe('GET /invoices/inv_29');
    expect(linkTarget('cont_1', 'cont', spec, { requestPath: '/api/v1/invoices/inv_29' })).toBe('GET /contacts/cont_1');
    expect(linkTarget('org_1', 'org', spec)).toBeNull();
    expect(linkTarget('cont_1', 'inv', spec)).toBeNull();
  });

  it('feeds ids.ts: its idRoutes are the known prefixes, with their patterns', () => {
    expect(findIds('"inv_29", "inv_029", "cont_3", "org_1"', spec.idRoutes).map((f) => f.id)).toEqual(['inv_29', 'cont_3']);
  });

  it('matches concrete paths to routes, with or without the server prefix', () => {
    expect(matchRoute(spec, 'GET', '/api/v1/invoices/inv_29?expand=lines')).toEqual({ route: expect.objectContaining({ path: '/invoices/{id}' }), params: { id: 'inv_29' } });
    expect(matchRoute(spec, 'POST', '/invoices/inv_29/finalise')?.route.operationId).toBe('finaliseInvoice');
    expect(matchRoute(spec, 'DELETE', '/invoices/inv_29')).toBeNull();
    expect(matchRoute(spec, null, '/contacts/cont_1/invoices')?.params).toEqual({ id: 'cont_1' });
    expect(relativePath(spec, '/api/v1/invoices?page=2')).toBe('/invoices?page=2');
    expect(relativePath(spec, '/api/v1')).toBe('/');
    expect(relativePath(spec, '/api/v10/x')).toBe('/api/v10/x');
    expect(relativePath(spec, '/invoices')).toBe('/invoices');
  });
});

// A foreign API in the style of Stripe: no x-id-prefix, IDs only hinted by patterns and examples.
function foreignDocument(securitySchemes: Record<string, unknown> = { oauth: { type: 'oauth2', flows: {} } }): Record<string, unknown> {
  const idParam = (name: string, extra: Record<string, unknown>) => ({ name, in: 'path', required: true, ...extra });
  const get = (summary: string, parameters: unknown[] = [], security?: unknown) => ({
    get: { summary, parameters, ...(security ? { security } : {}), responses: { '200': { description: 'ok' } } },
  });
  return {
    openapi: '3.0.3',
    info: { title: 'Payments', version: '2024-01' },
    servers: [{ url: '/v2' }],
    security: [{ oauth: ['read_write'] }],
    paths: {
      '/customers': { ...get('List customers'), post: { summary: 'Create a customer', security: [{ oauth: ['customers:write'] }], responses: {} } },
      // examples-only (3.0 parameter `example`)
      '/customers/{customer}': get('Retrieve a customer', [idParam('customer', { schema: { type: 'string', maxLength: 5000 }, example: 'cus_NffrFeUfNV2Hib' })]),
      '/customers/{customer}/sources': get('List sources', [idParam('customer', { schema: { type: 'string' } })]),
      // pattern-only, nested under another parameter
      '/customers/{customer}/sources/{id}': get('Retrieve a source', [idParam('customer', { schema: { type: 'string' } }), idParam('id', { schema: { type: 'string', pattern: '^card_[A-Za-z0-9]{14,}$' } })]),
      // JSON Schema / 3.1 `examples` array on the schema
      '/charges/{charge}': get('Retrieve a charge', [idParam('charge', { schema: { type: 'string', examples: ['ch_3MmlLrLkdIwHu7ix0snN0B15'] } })]),
      // 3.0 `examples` map, through a $ref'd parameter declared on the path item
      '/events/{id}': { parameters: [{ $ref: '#/components/parameters/EventId' }], ...get('Retrieve an event', [], []) },
      '/ctm/{id}': get('Customer timeline', [idParam('id', { schema: { type: 'string', pattern: '^ctm_[a-z0-9]{26}$' } })]),
      // no hint: a lookup by free text is not an ID route
      '/search/{query}': get('Search', [idParam('query', { schema: { type: 'string' }, example: 'acme' })]),
      // an unhelpful example is no hint either
      '/notes/{note}': get('Note', [idParam('note', { schema: { type: 'string' }, example: 'my_note' })]),
      '/customers/{customer}/head': { head: { responses: {} } },
    },
    components: {
      parameters: { EventId: { name: 'id', in: 'path', required: true, examples: { created: { value: 'evt_1NG8Du2eZvKYlo2CUI79vXWy' } }, schema: { type: 'string' } } },
      securitySchemes,
    },
  };
}

describe('parseSpec with a foreign document', () => {
  const spec = parseSpec(foreignDocument(), 'https://api.example.com/docs/openapi.json');

  it('resolves a relative server URL `/v2` against the document URL', () => {
    expect(spec.serverBase).toBe('https://api.example.com/v2');
    expect(spec.serverPath).toBe('/v2');
  });

  it('infers prefixes from patterns and examples on the last path parameter', () => {
    expect(Object.fromEntries([...spec.idRoutes].map(([p, r]) => [p, [r.pathTemplate, r.paramName, r.source]]))).toEqual({
      cus: ['/customers/{customer}', 'customer', 'example'],
      card: ['/customers/{customer}/sources/{id}', 'id', 'pattern'],
      ch: ['/charges/{charge}', 'charge', 'example'],
      evt: ['/events/{id}', 'id', 'example'],
      ctm: ['/ctm/{id}', 'id', 'pattern'],
    });
  });

  it('derives scopes from operation security, else the document security; an empty list is public', () => {
    const scope = (method: string, path: string) => spec.routes.find((r) => r.method === method && r.path === path)?.scope;
    expect(scope('POST', '/customers')).toBe('customers:write');
    expect(scope('GET', '/customers')).toBe('read_write');
    expect(scope('GET', '/events/{id}')).toBeNull();
    expect(spec.routes.some((r) => r.path === '/customers/{customer}/head')).toBe(false);
  });

  it('fills a nested route’s other parameters from the request that showed the ID', () => {
    const card = 'card_1MvoiELkdIwHu7ixOeFh0Dh7';
    expect(linkTarget(card, 'card', spec, { requestPath: '/v2/customers/cus_NffrFeUfNV2Hib/sources' })).toBe(`GET /customers/cus_NffrFeUfNV2Hib/sources/${card}`);
    expect(linkTarget(card, 'card', spec, { requestPath: 'https://api.example.com/v2/customers/cus_NffrFeUfNV2Hib/sources/card_x?limit=3' })).toBe(
      `GET /customers/cus_NffrFeUfNV2Hib/sources/${card}`,
    );
  });

  it('is not a link when another parameter cannot be filled', () => {
    const card = 'card_1MvoiELkdIwHu7ixOeFh0Dh7';
    expect(linkTarget(card, 'card', spec)).toBeNull();
    expect(linkTarget(card, 'card', spec, { requestPath: '/charges/ch_3MmlLrLkdIwHu7ix0snN0B15' })).toBeNull();
    // The position holds customer IDs: a charge ID is not one.
    expect(linkTarget(card, 'card', spec, { requestPath: '/customers/ch_3MmlLrLkdIwHu7ix0snN0B15/sources' })).toBeNull();
  });

  it('links single-parameter routes without context', () => {
    expect(linkTarget('cus_NffrFeUfNV2Hib', 'cus', spec)).toBe('GET /customers/cus_NffrFeUfNV2Hib');
    expect(linkTarget('evt_1NG8Du2eZvKYlo2CUI79vXWy', 'evt', spec)).toBe('GET /events/evt_1NG8Du2eZvKYlo2CUI79vXWy');
  });

  it('sends a bearer token when only OAuth/bearer is declared', () => {
    expect(spec.auth).toEqual({ kind: 'bearer' });
    const bearerOnly = parseSpec(foreignDocument({ bearer: { type: 'http', scheme: 'bearer' } }), 'https://api.example.com/openapi.json');
    expect(bearerOnly.auth).toEqual({ kind: 'bearer' });
    expect(authHeader(bearerOnly.auth, 'tok')).toEqual(['Authorization', 'Bearer tok']);
  });

  it('prefers an apiKey header scheme, with its own header name', () => {
    const both = parseSpec(
      foreignDocument({ bearer: { type: 'http', scheme: 'Bearer' }, key: { type: 'apiKey', in: 'header', name: 'X-Custom-Key' } }),
      'https://api.example.com/openapi.json',
    );
    expect(both.auth).toEqual({ kind: 'header', name: 'X-Custom-Key' });
    expect(authHeader(both.auth, 'k')).toEqual(['X-Custom-Key', 'k']);
  });

  it('falls back to X-API-Key when no usable scheme is declared', () => {
    expect(parseSpec(foreignDocument({ q: { type: 'apiKey', in: 'query', name: 'key' } }), 'https://a.example/openapi.json').auth).toEqual({ kind: 'header', name: 'X-API-Key' });
    expect(parseSpec(foreignDocument({}), 'https://a.example/openapi.json').auth).toEqual({ kind: 'header', name: 'X-API-Key' });
  });
});

describe('server URLs', () => {
  const withServers = (servers: unknown) => parseSpec({ openapi: '3.1.0', info: { title: 't', version: '1' }, paths: {}, servers }, 'https://api.example.com/docs/v1/openapi.json');

  it('defaults to the document origin', () => {
    expect(withServers(undefined).serverBase).toBe('https://api.example.com');
    expect(withServers(undefined).serverPath).toBe('');
    expect(withServers([]).serverBase).toBe('https://api.example.com');
  });

  it('resolves relative URLs as URLs do, and keeps absolute ones', () => {
    expect(withServers([{ url: 'v2/' }]).serverBase).toBe('https://api.example.com/docs/v1/v2');
    expect(withServers([{ url: 'https://other.example.net/base/' }]).serverBase).toBe('https://other.example.net/base');
    expect(withServers([{ url: '//cdn.example.org/api' }]).serverBase).toBe('https://cdn.example.org/api');
  });

  it('fills server variables with their defaults', () => {
    expect(withServers([{ url: 'https://{region}.example.com/{version}', variables: { region: { default: 'eu' }, version: { default: 'v3' } } }]).serverBase).toBe(
      'https://eu.example.com/v3',
    );
  });
});

describe('invalid documents', () => {
  it('refuses what is not OpenAPI 3.x, and a relative document URL', () => {
    expect(() => parseSpec('nope', DOC_URL)).toThrow(SpecError);
    expect(() => parseSpec({ swagger: '2.0', paths: {} }, DOC_URL)).toThrow(/Swagger 2.0/);
    expect(() => parseSpec({ openapi: '3.0.0', paths: {} }, '/openapi.json')).toThrow(/not absolute/);
  });

  it('survives junk inside a document and reference cycles', () => {
    const doc = {
      openapi: '3.0.0',
      paths: {
        '/a/{id}': { get: { parameters: [{ $ref: '#/components/parameters/Loop' }, 7, null], responses: { '200': { $ref: '#/nowhere' } } } },
        '/b': 'junk',
        nope: { get: {} },
      },
      components: { parameters: { Loop: { $ref: '#/components/parameters/Loop' } }, schemas: { X: { 'x-id-prefix': 'x' } } },
    };
    const spec = parseSpec(doc, DOC_URL);
    expect(spec.routes.map((r) => r.path)).toEqual(['/a/{id}']);
    expect(spec.idRoutes.size).toBe(0);
  });

  it('offers a fallback spec when none can be loaded', () => {
    expect(fallbackSpec('https://app.example.com/')).toEqual({
      serverBase: 'https://app.example.com',
      serverPath: '',
      title: '',
      routes: [],
      idRoutes: new Map(),
      auth: { kind: 'header', name: 'X-API-Key' },
    });
  });
});
