import { describe, expect, it } from 'vitest';
import { escapeHtml, groupOperations, renderDocs } from '../../server/demo-docs.js';
import { fillTemplate } from '../../server/demo-site.js';
import { buildOpenApiDocument } from '../../server/http/openapi.js';
import { allRoutes } from '../../server/http/routes.js';

const doc = {
  openapi: '3.1.0',
  info: { title: 'Test API', version: '2.3.0' },
  servers: [{ url: '/api/v1' }],
  tags: [{ name: 'Invoices', description: 'Bills you send' }, { name: 'Contacts' }, { name: 'Unused' }],
  paths: {
    '/contacts': { get: { tags: ['Contacts'], summary: 'List contacts', 'x-required-scope': 'contacts:read' } },
    '/invoices/{id}': {
      parameters: [{ name: 'id', in: 'path', schema: { type: 'string', pattern: '^inv_[1-9][0-9]*$' } }],
      summary: 'not an operation',
      get: { tags: ['Invoices'], summary: 'Get an invoice', 'x-required-scope': 'invoices:read' },
      delete: { tags: ['Invoices'], summary: 'Delete a draft', 'x-required-scope': 'invoices:write' },
    },
    '/invoices': { post: { tags: ['Invoices'], operationId: 'createInvoice', 'x-required-scope': 'invoices:write' } },
    '/api-keys': { get: { tags: ['API keys'], summary: 'List keys', 'x-required-scope': 'user-session' } },
    '/healthz': { get: { summary: 'Health' } },
  },
  components: {
    securitySchemes: {
      apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'sk_live_… or sk_test_…' },
      bearerAuth: { type: 'http', scheme: 'bearer' },
    },
  },
};

describe('groupOperations', () => {
  it('groups operations by first tag in the declared tag order, dropping empty tags', () => {
    const groups = groupOperations(doc);
    expect(groups.map((g) => g.name)).toEqual(['Invoices', 'Contacts', 'API keys', 'Other']);
    const invoices = groups[0]!;
    expect(invoices.description).toBe('Bills you send');
    expect(invoices.endpoints.map((e) => `${e.method} ${e.path}`)).toEqual(['get /invoices/{id}', 'delete /invoices/{id}', 'post /invoices']);
    expect(invoices.endpoints[0]).toMatchObject({ summary: 'Get an invoice', scope: 'invoices:read', idPrefixes: ['inv'] });
    // No summary: the operationId stands in.
    expect(invoices.endpoints[2]?.summary).toBe('createInvoice');
  });

  it('finds ID prefixes from path-parameter patterns and examples', () => {
    const groups = groupOperations({
      paths: {
        '/a/{x}': { get: { tags: ['A'], parameters: [{ name: 'x', in: 'path', example: 'shp_8Hq2' }] } },
        '/b/{y}': { get: { tags: ['B'], parameters: [{ name: 'y', in: 'path', schema: { examples: ['pkg_1'] } }] } },
        '/c/{z}': { get: { tags: ['C'], parameters: [{ name: 'z', in: 'path', schema: { type: 'integer', example: 42 } }] } },
        '/d': { get: { tags: ['D'], parameters: [{ name: 'q', in: 'query', example: 'abc_1' }] } },
      },
    });
    expect(groups.map((g) => g.endpoints[0]?.idPrefixes)).toEqual([['shp'], ['pkg'], [], []]);
  });

  it('returns nothing for documents it cannot read', () => {
    for (const bad of [null, 42, 'x', [], {}, { paths: [] }, { paths: { '/x': 'nope' } }]) expect(groupOperations(bad)).toEqual([]);
  });
});

describe('renderDocs', () => {
  it('renders base URL, authentication, contents and every endpoint with its method and scope', () => {
    const html = renderDocs(doc);
    expect(html).toContain('Base URL <code>/api/v1</code>');
    expect(html).toContain('version 2.3.0');
    expect(html).toContain('6 endpoints');
    expect(html).toContain('<code>X-API-Key</code> header');
    expect(html).toContain('<code>Authorization: Bearer …</code>');
    expect(html).toContain('<a href="#resource-invoices">Invoices</a>');
    expect(html).toContain('<a href="#resource-api-keys">API keys</a>');
    expect(html).toContain('<section class="resource" id="resource-invoices">');
    expect(html).toContain('<span class="method method-delete">DELETE</span><code class="path">/invoices/{id}</code><span class="summary">Delete a draft</span>');
    expect(html).toContain('<span class="scope" title="Required API-key scope">invoices:write</span>');
    expect(html).toContain('user session');
    expect(html).toContain('IDs look like <code>inv_…</code>');
    expect(html).not.toContain('Unused');
    expect(html).not.toContain('not an operation');
  });

  it('escapes every string taken from the document', () => {
    const evil = '<img src=x onerror="alert(1)">';
    const html = renderDocs({
      info: { version: evil },
      servers: [{ url: evil }],
      tags: [{ name: evil, description: evil }],
      paths: { [`/x/${evil}`]: { get: { tags: [evil], summary: evil, 'x-required-scope': evil } } },
      components: { securitySchemes: { [evil]: { type: 'apiKey', in: evil, name: evil, description: evil } } },
    });
    expect(html).not.toMatch(/<img/);
    expect(html).not.toMatch(/onerror="/);
    expect(html).toContain(escapeHtml(evil));
    // Fragment identifiers are reduced to safe characters.
    expect(html).toMatch(/id="resource-img-src-x-onerror-alert-1"/);
  });

  it('says so when there is no document', () => {
    expect(renderDocs(undefined)).toContain('No API description');
  });

  it('lists every operation of the app’s own document', () => {
    let document: unknown;
    const routes = allRoutes(() => document);
    document = buildOpenApiDocument(routes, { title: 'devshell', version: '1.0.0' });
    const html = renderDocs(document);
    for (const route of routes) {
      expect(html).toContain(`<span class="method method-${route.method}">${route.method.toUpperCase()}</span><code class="path">${escapeHtml(route.path)}</code>`);
    }
  });
});

describe('fillTemplate', () => {
  it('fills known placeholders in one pass and leaves others alone', () => {
    expect(fillTemplate('a %KEY% b %OTHER% c %KEY%', { KEY: '%OTHER%' })).toBe('a %OTHER% b %OTHER% c %OTHER%');
    expect(fillTemplate('100% sure, 50%', {})).toBe('100% sure, 50%');
  });
});
