import { describe, expect, it } from 'vitest';
import { DEFAULT_HALF_LIFE_MS, createRanker, nextPlaceholder, placeholders, rankSuggestions, recordUse, type Use } from '../../../../shell/power/frecency.js';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const NOW = Date.UTC(2026, 0, 15, 12);
const routes = [
  { method: 'DELETE', path: '/invoices/{id}' },
  { method: 'POST', path: '/invoices' },
  { method: 'GET', path: '/invoices/{id}' },
  { method: 'GET', path: '/invoices' },
  { method: 'GET', path: '/contacts' },
  { method: 'POST', path: '/invoices/{id}/finalise' },
];
const texts = (list: { text: string }[]) => list.map((s) => s.text);
const use = (line: string, agoMs: number): Use => ({ line, at: NOW - agoMs });

describe('rankSuggestions: routes without history', () => {
  it('ranks list endpoints first, then other parameter-free operations, then GETs with parameters', () => {
    expect(texts(rankSuggestions('', [], routes, NOW))).toEqual([
      'GET /invoices',
      'GET /contacts',
      'POST /invoices',
      'GET /invoices/{id}',
      'DELETE /invoices/{id}',
      'POST /invoices/{id}/finalise',
    ]);
    expect(texts(rankSuggestions('POST /inv', [], routes, NOW))).toEqual(['POST /invoices', 'POST /invoices/{id}/finalise']);
  });

  it('matches the method word in any case and flags placeholders', () => {
    const ranked = rankSuggestions('get /invoices', [], routes, NOW);
    expect(ranked).toEqual([{ text: 'GET /invoices/{id}', score: 0, source: 'route', placeholders: true }]);
    expect(rankSuggestions('GET /Inv', [], routes, NOW)).toEqual([]);
  });
});

describe('rankSuggestions: frecency', () => {
  it('puts a frequent line above a once-used one of the same age', () => {
    const history = [use('GET /invoices?status=paid', 2 * HOUR), use('GET /invoices?status=paid', 2 * HOUR), use('GET /contacts?page=2', 2 * HOUR)];
    expect(texts(rankSuggestions('GET /', history, [], NOW))).toEqual(['GET /invoices?status=paid', 'GET /contacts?page=2']);
  });

  it('lets a recent use beat several old ones (half-life decay)', () => {
    const old = Array.from({ length: 3 }, () => use('GET /invoices?status=draft', 10 * DAY));
    const history = [...old, use('GET /invoices?status=paid', HOUR)];
    const ranked = rankSuggestions('GET /invoices?', history, [], NOW);
    expect(texts(ranked)).toEqual(['GET /invoices?status=paid', 'GET /invoices?status=draft']);
    expect(ranked[0]!.score).toBeCloseTo(0.5 ** (HOUR / DEFAULT_HALF_LIFE_MS), 10);
    expect(ranked[1]!.score).toBeCloseTo(3 * 0.5 ** (10 / 3), 10);
  });

  it('but frequency wins over slight recency', () => {
    const history = [use('GET /a', 2 * DAY), use('GET /a', 2 * DAY), use('GET /a', 2 * DAY), use('GET /b', 0)];
    expect(texts(rankSuggestions('GET /', history, [], NOW))).toEqual(['GET /a', 'GET /b']);
  });

  it('honours a custom half-life', () => {
    const history = [use('GET /a', 2 * DAY), use('GET /a', 2 * DAY), use('GET /b', 0)];
    expect(texts(rankSuggestions('GET /', history, [], NOW, { halfLifeMs: HOUR }))).toEqual(['GET /b', 'GET /a']);
  });

  it('feeds route scores from the lines they match, server prefix and query ignored', () => {
    const history = [use('GET /api/v1/invoices/inv_1', HOUR), use('GET /invoices/inv_2', HOUR), use('GET /contacts?page=3', HOUR)];
    const ranked = rankSuggestions('GET /', history, routes, NOW, { serverPath: '/api/v1/' });
    const route = ranked.find((r) => r.text === 'GET /invoices/{id}')!;
    const line = ranked.find((r) => r.text === 'GET /invoices/inv_2')!;
    expect(route.source).toBe('route');
    expect(route.score).toBeCloseTo(line.score, 10);
    expect(ranked.find((r) => r.text === 'GET /contacts')!.score).toBeCloseTo(line.score / 2, 10);
    expect(ranked.find((r) => r.text === 'GET /invoices')!.score).toBe(0);
    expect(texts(ranked).indexOf('GET /contacts')).toBeLessThan(texts(ranked).indexOf('GET /invoices'));
  });

  it('merges a line and a route with the same text', () => {
    const ranked = rankSuggestions('GET /inv', [use('GET /invoices', HOUR)], routes, NOW);
    expect(ranked.filter((r) => r.text === 'GET /invoices')).toHaveLength(1);
    expect(ranked[0]).toMatchObject({ text: 'GET /invoices', source: 'history' });
  });

  it('puts used lines before unused routes, and ranks commands by use', () => {
    const ranked = rankSuggestions('', [use('routes inv', HOUR), use('GET /contacts/cont_1', DAY * 400)], routes, NOW, { commands: ['help', 'routes', 'history'] });
    expect(texts(ranked).slice(0, 3)).toEqual(['routes inv', 'routes', 'GET /contacts/cont_1']);
    expect(texts(ranked).slice(-2)).toEqual(['help', 'history']);
  });

  it('ranks plain string history by position (weight halves every 50 entries)', () => {
    const history = ['GET /old', ...Array.from({ length: 49 }, (_, i) => `x${i}`), 'GET /new'];
    const ranked = rankSuggestions('GET /', history, [], NOW);
    expect(ranked).toEqual([
      { text: 'GET /new', score: 1, source: 'history', placeholders: false },
      { text: 'GET /old', score: 0.5, source: 'history', placeholders: false },
    ]);
    expect(texts(rankSuggestions('GET /', ['GET /a', 'GET /b', 'GET /a'], [], NOW))).toEqual(['GET /a', 'GET /b']);
  });

  it('breaks exact ties by the more recent use', () => {
    expect(texts(rankSuggestions('GET /', ['GET /a', 'GET /b'], [], NOW, { halfLifeMs: 1 }))).toEqual(['GET /b', 'GET /a']);
    const same = [use('GET /a', HOUR), use('GET /b', HOUR)];
    expect(texts(rankSuggestions('GET /', same, [], NOW))).toEqual(['GET /b', 'GET /a']);
  });

  it('never offers the prefix itself, honours the limit, and a ranker answers many prefixes', () => {
    expect(texts(rankSuggestions('GET /invoices', [use('GET /invoices', 0)], [], NOW))).toEqual([]);
    const rank = createRanker([use('GET /invoices', 0)], routes, NOW, { limit: 2 });
    expect(texts(rank('G'))).toEqual(['GET /invoices', 'GET /contacts']);
    expect(texts(rank('DEL'))).toEqual(['DELETE /invoices/{id}']);
  });
});

describe('recordUse', () => {
  it('appends with the time and keeps the newest up to the cap', () => {
    let uses: Use[] = [];
    uses = recordUse(uses, 'GET /a', 1, 2);
    uses = recordUse(uses, 'GET /b', 2, 2);
    uses = recordUse(uses, 'GET /c', 3, 2);
    expect(uses).toEqual([
      { line: 'GET /b', at: 2 },
      { line: 'GET /c', at: 3 },
    ]);
  });
});

describe('placeholders', () => {
  const text = 'POST /invoices/{invoiceId}/lines/{lineId} {"a":{"b":1}}';

  it('finds {name} placeholders, not JSON braces', () => {
    expect(placeholders(text)).toEqual([
      { start: 15, end: 26, name: 'invoiceId' },
      { start: 33, end: 41, name: 'lineId' },
    ]);
    expect(placeholders('GET /invoices')).toEqual([]);
  });

  it('jumps to the next placeholder after the cursor, wrapping', () => {
    expect(nextPlaceholder(text, text.length)).toMatchObject({ name: 'invoiceId' });
    expect(nextPlaceholder(text, 15)).toMatchObject({ name: 'lineId' });
    expect(nextPlaceholder(text, 20)).toMatchObject({ name: 'lineId' });
    expect(nextPlaceholder(text, 33)).toMatchObject({ name: 'invoiceId' });
    expect(nextPlaceholder(text, 0)).toMatchObject({ name: 'invoiceId' });
    expect(nextPlaceholder('GET /invoices/{id}', 14)).toEqual({ start: 14, end: 18, name: 'id' });
    expect(nextPlaceholder('GET /invoices', 3)).toBeNull();
  });
});
