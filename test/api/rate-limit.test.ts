import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { startApi, registerOrg, type TestApi, type TestResponse } from '../helpers/api.js';
import { createKey } from '../helpers/api-keys.js';
import { seedDemo } from '../../server/seed/demo.js';

/**
 * Rate limits run on the database's own store (RateLimiterSQLite in the `api` run,
 * RateLimiterPostgres in `api-pg`), so these tests prove both stores. The windows are long; a new
 * window is simulated by deleting the counters, as the library would find them expired.
 */

function expectRateLimited(res: TestResponse, policy: 'ip' | 'key', limit: number) {
  expect(res.status, res.text).toBe(429);
  expect(res.json).toMatchObject({ success: false, error: { code: 'rate_limited', retryAfter: expect.any(Number) } });
  expect(res.json.error.message).toContain(`${limit} per 60 seconds`);
  const retryAfter = Number(res.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
  expect(res.json.error.retryAfter).toBe(retryAfter);
  expect(res.headers.get('ratelimit')).toContain(`"${policy}";r=0;t=${retryAfter}`);
}

async function newWindow(api: TestApi) {
  await sql`delete from rate_limits`.execute(api.db);
}

describe('per API key rate limit', () => {
  let api: TestApi;
  let token: string;
  beforeAll(async () => {
    api = await startApi({ config: { rateLimit: { perKey: 3, perIp: 0, windowSeconds: 60 } } });
    ({ token } = await registerOrg(api));
  });
  afterAll(() => api.close());

  it('answers with RateLimit fields and refuses the request over the limit with 429 rate_limited', async () => {
    await newWindow(api);
    const key = await createKey(api, token, { scopes: ['contacts:read'] });
    const remaining: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const res = await api.request('GET', '/contacts', { apiKey: key.secret });
      expect(res.status, res.text).toBe(200);
      expect(res.headers.get('ratelimit-policy')).toBe('"key";q=3;w=60');
      remaining.push(res.headers.get('ratelimit') ?? '');
    }
    expect(remaining.map((v) => /r=(\d+)/.exec(v)?.[1])).toEqual(['2', '1', '0']);
    expectRateLimited(await api.request('GET', '/contacts', { apiKey: key.secret }), 'key', 3);

    // A new window lets the key through again.
    await newWindow(api);
    expect((await api.request('GET', '/contacts', { apiKey: key.secret })).status).toBe(200);
  });

  it('counts each key separately, and signed-in users per user', async () => {
    await newWindow(api);
    const first = await createKey(api, token, { scopes: ['contacts:read'] });
    const second = await createKey(api, token, { scopes: ['contacts:read'] });
    for (let i = 0; i < 3; i += 1) expect((await api.request('GET', '/contacts', { apiKey: first.secret })).status).toBe(200);
    expectRateLimited(await api.request('GET', '/contacts', { apiKey: first.secret }), 'key', 3);
    expect((await api.request('GET', '/contacts', { apiKey: second.secret })).status).toBe(200);
    // The user's budget already paid for creating the two keys.
    expect((await api.request('GET', '/contacts', { token })).status).toBe(200);
    expectRateLimited(await api.request('GET', '/contacts', { token }), 'key', 3);
  });

  it('does not record a refused request against its Idempotency-Key', async () => {
    await newWindow(api);
    const key = await createKey(api, token, { scopes: ['contacts:write'] });
    for (let i = 0; i < 3; i += 1) expect((await api.request('GET', '/contacts', { apiKey: key.secret })).status).toBe(200);
    const headers = { 'idempotency-key': 'rate-limited-create' };
    expectRateLimited(await api.request('POST', '/contacts', { apiKey: key.secret, headers, body: { name: 'Refused Ltd' } }), 'key', 3);

    await newWindow(api);
    // Had the refusal claimed the key, a different body would now be a 422 idempotency_mismatch.
    const created = await api.request('POST', '/contacts', { apiKey: key.secret, headers, body: { name: 'Accepted Ltd' } });
    expect(created.status, created.text).toBe(201);
    expect(created.headers.get('idempotent-replayed')).toBeNull();
    expect(created.json.data.name).toBe('Accepted Ltd');
  });

  it('limits the seeded demo keys like any other key', async () => {
    const demo = await seedDemo(api.context);
    expect(demo.testKey).toMatch(/^sk_test_/);
    await newWindow(api);
    for (let i = 0; i < 3; i += 1) expect((await api.request('GET', '/contacts', { apiKey: demo.testKey as string })).status).toBe(200);
    expectRateLimited(await api.request('GET', '/contacts', { apiKey: demo.testKey as string }), 'key', 3);
  });
});

describe('per IP rate limit', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi({ config: { rateLimit: { perKey: 0, perIp: 4, windowSeconds: 60 } } });
  });
  afterAll(() => api.close());

  it('refuses an address over its limit before authentication', async () => {
    await newWindow(api);
    for (let i = 0; i < 4; i += 1) {
      const res = await api.request('GET', '/contacts');
      expect(res.status).toBe(401);
      expect(res.headers.get('ratelimit-policy')).toBe('"ip";q=4;w=60');
    }
    // Over the limit even a request without credentials is refused with 429, not 401.
    expectRateLimited(await api.request('GET', '/contacts'), 'ip', 4);
    expectRateLimited(await api.request('POST', '/auth/login', { body: { email: 'a@example.com', password: 'wrong password!' } }), 'ip', 4);
  });

  it('leaves /healthz out of the limit', async () => {
    await newWindow(api);
    for (let i = 0; i < 6; i += 1) expect((await api.request('GET', '/healthz')).status).toBe(200);
  });
});

describe('both limits on one request', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi({ config: { rateLimit: { perKey: 5, perIp: 50, windowSeconds: 60 } } });
  });
  afterAll(() => api.close());

  it('reports each policy that applied', async () => {
    const { token } = await registerOrg(api);
    const res = await api.request('GET', '/contacts', { token });
    expect(res.status).toBe(200);
    expect(res.headers.get('ratelimit-policy')).toBe('"ip";q=50;w=60, "key";q=5;w=60');
    expect(res.headers.get('ratelimit')).toMatch(/^"ip";r=\d+;t=\d+, "key";r=4;t=\d+$/);
  });
});

describe('rate limits switched off', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.close());

  it('sends no RateLimit fields and never refuses', async () => {
    const { token } = await registerOrg(api);
    for (let i = 0; i < 5; i += 1) {
      const res = await api.request('GET', '/contacts', { token });
      expect(res.status).toBe(200);
      expect(res.headers.get('ratelimit')).toBeNull();
    }
  });
});
