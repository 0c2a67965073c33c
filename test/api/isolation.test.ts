import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerOrg, startApi, type TestApi } from '../helpers/api.js';
import { createKey, flushRequestLog, type CreatedKey } from '../helpers/api-keys.js';

/**
 * Two organisations, each with a live and a test key: nobody sees another organisation's or the
 * other mode's records, by list or by ID — and a foreign ID is a 404, never a 403.
 */
describe('organisation and mode isolation', () => {
  let api: TestApi;
  let a: Awaited<ReturnType<typeof registerOrg>>;
  let b: Awaited<ReturnType<typeof registerOrg>>;
  let aLive: CreatedKey;
  let aTest: CreatedKey;
  let bLive: CreatedKey;
  const testMode = { 'x-mode': 'test' };

  beforeAll(async () => {
    api = await startApi();
    a = await registerOrg(api);
    b = await registerOrg(api);
    aLive = await createKey(api, a.token, { name: 'A live' });
    aTest = await createKey(api, a.token, { name: 'A test' }, 'test');
    bLive = await createKey(api, b.token, { name: 'B live' });
  });
  afterAll(() => api.close());

  const ids = (res: { json: { data: Array<{ id: string }> } }) => res.json.data.map((r) => r.id);

  describe('API keys', () => {
    it('lists only the organisation’s keys of the session’s mode', async () => {
      const aLiveList = await api.request('GET', '/api-keys', { token: a.token });
      expect(ids(aLiveList)).toEqual([aLive.id]);
      const aTestList = await api.request('GET', '/api-keys', { token: a.token, headers: testMode });
      expect(ids(aTestList)).toEqual([aTest.id]);
      const bList = await api.request('GET', '/api-keys', { token: b.token });
      expect(ids(bList)).toEqual([bLive.id]);
      expect(aLive.secret).toMatch(/^sk_live_/);
      expect(aTest.secret).toMatch(/^sk_test_/);
    });

    it('answers another organisation’s key ID with 404 on every operation, and changes nothing', async () => {
      const calls: Array<[string, string, unknown?]> = [
        ['GET', `/api-keys/${aLive.id}`],
        ['PATCH', `/api-keys/${aLive.id}`, { name: 'hijacked', ipAllowlist: ['192.0.2.1'] }],
        ['POST', `/api-keys/${aLive.id}/revoke`],
        ['POST', `/api-keys/${aLive.id}/rotate`],
      ];
      for (const [method, path, body] of calls) {
        const res = await api.request(method, path, { token: b.token, body });
        expect(res.status, `${method} ${path}`).toBe(404);
        expect(res.json.error).toEqual({ code: 'not_found', message: 'API key not found' });
      }
      expect((await api.request('GET', '/request-log', { apiKey: aLive.secret })).status).toBe(200);
      const view = await api.request('GET', `/api-keys/${aLive.id}`, { token: a.token });
      expect(view.json.data).toMatchObject({ name: 'A live', status: 'active', ipAllowlist: [] });
    });

    it('answers the other mode’s key ID with 404', async () => {
      expect((await api.request('GET', `/api-keys/${aTest.id}`, { token: a.token })).status).toBe(404);
      expect((await api.request('POST', `/api-keys/${aTest.id}/revoke`, { token: a.token })).status).toBe(404);
      expect((await api.request('GET', `/api-keys/${aLive.id}`, { token: a.token, headers: testMode })).status).toBe(404);
      expect((await api.request('GET', `/api-keys/${aTest.id}`, { token: a.token, headers: testMode })).status).toBe(200);
    });

    it('refuses an X-Mode other than live or test', async () => {
      const res = await api.request('GET', '/api-keys', { token: a.token, headers: { 'x-mode': 'prod' } });
      expect(res.status).toBe(400);
    });
  });

  describe('request log', () => {
    it('shows each organisation and mode only its own requests', async () => {
      await api.request('GET', '/request-log?marker=a-live', { apiKey: aLive.secret });
      await api.request('GET', '/request-log?marker=a-test', { apiKey: aTest.secret });
      await api.request('GET', '/request-log?marker=b-live', { apiKey: bLive.secret });
      await flushRequestLog(api);

      const principals = async (auth: { apiKey?: string; token?: string; headers?: Record<string, string> }) => {
        const res = await api.request('GET', '/request-log?perPage=100', auth);
        expect(res.status).toBe(200);
        return new Set(res.json.data.map((e: { principal: string }) => e.principal));
      };
      expect(await principals({ apiKey: aLive.secret })).toEqual(new Set([aLive.id, a.user.id]));
      expect(await principals({ apiKey: aTest.secret })).toEqual(new Set([aTest.id, a.user.id]));
      expect(await principals({ token: b.token })).toEqual(new Set([bLive.id, b.user.id]));

      // A test-mode session sees the test key's requests and its own test-mode requests only.
      const aTestSession = await api.request('GET', '/request-log?perPage=100', { token: a.token, headers: testMode });
      for (const entry of aTestSession.json.data) expect([aTest.id, a.user.id]).toContain(entry.principal);
      expect(aTestSession.json.data.some((e: { keyId: string | null }) => e.keyId === aLive.id)).toBe(false);
    });

    it('finds nothing when filtering by another organisation’s or mode’s key', async () => {
      const foreign = await api.request('GET', `/request-log?keyId=${aLive.id}`, { token: b.token });
      expect(foreign.status).toBe(200);
      expect(foreign.json.data).toEqual([]);
      const otherMode = await api.request('GET', `/request-log?keyId=${aLive.id}`, { apiKey: aTest.secret });
      expect(otherMode.json.data).toEqual([]);
    });
  });

  describe('resources (contacts)', () => {
    it('keeps contacts per organisation and mode, by list and by ID', async () => {
      const created = await api.request('POST', '/contacts', { apiKey: aLive.secret, body: { name: 'Live customer of A' } });
      expect(created.status, created.text).toBe(201);
      const contactId = created.json.data.id as string;
      const testCreated = await api.request('POST', '/contacts', { apiKey: aTest.secret, body: { name: 'Test customer of A' } });
      expect(testCreated.status).toBe(201);
      const testContactId = testCreated.json.data.id as string;

      const listed = async (auth: { apiKey?: string; token?: string; headers?: Record<string, string> }) =>
        ids(await api.request('GET', '/contacts?perPage=100', auth));
      expect(await listed({ apiKey: aLive.secret })).toContain(contactId);
      expect(await listed({ apiKey: aLive.secret })).not.toContain(testContactId);
      expect(await listed({ token: a.token })).toContain(contactId);
      expect(await listed({ apiKey: aTest.secret })).toEqual([testContactId]);
      expect(await listed({ token: a.token, headers: testMode })).toEqual([testContactId]);
      expect(await listed({ apiKey: bLive.secret })).not.toContain(contactId);

      for (const auth of [{ apiKey: aTest.secret }, { apiKey: bLive.secret }, { token: b.token }, { token: a.token, headers: testMode }]) {
        const res = await api.request('GET', `/contacts/${contactId}`, auth);
        expect(res.status).toBe(404);
        expect(res.json.error.code).toBe('not_found');
        const patch = await api.request('PATCH', `/contacts/${contactId}`, { ...auth, body: { name: 'hijacked' } });
        expect(patch.status).toBe(404);
      }
      expect((await api.request('GET', `/contacts/${testContactId}`, { apiKey: aLive.secret })).status).toBe(404);
      const intact = await api.request('GET', `/contacts/${contactId}`, { apiKey: aLive.secret });
      expect(intact.json.data.name).toBe('Live customer of A');
    });
  });
});
