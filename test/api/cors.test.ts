import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type TestApi } from '../helpers/api.js';
import { cors } from '../../server/http/cors.js';

const ALLOWED = 'http://shell-host.example:8080';
const OTHER = 'https://evil.example';

const list = (value: string | null) => (value ?? '').split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);

function preflight(api: TestApi, origin: string, method = 'POST', headers = 'content-type, x-api-key, idempotency-key') {
  return api.request('OPTIONS', '/api/v1/auth/me', {
    headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': headers },
  });
}

describe('CORS on the API', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi({ config: { corsOrigins: [ALLOWED] } });
  });
  afterAll(() => api.close());

  it('answers a preflight from a configured origin with every method and header the shell sends', async () => {
    const res = await preflight(api, ALLOWED, 'PATCH', 'authorization, x-api-key, idempotency-key, content-type, x-mode');
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    expect(res.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(list(res.headers.get('access-control-allow-methods'))).toEqual(expect.arrayContaining(['get', 'post', 'put', 'patch', 'delete']));
    expect(list(res.headers.get('access-control-allow-headers'))).toEqual(
      expect.arrayContaining(['authorization', 'x-api-key', 'idempotency-key', 'content-type', 'x-mode']),
    );
    expect(Number(res.headers.get('access-control-max-age'))).toBeGreaterThan(0);
    expect(list(res.headers.get('vary'))).toContain('origin');
    // Credentials travel in headers, never cookies.
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('gives a preflight from any other origin no CORS headers, so the browser stops there', async () => {
    const res = await preflight(api, OTHER);
    expect(res.status).toBe(204);
    for (const name of ['access-control-allow-origin', 'access-control-allow-methods', 'access-control-allow-headers']) {
      expect(res.headers.get(name), name).toBeNull();
    }
    expect(list(res.headers.get('vary'))).toContain('origin');
  });

  it('lets a configured origin read responses, errors included, and the headers the shell shows', async () => {
    const ok = await api.request('GET', '/openapi.json', { headers: { origin: ALLOWED } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(list(ok.headers.get('access-control-expose-headers'))).toEqual(
      expect.arrayContaining(['idempotent-replayed', 'retry-after', 'ratelimit', 'ratelimit-policy', 'location']),
    );
    expect(list(ok.headers.get('vary'))).toContain('origin');

    // A 401 must be readable too, or the shell could only say "network error".
    const denied = await api.request('GET', '/auth/me', { headers: { origin: ALLOWED } });
    expect(denied.status).toBe(401);
    expect(denied.json.error.code).toBe('unauthorized');
    expect(denied.headers.get('access-control-allow-origin')).toBe(ALLOWED);

    const missing = await api.request('GET', '/no-such-route', { headers: { origin: ALLOWED } });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('access-control-allow-origin')).toBe(ALLOWED);
  });

  it('serves other origins as usual but without the header that would let their page read it', async () => {
    const res = await api.request('GET', '/openapi.json', { headers: { origin: OTHER } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(res.headers.get('access-control-expose-headers')).toBeNull();
    expect(list(res.headers.get('vary'))).toContain('origin');
  });

  it('always allows the server’s own origin, and only that exact origin', async () => {
    const own = await api.request('GET', '/openapi.json', { headers: { origin: api.url } });
    expect(own.headers.get('access-control-allow-origin')).toBe(api.url);
    const ownPreflight = await preflight(api, api.url);
    expect(ownPreflight.headers.get('access-control-allow-origin')).toBe(api.url);

    const port = Number(new URL(api.url).port);
    const neighbour = `http://127.0.0.1:${port + 1}`;
    const other = await api.request('GET', '/openapi.json', { headers: { origin: neighbour } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const https = await api.request('GET', '/openapi.json', { headers: { origin: api.url.replace('http:', 'https:') } });
    expect(https.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('adds nothing to requests without an Origin (curl, servers)', async () => {
    const res = await api.request('GET', '/openapi.json');
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(list(res.headers.get('vary'))).toContain('origin');
  });

  it('leaves non-CORS OPTIONS requests to the router', async () => {
    const res = await api.request('OPTIONS', '/api/v1/openapi.json');
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(res.headers.get('access-control-allow-methods')).toBeNull();
  });
});

describe('CORS defaults and options', () => {
  it('allows no foreign origin when CORS_ORIGINS is empty', async () => {
    const api = await startApi();
    try {
      const res = await preflight(api, ALLOWED);
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
      const own = await preflight(api, api.url);
      expect(own.headers.get('access-control-allow-origin')).toBe(api.url);
    } finally {
      await api.close();
    }
  });

  it('knows its own https origin behind a trusted proxy', async () => {
    const api = await startApi({ config: { trustProxy: true } });
    try {
      const host = new URL(api.url).host;
      const res = await api.request('GET', '/openapi.json', { headers: { origin: `https://${host}`, 'x-forwarded-proto': 'https' } });
      expect(res.headers.get('access-control-allow-origin')).toBe(`https://${host}`);
    } finally {
      await api.close();
    }
  });

  it('refuses an option that is not a bare origin up front', () => {
    expect(() => cors({ origins: ['https://example.com/app'] })).toThrow(/bare origin/);
    expect(() => cors({ origins: ['example.com'] })).toThrow(/not an origin/);
    expect(() => cors({ origins: ['https://example.com'] })).not.toThrow();
  });
});
