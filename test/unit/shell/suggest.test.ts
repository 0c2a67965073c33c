import { describe, expect, it } from 'vitest';
import { commonCommands, suggest } from '../../../shell/suggest.js';
import type { SpecRoute } from '../../../shell/spec.js';

const route = (method: SpecRoute['method'], path: string): SpecRoute => ({ method, path, summary: '', scope: null, operationId: null });
const spec = {
  routes: [
    route('POST', '/contacts'),
    route('GET', '/contacts/{id}'),
    route('GET', '/contacts'),
    route('GET', '/invoices'),
    route('POST', '/invoices'),
    route('DELETE', '/invoices/{id}'),
  ],
};
const source = { spec, commands: ['help', 'routes', 'history'] };
const end = (text: string) => ({ text, cursor: text.length });

describe('suggest', () => {
  const history = ['GET /invoices/inv_1', 'GET /contacts', 'GET /invoices?status=draft', 'POST /contacts {"name":"A"}'];

  it('offers the most recent history entry that extends the input', () => {
    expect(suggest(end('GET /inv'), history, source)).toBe('oices?status=draft');
    expect(suggest(end('GET /invoices/'), history, source)).toBe('inv_1');
    expect(suggest(end('P'), history, source)).toBe('OST /contacts {"name":"A"}');
  });

  it('falls back to common commands from the spec, list endpoints first', () => {
    expect(suggest(end('GET /c'), [], source)).toBe('ontacts');
    expect(suggest(end('GET '), [], source)).toBe('/contacts');
    expect(suggest(end('POST /i'), [], source)).toBe('nvoices');
    expect(suggest(end('get /inv'), [], source)).toBe('oices');
    expect(suggest(end('ro'), [], source)).toBe('utes');
  });

  it('never suggests a route with a {param} placeholder', () => {
    expect(suggest(end('DELETE /'), [], source)).toBeNull();
  });

  it('is null when nothing extends the input, on an exact match, or an empty line', () => {
    expect(suggest(end('PUT /x'), history, source)).toBeNull();
    expect(suggest(end('GET /contacts'), ['GET /contacts'], { spec: { routes: [] } })).toBeNull();
    expect(suggest(end(''), history, source)).toBeNull();
    expect(suggest(end('   '), history, source)).toBeNull();
  });

  it('is null unless the cursor is at the end', () => {
    expect(suggest({ text: 'GET /inv', cursor: 3 }, history, source)).toBeNull();
  });

  it('diverging input drops the suggestion', () => {
    expect(suggest(end('GET /invoices'), ['GET /invoices/inv_1'], {})).toBe('/inv_1');
    expect(suggest(end('GET /invoicesX'), ['GET /invoices/inv_1'], {})).toBeNull();
  });

  it('skips history entries holding control characters', () => {
    expect(suggest(end('GET /a'), ['GET /a\x1b[2J'], {})).toBeNull();
  });
});

describe('commonCommands', () => {
  it('orders list GETs, then other parameter-free operations, then built-ins', () => {
    expect(commonCommands(source)).toEqual(['GET /contacts', 'GET /invoices', 'POST /contacts', 'POST /invoices', 'help', 'routes', 'history']);
    expect(commonCommands({})).toEqual([]);
  });
});
