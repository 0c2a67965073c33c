/**
 * `next` / `prev`: the request for the page next to the last list response.
 *
 *   adjacentPage(last: ListExchange | null, direction: 'next' | 'prev'): PageStep
 *     → { ok: true, request: { method: 'GET', path }, line, page, totalPages, style }
 *         line      `GET <path>`, ready to run (and to show on the prompt / in history)
 *         path      for `meta` and cursor styles: the typed path with only its page / cursor
 *                   parameter changed (other parameters kept exactly as typed); for links: the
 *                   link resolved against `url`, as an absolute path (`/api/v1/items?page=3`,
 *                   which request.ts resolveUrl accepts) on the same origin, else a full URL
 *         page      the page number it asks for (meta style), else null; totalPages likewise
 *     → { ok: false, reason }   a sentence for the terminal: first/last page, empty list, not a
 *                               list, an error response, no list request yet (last = null)
 *   paginationStyle(exchange): 'meta' | 'link' | 'links' | 'cursor' | null
 *     How a response paginates, or null when it is not a paginated list: remember an
 *     exchange as "the last list request" when this is not null.
 *   withQueryParam(path, name, value: string | null): string
 *     `path` with one query parameter set (replaced in place, else appended) or removed
 *     (null); every other parameter is kept byte for byte (`metadata[k]=v` stays unencoded).
 *   parseLinkHeader(value: string): Array<{ url: string; rel: string[] }>
 *     RFC 8288: `<url>; rel="next last", <url>; rel=prev`; rel values lower-cased; commas and
 *     semicolons inside <…> and "…" are respected.
 *
 *   ListExchange = {
 *     method: string; path: string      as typed, query included (`/invoices?status=paid&page=2`)
 *     url?: string                      the absolute URL requested: the base for relative links
 *     status?: number                   a non-2xx response is not a list page
 *     body: unknown                     the parsed JSON body (undefined when not JSON)
 *     linkHeader?: string | null        response.headers.get('link') — cross-origin APIs must
 *                                       list Link in Access-Control-Expose-Headers for fetch to see it
 *   }
 *
 * Styles, tried in this order:
 *   meta    our envelope: `meta: {page, perPage, total, totalPages}` → `?page=n±1`
 *           (a page past the end steps back to the last page for prev)
 *   link    an RFC 8288 `Link` header with rel="next" / rel="prev" (or "previous")
 *   links   JSON:API / HAL bodies: `links.next` (string or {href}), `_links.next.href`
 *   cursor  Stripe lists: `{data: [{id}…], has_more}` → `starting_after=<last id>` /
 *           `ending_before=<first id>` (has_more describes the direction the request went)
 */

export interface ListExchange {
  method: string;
  path: string;
  url?: string;
  status?: number;
  body: unknown;
  linkHeader?: string | null;
}

export type PaginationStyle = 'meta' | 'link' | 'links' | 'cursor';

export type PageStep =
  | { ok: true; request: { method: 'GET'; path: string }; line: string; page: number | null; totalPages: number | null; style: PaginationStyle }
  | { ok: false; reason: string };

type Direction = 'next' | 'prev';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

export function parseLinkHeader(value: string): Array<{ url: string; rel: string[] }> {
  const links: Array<{ url: string; rel: string[] }> = [];
  let pos = 0;
  while (pos < value.length) {
    const open = value.indexOf('<', pos);
    if (open < 0) break;
    const close = value.indexOf('>', open);
    if (close < 0) break;
    const url = value.slice(open + 1, close).trim();
    pos = close + 1;
    let rel: string[] = [];
    // Parameters up to the next comma outside quotes.
    while (pos < value.length) {
      const param = /^\s*;\s*([!#$%&'*+.^_`|~0-9A-Za-z-]+)\s*(?:=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s;,]*)))?/.exec(value.slice(pos));
      if (!param) break;
      pos += param[0].length;
      const raw = param[2] !== undefined ? param[2].replace(/\\(.)/g, '$1') : (param[3] ?? '');
      if (param[1]!.toLowerCase() === 'rel' && rel.length === 0) rel = raw.toLowerCase().split(/\s+/).filter(Boolean);
    }
    links.push({ url, rel });
    const comma = value.indexOf(',', pos);
    if (comma < 0) break;
    pos = comma + 1;
  }
  return links;
}

function metaOf(body: unknown): { page: number; totalPages: number } | null {
  const meta = isRecord(body) ? body.meta : null;
  if (!isRecord(meta) || !isCount(meta.page) || meta.page < 1 || !isCount(meta.totalPages)) return null;
  return { page: meta.page, totalPages: meta.totalPages };
}

function linkUrl(value: unknown): string | null {
  if (typeof value === 'string' && value) return value;
  if (isRecord(value) && typeof value.href === 'string' && value.href) return value.href;
  return null;
}

function bodyLinks(body: unknown): { next: string | null; prev: string | null } | null {
  if (!isRecord(body)) return null;
  for (const holder of [body.links, body._links]) {
    if (!isRecord(holder)) continue;
    const next = linkUrl(holder.next);
    const prev = linkUrl(holder.prev) ?? linkUrl(holder.previous);
    if (next || prev || 'next' in holder || 'prev' in holder) return { next, prev };
  }
  return null;
}

function headerLinks(header: string | null | undefined): { next: string | null; prev: string | null } | null {
  if (!header) return null;
  const links = parseLinkHeader(header);
  const find = (...rels: string[]) => links.find((l) => l.rel.some((r) => rels.includes(r)))?.url ?? null;
  const next = find('next');
  const prev = find('prev', 'previous');
  return next || prev ? { next, prev } : null;
}

function cursorList(body: unknown): { ids: [string, string]; hasMore: boolean } | null {
  if (!isRecord(body) || typeof body.has_more !== 'boolean' || !Array.isArray(body.data)) return null;
  const first = body.data[0];
  const last = body.data[body.data.length - 1];
  const id = (item: unknown) => (isRecord(item) && typeof item.id === 'string' ? item.id : null);
  if (body.data.length > 0 && (!id(first) || !id(last))) return null;
  return { ids: [id(first) ?? '', id(last) ?? ''], hasMore: body.has_more };
}

export function paginationStyle(exchange: ListExchange): PaginationStyle | null {
  if (exchange.status !== undefined && (exchange.status < 200 || exchange.status > 299)) return null;
  if (metaOf(exchange.body)) return 'meta';
  if (headerLinks(exchange.linkHeader)) return 'link';
  if (bodyLinks(exchange.body)) return 'links';
  if (cursorList(exchange.body)) return 'cursor';
  return null;
}

/** The query parameter `name` set to `value` (or removed when null), the rest as typed. */
export function withQueryParam(path: string, name: string, value: string | null): string {
  const hashAt = path.indexOf('#');
  const hash = hashAt >= 0 ? path.slice(hashAt) : '';
  const bare = hashAt >= 0 ? path.slice(0, hashAt) : path;
  const queryAt = bare.indexOf('?');
  const base = queryAt >= 0 ? bare.slice(0, queryAt) : bare;
  const params = queryAt >= 0 ? bare.slice(queryAt + 1).split('&').filter(Boolean) : [];
  const decode = (part: string) => {
    const key = part.split('=')[0]!;
    try {
      return decodeURIComponent(key.replace(/\+/g, ' '));
    } catch {
      return key;
    }
  };
  const encoded = value === null ? null : `${encodeURIComponent(name)}=${encodeURIComponent(value)}`;
  const kept: string[] = [];
  let placed = false;
  for (const part of params) {
    if (decode(part) !== name) kept.push(part);
    else if (!placed && encoded !== null) {
      kept.push(encoded);
      placed = true;
    }
  }
  if (!placed && encoded !== null) kept.push(encoded);
  return `${base}${kept.length > 0 ? `?${kept.join('&')}` : ''}${hash}`;
}

function queryValue(path: string, name: string): string | null {
  const query = path.split('#')[0]!.split('?')[1] ?? '';
  return new URLSearchParams(query).get(name);
}

function step(path: string, style: PaginationStyle, page: number | null = null, totalPages: number | null = null): PageStep {
  return { ok: true, request: { method: 'GET', path }, line: `GET ${path}`, page, totalPages, style };
}

function linkTarget(link: string, exchange: ListExchange): string {
  let base: URL | null = null;
  try {
    base = exchange.url ? new URL(exchange.url) : null;
  } catch {
    base = null;
  }
  if (!base) return link;
  try {
    const target = new URL(link, base);
    return target.origin === base.origin ? `${target.pathname}${target.search}` : target.href;
  } catch {
    return link;
  }
}

function metaStep(exchange: ListExchange, meta: { page: number; totalPages: number }, direction: Direction): PageStep {
  const { page, totalPages } = meta;
  const at = (n: number) => step(withQueryParam(exchange.path, 'page', String(n)), 'meta', n, totalPages);
  if (totalPages === 0) return { ok: false, reason: `The list is empty, so there is no ${direction === 'next' ? 'next' : 'previous'} page.` };
  if (direction === 'next') {
    if (page > totalPages) return { ok: false, reason: `Page ${page} is past the last page (${totalPages}); prev goes back to it.` };
    if (page === totalPages) return { ok: false, reason: `Already on the last page (page ${page} of ${totalPages}).` };
    return at(page + 1);
  }
  if (page === 1) return { ok: false, reason: `Already on the first page (page 1 of ${totalPages}).` };
  return at(Math.min(page - 1, totalPages));
}

function cursorStep(exchange: ListExchange, list: { ids: [string, string]; hasMore: boolean }, direction: Direction): PageStep {
  const backwards = queryValue(exchange.path, 'ending_before') !== null;
  const startedAfter = queryValue(exchange.path, 'starting_after') !== null;
  const [firstId, lastId] = list.ids;
  if (firstId === '') return { ok: false, reason: 'The page is empty, so there is nothing to page from.' };
  const cleared = withQueryParam(withQueryParam(exchange.path, 'starting_after', null), 'ending_before', null);
  if (direction === 'next') {
    if (!backwards && !list.hasMore) return { ok: false, reason: 'Already on the last page (has_more is false).' };
    return step(withQueryParam(cleared, 'starting_after', lastId), 'cursor');
  }
  if (backwards ? !list.hasMore : !startedAfter) return { ok: false, reason: 'Already on the first page.' };
  return step(withQueryParam(cleared, 'ending_before', firstId), 'cursor');
}

export function adjacentPage(last: ListExchange | null, direction: Direction): PageStep {
  const word = direction === 'next' ? 'next' : 'previous';
  if (!last) return { ok: false, reason: 'No list request yet: run one first, e.g. GET /invoices.' };
  if (last.method.toUpperCase() !== 'GET') return { ok: false, reason: `next and prev follow GET list requests; the last request was ${last.method.toUpperCase()}.` };
  if (last.status !== undefined && (last.status < 200 || last.status > 299)) {
    return { ok: false, reason: `The last response was an error (${last.status}), not a page of a list.` };
  }
  const meta = metaOf(last.body);
  if (meta) return metaStep(last, meta, direction);
  const links = headerLinks(last.linkHeader) ?? bodyLinks(last.body);
  if (links) {
    const target = direction === 'next' ? links.next : links.prev;
    if (!target) return { ok: false, reason: `There is no ${word} page (the response links none).` };
    return step(linkTarget(target, last), headerLinks(last.linkHeader) ? 'link' : 'links');
  }
  const cursor = cursorList(last.body);
  if (cursor) return cursorStep(last, cursor, direction);
  return {
    ok: false,
    reason: 'The last response is not a paginated list: it has no meta.page and meta.totalPages, no Link header with rel="next"/"prev", and no has_more.',
  };
}
