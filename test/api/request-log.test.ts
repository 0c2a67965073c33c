import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeClock, registerOrg, startApi, type TestApi } from '../helpers/api.js';
import { createKey, flushRequestLog } from '../helpers/api-keys.js';

describe('the request log', () => {
  let api: TestApi;
  let owner: Awaited<ReturnType<typeof registerOrg>>;
  const clock = fakeClock();

  beforeAll(async () => {
    api = await startApi({ config: { now: clock.now } });
    owner = await registerOrg(api);
  });
  afterAll(() => api.close());

  async function log(query = '', auth: { token?: string; apiKey?: string } = { token: owner.token }) {
    await flushRequestLog(api);
    const res = await api.request('GET', `/request-log${query}`, auth);
    expect(res.status, res.text).toBe(200);
    return res.json;
  }

  it('records a key’s request with its key, the key’s creator as acting user, IP, status and duration', async () => {
    const key = await createKey(api, owner.token, { scopes: ['organisation:read'] });
    const at = new Date(clock.now()).toISOString();
    const res = await api.request('GET', '/request-log?page=1&perPage=5', { apiKey: key.secret });
    expect(res.status).toBe(200);
    const entries = (await log(`?keyId=${key.id}`)).data;
    expect(entries).toHaveLength(1);
    expect(entries[0]).toEqual({
      id: expect.stringMatching(/^req_\d+$/),
      createdAt: at,
      method: 'GET',
      path: '/api/v1/request-log',
      status: 200,
      durationMs: expect.any(Number),
      principal: key.id,
      keyId: key.id,
      actingUser: owner.user.id,
      ip: '127.0.0.1',
      replayed: false,
    });
    expect(entries[0].durationMs).toBeGreaterThanOrEqual(0);
  });

  it('records a session’s requests with the user as principal', async () => {
    await api.request('GET', '/api-keys/key_987654', { token: owner.token });
    const entries = (await log('?status=404')).data;
    expect(entries[0]).toMatchObject({ method: 'GET', path: '/api/v1/api-keys/key_987654', status: 404, principal: owner.user.id, keyId: null, actingUser: owner.user.id });
  });

  it('records requests refused after authentication (scope, access) but not unauthenticated ones', async () => {
    const key = await createKey(api, owner.token, { scopes: ['contacts:read'] });
    expect((await api.request('GET', '/request-log', { apiKey: key.secret })).status).toBe(403);
    expect((await api.request('GET', '/api-keys', { apiKey: key.secret })).status).toBe(403);
    expect((await api.request('GET', '/request-log', { apiKey: 'sk_live_' + 'x'.repeat(43) })).status).toBe(401);
    const entries = (await log(`?keyId=${key.id}`)).data;
    expect(entries.map((e: { path: string; status: number }) => `${e.status} ${e.path}`)).toEqual(['403 /api/v1/api-keys', '403 /api/v1/request-log']);
    const unauthorised = (await log('?status=401')).data;
    expect(unauthorised).toEqual([]);
  });

  it('never stores the query string (it may carry anything)', async () => {
    await api.request('GET', '/request-log?perPage=2&status=2xx', { token: owner.token });
    const rows = await api.db.selectFrom('request_log').select('path').execute();
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.path).not.toContain('?');
  });

  it('filters by key and by status or status class, newest first, paginated', async () => {
    const key = await createKey(api, owner.token, { scopes: ['organisation:read'] });
    for (let i = 0; i < 3; i += 1) {
      await api.request('GET', '/request-log', { apiKey: key.secret });
      clock.advance(1000);
    }
    await api.request('GET', '/request-log?status=abc', { apiKey: key.secret });
    const byKey = await log(`?keyId=${key.id}&perPage=2`);
    expect(byKey.meta).toEqual({ page: 1, perPage: 2, total: 4, totalPages: 2 });
    expect(byKey.data.map((e: { status: number }) => e.status)).toEqual([400, 200]);
    const page2 = await log(`?keyId=${key.id}&perPage=2&page=2`);
    expect(page2.data.map((e: { status: number }) => e.status)).toEqual([200, 200]);
    const ids = [...byKey.data, ...page2.data].map((e: { id: string }) => Number(e.id.slice(4)));
    expect(ids).toEqual([...ids].sort((a, b) => b - a));

    expect((await log(`?keyId=${key.id}&status=200`)).meta.total).toBe(3);
    expect((await log(`?keyId=${key.id}&status=4xx`)).meta.total).toBe(1);
    expect((await log(`?keyId=${key.id}&status=5xx`)).meta.total).toBe(0);
  });

  it('rejects malformed filters with validation_error', async () => {
    for (const query of ['?keyId=usr_1', '?keyId=key_x', '?status=99', '?status=6xx', '?status=4x']) {
      const res = await api.request('GET', `/request-log${query}`, { token: owner.token });
      expect(res.status, query).toBe(400);
      expect(res.json.error.code).toBe('validation_error');
    }
  });

  it('needs organisation:read', async () => {
    const key = await createKey(api, owner.token, { scopes: ['organisation:write'] });
    expect((await api.request('GET', '/request-log', { apiKey: key.secret })).status).toBe(200);
    const reader = await createKey(api, owner.token, { scopes: ['invoices:write'] });
    const res = await api.request('GET', '/request-log', { apiKey: reader.secret });
    expect(res.status).toBe(403);
    expect(res.json.error.message).toBe('This API key requires the organisation:read scope');
  });

  it('prunes entries older than 30 days in the background, not on the request path', async () => {
    const key = await createKey(api, owner.token, { scopes: ['organisation:read'] });
    await api.request('GET', '/request-log', { apiKey: key.secret });
    await flushRequestLog(api);
    clock.advance(30 * 24 * 60 * 60 * 1000 + 1);
    await api.request('GET', '/request-log', { apiKey: key.secret });
    // (The session token has long expired; read the log with the key itself.)
    const asKey = { apiKey: key.secret };
    const oldEntryTime = new Date(clock.now() - 30 * 24 * 60 * 60 * 1000 - 1).toISOString();
    // Requests alone prune nothing…
    const before = (await log(`?keyId=${key.id}&perPage=100`, asKey)).data;
    expect(before.map((e: { createdAt: string }) => e.createdAt)).toContain(oldEntryTime);
    // …the housekeeping run does.
    await api.context.housekeeping.runNow();
    const entries = (await log(`?keyId=${key.id}&perPage=100`, asKey)).data;
    // The old entry is gone; the recent ones (including the reads above) remain.
    expect(entries.length).toBeGreaterThanOrEqual(2);
    for (const e of entries) expect(e.createdAt).toBe(new Date(clock.now()).toISOString());
  });
});
