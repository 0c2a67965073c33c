import { describe, expect, it } from 'vitest';
import { commands } from '../../../../shell/commands/registry.js';
import { lineOf } from '../../../../shell/editor/model.js';
import { createRanker } from '../../../../shell/power/frecency.js';
import { ResponseStore } from '../../../../shell/power/response-store.js';
import { orderByRank, smartComplete, smartGhost } from '../../../../shell/power/smart-complete.js';
import type { ShellSpec, SpecRoute } from '../../../../shell/spec.js';

const route = (method: SpecRoute['method'], path: string): SpecRoute => ({ method, path, summary: '', scope: null, operationId: null });
const routes: SpecRoute[] = [
  route('GET', '/invoices'),
  route('GET', '/invoices/{id}'),
  route('POST', '/invoices/{id}/pay'),
  route('GET', '/contacts'),
  route('GET', '/shipments/{shipmentId}'),
  route('GET', '/shipments/{shipmentId}/packages'),
  route('GET', '/shipments/{shipmentId}/packages/{packageId}'),
];
const spec: Pick<ShellSpec, 'routes' | 'idRoutes' | 'serverPath'> = { routes, idRoutes: new Map(), serverPath: '' };

function context(history: string[] = [], seenIds: string[] = []) {
  const rank = createRanker(history, routes, 0, { commands: commands.map((c) => c.name) });
  return { rank, responses: new ResponseStore(), completion: { spec, commands, seenIds } };
}

describe('smartGhost', () => {
  it('suggests the most used line over the most recent one (frecency), never a template', () => {
    const history = ['GET /invoices?page=2', 'GET /contacts', 'GET /invoices?page=2', 'GET /contacts', 'GET /invoices?status=paid'];
    const { rank } = context(history);
    expect(smartGhost(lineOf('GET /invoices?'), rank)).toBe('page=2');
    expect(smartGhost(lineOf('GET /invoices/'), rank)).toBeNull();
    expect(smartGhost(lineOf('GET /inv'), context().rank)).toBe('oices');
    expect(smartGhost(lineOf('GET /inv', 2), rank)).toBeNull();
  });
});

describe('smartComplete', () => {
  it('completes as complete.ts does when that makes progress, listing choices by rank', () => {
    const step = smartComplete(lineOf('GET /inv'), context());
    expect(step?.state.text).toBe('GET /invoices');
    const listed = smartComplete(lineOf('GET /'), context(['GET /contacts', 'GET /contacts?page=2']));
    expect(listed?.choices[0]).toBe('/contacts');
    expect(listed?.choices).toContain('/invoices');
  });

  it('inserts the best-ranked route template when completion has nothing better, its new {param} selected', () => {
    // A history line is not Tab's to insert (the ghost text offers it): nothing happens here.
    expect(smartComplete(lineOf('GET /invoices?st'), context(['GET /invoices?status=paid']))).toBeNull();
    const template = smartComplete(lineOf('GET /shipments/'), context());
    expect(template).toEqual({ state: { text: 'GET /shipments/{shipmentId}', cursor: 15 }, choices: [], select: { start: 15, end: 27 } });
    const deeper = smartComplete(lineOf('GET /shipments/{shipmentId}/packages/'), context());
    expect(deeper?.select).toEqual({ start: 37, end: 48 });
    expect(deeper?.state.text).toBe('GET /shipments/{shipmentId}/packages/{packageId}');
    // Used more (through a history line of its shape), the deeper template wins over the first.
    const used = smartComplete(lineOf('GET /shipments/'), context(['GET /shipments/shp_1/packages/pkg_1']));
    expect(used?.state.text).toBe('GET /shipments/{shipmentId}/packages/{packageId}');
    expect(used?.select).toEqual({ start: 15, end: 27 });
  });

  it('Tab on a selected placeholder goes to the next one, wrapping; after typing into one, Tab finds the next', () => {
    const line = 'GET /shipments/{shipmentId}/packages/{packageId}';
    expect(smartComplete(lineOf(line, 37), context(), true)?.select).toEqual({ start: 15, end: 27 });
    expect(smartComplete(lineOf(line, 15), context(), true)?.select).toEqual({ start: 37, end: 48 });
    const typed = 'GET /shipments/shp_1/packages/{packageId}';
    expect(smartComplete(lineOf(typed, 20), context())).toEqual({ state: { text: typed, cursor: 30 }, choices: [], select: { start: 30, end: 41 } });
  });

  it('completes $references from the stored bodies before anything else', () => {
    const ctx = context();
    ctx.responses.record('{"data":{"id":"inv_1","status":"paid"}}', 'application/json');
    expect(smartComplete(lineOf('GET /invoices/$last.data.i'), ctx)?.state.text).toBe('GET /invoices/$last.data.id');
  });

  it('keeps the hint (and changes nothing) when there is nothing to insert', () => {
    const hint = smartComplete(lineOf('POST /invoices/'), { ...context(), rank: () => [] });
    expect(hint?.state.text).toBe('POST /invoices/');
    expect(hint?.choices).toEqual(['/invoices/{id}']);
    expect(smartComplete(lineOf('xyzzy'), context())).toBeNull();
  });
});

describe('orderByRank', () => {
  it('orders by the best-ranked line each candidate leads to; unranked last, ties stable', () => {
    const ranked = createRanker(['GET /b', 'GET /c', 'GET /c'], [], 0)('GET ');
    expect(orderByRank('GET ', ['/a', '/b', '/c', '/d'], ranked)).toEqual(['/c', '/b', '/a', '/d']);
  });
});
