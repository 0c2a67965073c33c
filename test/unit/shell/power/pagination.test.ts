import { describe, expect, it } from 'vitest';
import { adjacentPage, paginationStyle, parseLinkHeader, withQueryParam, type ListExchange } from '../../../../shell/power/pagination.js';

const list = (path: string, page: number, totalPages: number, extra: Partial<ListExchange> = {}): ListExchange => ({
  method: 'GET',
  path,
  status: 200,
  body: { success: true, data: [], meta: { page, perPage: 25, total: totalPages * 25, totalPages } },
  ...extra,
});

const line = (result: ReturnType<typeof adjacentPage>) => (result.ok ? result.line : `ERROR ${result.reason}`);

describe('adjacentPage: our meta', () => {
  it('asks for the next and previous page, keeping the other parameters as typed', () => {
    const last = list('/invoices?status=paid&page=2&metadata[k]=v', 2, 3);
    expect(adjacentPage(last, 'next')).toEqual({
      ok: true,
      request: { method: 'GET', path: '/invoices?status=paid&page=3&metadata[k]=v' },
      line: 'GET /invoices?status=paid&page=3&metadata[k]=v',
      page: 3,
      totalPages: 3,
      style: 'meta',
    });
    expect(line(adjacentPage(last, 'prev'))).toBe('GET /invoices?status=paid&page=1&metadata[k]=v');
  });

  it('adds the page parameter when the request had none', () => {
    expect(line(adjacentPage(list('/invoices', 1, 4), 'next'))).toBe('GET /invoices?page=2');
    expect(line(adjacentPage(list('/api/v1/invoices?perPage=5', 1, 4), 'next'))).toBe('GET /api/v1/invoices?perPage=5&page=2');
  });

  it('says why there is no adjacent page', () => {
    expect(line(adjacentPage(list('/invoices', 1, 3), 'prev'))).toBe('ERROR Already on the first page (page 1 of 3).');
    expect(line(adjacentPage(list('/invoices?page=3', 3, 3), 'next'))).toBe('ERROR Already on the last page (page 3 of 3).');
    expect(line(adjacentPage(list('/invoices', 1, 0), 'next'))).toBe('ERROR The list is empty, so there is no next page.');
    expect(line(adjacentPage(list('/invoices?page=9', 9, 3), 'next'))).toBe('ERROR Page 9 is past the last page (3); prev goes back to it.');
    expect(line(adjacentPage(list('/invoices?page=9', 9, 3), 'prev'))).toBe('GET /invoices?page=3');
  });
});

describe('adjacentPage: other APIs', () => {
  it('follows an RFC 8288 Link header, resolving relative links against the request URL', () => {
    const last: ListExchange = {
      method: 'GET',
      path: '/repos/o/r/issues?per_page=2',
      url: 'https://api.example.com/repos/o/r/issues?per_page=2',
      body: [{ id: 1 }],
      linkHeader: '<https://api.example.com/repos/o/r/issues?per_page=2&page=2>; rel="next", <?per_page=2&page=9>; rel="last"',
    };
    expect(paginationStyle(last)).toBe('link');
    expect(line(adjacentPage(last, 'next'))).toBe('GET /repos/o/r/issues?per_page=2&page=2');
    expect(line(adjacentPage(last, 'prev'))).toBe('ERROR There is no previous page (the response links none).');
    const relative = { ...last, linkHeader: '</repos/o/r/issues?page=1>; rel=prev' };
    expect(line(adjacentPage(relative, 'prev'))).toBe('GET /repos/o/r/issues?page=1');
    const elsewhere = { ...last, linkHeader: '<https://cdn.example.net/p2>; rel="next"' };
    expect(line(adjacentPage(elsewhere, 'next'))).toBe('GET https://cdn.example.net/p2');
  });

  it('follows JSON:API and HAL links in the body', () => {
    const jsonApi: ListExchange = { method: 'GET', path: '/articles', url: 'https://x.test/articles', body: { data: [], links: { next: '/articles?page[number]=2', prev: null } } };
    expect(paginationStyle(jsonApi)).toBe('links');
    expect(line(adjacentPage(jsonApi, 'next'))).toBe('GET /articles?page[number]=2');
    expect(line(adjacentPage(jsonApi, 'prev'))).toBe('ERROR There is no previous page (the response links none).');
    const hal: ListExchange = { method: 'GET', path: '/orders', url: 'https://x.test/orders?page=2', body: { _links: { previous: { href: '/orders?page=1' } } } };
    expect(line(adjacentPage(hal, 'prev'))).toBe('GET /orders?page=1');
  });

  it('pages Stripe-style cursor lists in both directions', () => {
    const first: ListExchange = { method: 'GET', path: '/v1/customers?limit=2', body: { object: 'list', data: [{ id: 'cus_b' }, { id: 'cus_a' }], has_more: true } };
    expect(paginationStyle(first)).toBe('cursor');
    expect(line(adjacentPage(first, 'next'))).toBe('GET /v1/customers?limit=2&starting_after=cus_a');
    expect(line(adjacentPage(first, 'prev'))).toBe('ERROR Already on the first page.');
    const second: ListExchange = { ...first, path: '/v1/customers?limit=2&starting_after=cus_a', body: { data: [{ id: 'cus_9' }, { id: 'cus_8' }], has_more: false } };
    expect(line(adjacentPage(second, 'next'))).toBe('ERROR Already on the last page (has_more is false).');
    expect(line(adjacentPage(second, 'prev'))).toBe('GET /v1/customers?limit=2&ending_before=cus_9');
    const back: ListExchange = { ...first, path: '/v1/customers?limit=2&ending_before=cus_9', body: { data: [{ id: 'cus_b' }, { id: 'cus_a' }], has_more: false } };
    expect(line(adjacentPage(back, 'prev'))).toBe('ERROR Already on the first page.');
    expect(line(adjacentPage(back, 'next'))).toBe('GET /v1/customers?limit=2&starting_after=cus_a');
  });
});

describe('adjacentPage: not a list', () => {
  it('explains what is missing', () => {
    expect(line(adjacentPage(null, 'next'))).toBe('ERROR No list request yet: run one first, e.g. GET /invoices.');
    const single: ListExchange = { method: 'GET', path: '/invoices/inv_1', status: 200, body: { success: true, data: { id: 'inv_1' } } };
    expect(paginationStyle(single)).toBeNull();
    expect(line(adjacentPage(single, 'next'))).toContain('ERROR The last response is not a paginated list');
    expect(line(adjacentPage({ ...list('/invoices', 1, 2), status: 401 }, 'next'))).toBe('ERROR The last response was an error (401), not a page of a list.');
    expect(paginationStyle({ ...list('/invoices', 1, 2), status: 401 })).toBeNull();
    expect(line(adjacentPage({ ...list('/invoices', 1, 2), method: 'POST' }, 'next'))).toContain('follow GET list requests');
  });
});

describe('parseLinkHeader', () => {
  it('reads several links, quoted and bare rel values, commas inside URLs', () => {
    expect(parseLinkHeader('<https://a.test/x?ids=1,2>; rel="next last"; title="a, b", </y>;rel=prev,<z>')).toEqual([
      { url: 'https://a.test/x?ids=1,2', rel: ['next', 'last'] },
      { url: '/y', rel: ['prev'] },
      { url: 'z', rel: [] },
    ]);
    expect(parseLinkHeader('<a>; REL="Next"')).toEqual([{ url: 'a', rel: ['next'] }]);
    expect(parseLinkHeader('garbage')).toEqual([]);
  });
});

describe('withQueryParam', () => {
  it('replaces in place, appends, removes and keeps a fragment', () => {
    expect(withQueryParam('/x?a=1&page=2&b=3', 'page', '5')).toBe('/x?a=1&page=5&b=3');
    expect(withQueryParam('/x', 'page', '2')).toBe('/x?page=2');
    expect(withQueryParam('/x?page=1&page=2', 'page', '3')).toBe('/x?page=3');
    expect(withQueryParam('/x?a=1&page=2', 'page', null)).toBe('/x?a=1');
    expect(withQueryParam('/x?page=2', 'page', null)).toBe('/x');
    expect(withQueryParam('/x?a=1#top', 'page', '2')).toBe('/x?a=1&page=2#top');
    expect(withQueryParam('/x?q=a%20b', 'starting_after', 'cus_1')).toBe('/x?q=a%20b&starting_after=cus_1');
  });
});
