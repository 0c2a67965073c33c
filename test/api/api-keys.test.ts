import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeClock, registerOrg, startApi, type TestApi } from '../helpers/api.js';
import { createKey } from '../helpers/api-keys.js';

// Any route a key with `*` may call serves as "is this key accepted?".
const PROBE = '/request-log';

describe('API keys over real HTTP', () => {
  let api: TestApi;
  let owner: Awaited<ReturnType<typeof registerOrg>>;
  const clock = fakeClock();

  beforeAll(async () => {
    api = await startApi({ config: { now: clock.now } });
    owner = await registerOrg(api);
  });
  afterAll(() => api.close());

  describe('creation', () => {
    it('returns the secret once, in the documented format, with the key’s properties', async () => {
      const res = await api.request('POST', '/api-keys', {
        token: owner.token,
        body: { name: 'Billing sync', scopes: ['invoices:write', 'contacts:read'], ipAllowlist: ['10.0.0.0/8', '2001:DB8::1'] },
      });
      expect(res.status).toBe(201);
      const key = res.json.data;
      expect(key.secret).toMatch(/^sk_live_[A-Za-z0-9_-]{43}$/);
      expect(key).toMatchObject({
        name: 'Billing sync',
        mode: 'live',
        scopes: ['invoices:write', 'contacts:read'],
        ipAllowlist: ['10.0.0.0/8', '2001:db8::1'],
        last4: key.secret.slice(-4),
        redactedKey: `sk_live_…${key.secret.slice(-4)}`,
        status: 'active',
        expiresAt: null,
        lastUsedAt: null,
        revokedAt: null,
        createdBy: owner.user.id,
        createdAt: new Date(clock.now()).toISOString(),
      });
      expect(key.id).toMatch(/^key_\d+$/);
      expect(res.headers.get('location')).toBe(`/api/v1/api-keys/${key.id}`);

      const got = await api.request('GET', `/api-keys/${key.id}`, { token: owner.token });
      expect(got.status).toBe(200);
      expect(got.json.data.secret).toBeUndefined();
      expect(got.text).not.toContain(key.secret);
      const listed = await api.request('GET', '/api-keys', { token: owner.token });
      expect(listed.text).not.toContain(key.secret);
      expect(listed.json.data.map((k: { id: string }) => k.id)).toContain(key.id);
    });

    it('stores only a keyed hash and the last four characters', async () => {
      const key = await createKey(api, owner.token, { name: 'hash check' });
      const row = await api.db.selectFrom('api_keys').selectAll().where('id', '=', Number(key.id.slice(4))).executeTakeFirstOrThrow();
      expect(JSON.stringify(row)).not.toContain(key.secret.slice(8));
      expect(row.key_hash).not.toContain(key.secret);
      expect(row.last4).toBe(key.secret.slice(-4));
    });

    it('makes a fresh random secret every time', async () => {
      const a = await createKey(api, owner.token);
      const b = await createKey(api, owner.token);
      expect(a.secret).not.toBe(b.secret);
    });

    it('rejects unknown scopes, including reports:write and bank-imports:read', async () => {
      for (const scopes of [['invoices:delete'], ['reports:write'], ['bank-imports:read'], ['admin'], []]) {
        const res = await api.request('POST', '/api-keys', { token: owner.token, body: { name: 'x', scopes } });
        expect(res.status, JSON.stringify(scopes)).toBe(400);
        expect(res.json.error.code).toBe('validation_error');
      }
      const res = await api.request('POST', '/api-keys', { token: owner.token, body: { name: 'x', scopes: ['contacts:read', 'reports:write'] } });
      expect(res.json.error.details).toEqual([{ field: 'scopes.1', message: 'Unknown scope "reports:write"' }]);
    });

    it('rejects invalid allowlist entries, a past expiry and a mode other than the session’s', async () => {
      const bad = await api.request('POST', '/api-keys', { token: owner.token, body: { name: 'x', scopes: ['*'], ipAllowlist: ['10.0.0.0/33'] } });
      expect(bad.status).toBe(400);
      expect(bad.json.error.details[0].field).toBe('ipAllowlist.0');
      const past = await api.request('POST', '/api-keys', {
        token: owner.token,
        body: { name: 'x', scopes: ['*'], expiresAt: new Date(clock.now() - 1000).toISOString() },
      });
      expect(past.status).toBe(400);
      expect(past.json.error.details[0].field).toBe('expiresAt');
      const otherMode = await api.request('POST', '/api-keys', { token: owner.token, body: { name: 'x', scopes: ['*'], mode: 'test' } });
      expect(otherMode.status).toBe(400);
      expect(otherMode.json.error.details[0].field).toBe('mode');
    });

    it('creates test keys in a test-mode session (X-Mode: test)', async () => {
      const res = await api.request('POST', '/api-keys', {
        token: owner.token,
        headers: { 'x-mode': 'test' },
        body: { name: 'sandbox', scopes: ['*'], mode: 'test' },
      });
      expect(res.status).toBe(201);
      expect(res.json.data.secret).toMatch(/^sk_test_/);
      expect(res.json.data.mode).toBe('test');
    });
  });

  describe('authentication', () => {
    it('answers each failure with SPEC §2’s exact 401 message', async () => {
      const missing = await api.request('GET', PROBE);
      expect(missing.status).toBe(401);
      expect(missing.json.error).toEqual({ code: 'unauthorized', message: 'Missing Authorization header' });

      for (const bogus of [`sk_live_${'A'.repeat(43)}`, 'sk_test_short', 'sk_nope_123', 'not-a-key']) {
        const res = await api.request('GET', PROBE, { apiKey: bogus });
        expect(res.status, bogus).toBe(401);
        expect(res.json.error).toEqual({ code: 'unauthorized', message: 'Invalid API key' });
      }

      const key = await createKey(api, owner.token);
      await api.request('POST', `/api-keys/${key.id}/revoke`, { token: owner.token });
      const revoked = await api.request('GET', PROBE, { apiKey: key.secret });
      expect(revoked.status).toBe(401);
      expect(revoked.json.error).toEqual({ code: 'unauthorized', message: 'API key has been revoked' });

      const expiring = await createKey(api, owner.token, { expiresAt: new Date(clock.now() + 60_000).toISOString() });
      clock.advance(60_000);
      const expired = await api.request('GET', PROBE, { apiKey: expiring.secret });
      expect(expired.status).toBe(401);
      expect(expired.json.error).toEqual({ code: 'unauthorized', message: 'API key has expired' });
    });

    it('accepts a key in X-API-Key and in Authorization: Bearer', async () => {
      const key = await createKey(api, owner.token);
      const viaHeader = await api.request('GET', PROBE, { apiKey: key.secret });
      expect(viaHeader.status).toBe(200);
      const viaBearer = await api.request('GET', PROBE, { headers: { authorization: `Bearer ${key.secret}` } });
      expect(viaBearer.status).toBe(200);
    });

    it('refuses a key in the query string with 400, even a valid one', async () => {
      const key = await createKey(api, owner.token);
      for (const name of ['api_key', 'apiKey', 'key', 'access_token']) {
        const res = await api.request('GET', `${PROBE}?${name}=${key.secret}`);
        expect(res.status, name).toBe(400);
        expect(res.json.error.message).toMatch(/header/);
        expect(res.text).not.toContain(key.secret);
      }
    });

    it('does not accept a key whose mode prefix was altered', async () => {
      const key = await createKey(api, owner.token);
      const res = await api.request('GET', PROBE, { apiKey: key.secret.replace('sk_live_', 'sk_test_') });
      expect(res.status).toBe(401);
      expect(res.json.error.message).toBe('Invalid API key');
    });

    it('honours expiry by the injected clock, to the millisecond', async () => {
      const key = await createKey(api, owner.token, { expiresAt: new Date(clock.now() + 10_000).toISOString() });
      clock.advance(9_999);
      expect((await api.request('GET', PROBE, { apiKey: key.secret })).status).toBe(200);
      clock.advance(1);
      const res = await api.request('GET', PROBE, { apiKey: key.secret });
      expect(res.status).toBe(401);
      expect(res.json.error.message).toBe('API key has expired');
      const view = await api.request('GET', `/api-keys/${key.id}`, { token: owner.token });
      expect(view.json.data.status).toBe('expired');
    });

    it('refuses a revoked key on the very next request', async () => {
      const key = await createKey(api, owner.token);
      expect((await api.request('GET', PROBE, { apiKey: key.secret })).status).toBe(200);
      const revoke = await api.request('POST', `/api-keys/${key.id}/revoke`, { token: owner.token });
      expect(revoke.status).toBe(200);
      expect(revoke.json.data).toMatchObject({ status: 'revoked', revokedAt: new Date(clock.now()).toISOString() });
      const next = await api.request('GET', PROBE, { apiKey: key.secret });
      expect(next.status).toBe(401);
      expect(next.json.error.message).toBe('API key has been revoked');
    });

    it('keeps the first revocation time when a key is revoked again', async () => {
      const key = await createKey(api, owner.token);
      const first = await api.request('POST', `/api-keys/${key.id}/revoke`, { token: owner.token });
      clock.advance(5_000);
      const second = await api.request('POST', `/api-keys/${key.id}/revoke`, { token: owner.token });
      expect(second.status).toBe(200);
      expect(second.json.data.revokedAt).toBe(first.json.data.revokedAt);
    });

    it('updates lastUsedAt at most once a minute, not on every request', async () => {
      const key = await createKey(api, owner.token);
      const lastUsed = async () => (await api.request('GET', `/api-keys/${key.id}`, { token: owner.token })).json.data.lastUsedAt;
      expect(await lastUsed()).toBeNull();
      const t0 = new Date(clock.now()).toISOString();
      await api.request('GET', PROBE, { apiKey: key.secret });
      expect(await lastUsed()).toBe(t0);
      clock.advance(30_000);
      await api.request('GET', PROBE, { apiKey: key.secret });
      // No write happened: a write would have stored the later time.
      expect(await lastUsed()).toBe(t0);
      clock.advance(31_000);
      await api.request('GET', PROBE, { apiKey: key.secret });
      expect(await lastUsed()).toBe(new Date(clock.now()).toISOString());
    });
  });

  describe('rotation', () => {
    it('returns a new secret with the same properties and kills the old key at once', async () => {
      const expiresAt = new Date(clock.now() + 86_400_000).toISOString();
      const old = await createKey(api, owner.token, { name: 'rotating', scopes: ['organisation:read', 'contacts:write'], expiresAt, ipAllowlist: ['127.0.0.1', '::1'] });
      expect((await api.request('GET', PROBE, { apiKey: old.secret })).status).toBe(200);

      const res = await api.request('POST', `/api-keys/${old.id}/rotate`, { token: owner.token });
      expect(res.status).toBe(201);
      const fresh = res.json.data;
      expect(fresh.secret).toMatch(/^sk_live_/);
      expect(fresh.secret).not.toBe(old.secret);
      expect(fresh.id).not.toBe(old.id);
      expect(fresh).toMatchObject({
        name: 'rotating',
        mode: 'live',
        scopes: ['organisation:read', 'contacts:write'],
        expiresAt,
        ipAllowlist: ['127.0.0.1', '::1'],
        status: 'active',
        rotatedFrom: old.id,
      });

      const oldRes = await api.request('GET', PROBE, { apiKey: old.secret });
      expect(oldRes.status).toBe(401);
      expect(oldRes.json.error.message).toBe('API key has been revoked');
      expect((await api.request('GET', PROBE, { apiKey: fresh.secret })).status).toBe(200);
      const oldView = await api.request('GET', `/api-keys/${old.id}`, { token: owner.token });
      expect(oldView.json.data.status).toBe('revoked');
    });

    it('refuses to rotate a revoked key (so two rotations cannot both succeed)', async () => {
      const key = await createKey(api, owner.token);
      const [a, b] = await Promise.all([
        api.request('POST', `/api-keys/${key.id}/rotate`, { token: owner.token }),
        api.request('POST', `/api-keys/${key.id}/rotate`, { token: owner.token }),
      ]);
      expect([a.status, b.status].sort()).toEqual([201, 409]);
      const again = await api.request('POST', `/api-keys/${key.id}/rotate`, { token: owner.token });
      expect(again.status).toBe(409);
      const successors = (await api.request('GET', '/api-keys?perPage=100', { token: owner.token })).json.data.filter(
        (k: { rotatedFrom: string | null }) => k.rotatedFrom === key.id,
      );
      expect(successors).toHaveLength(1);
    });
  });

  describe('patch', () => {
    it('renames a key and replaces its allowlist, and nothing else', async () => {
      const key = await createKey(api, owner.token, { name: 'before', scopes: ['contacts:read'] });
      const res = await api.request('PATCH', `/api-keys/${key.id}`, { token: owner.token, body: { name: 'after', ipAllowlist: ['192.0.2.0/24'] } });
      expect(res.status).toBe(200);
      expect(res.json.data).toMatchObject({ name: 'after', ipAllowlist: ['192.0.2.0/24'], scopes: ['contacts:read'] });
      const scopesPatch = await api.request('PATCH', `/api-keys/${key.id}`, { token: owner.token, body: { scopes: ['*'] } });
      expect(scopesPatch.status).toBe(400);
      expect(scopesPatch.json.error.details[0].field).toBe('scopes');
    });
  });

  describe('management is for signed-in users only', () => {
    it('answers every key-management call made with an API key with 403 forbidden', async () => {
      const key = await createKey(api, owner.token);
      const calls: Array<[string, string, unknown?]> = [
        ['GET', '/api-keys'],
        ['POST', '/api-keys', { name: 'minted', scopes: ['*'] }],
        ['GET', `/api-keys/${key.id}`],
        ['PATCH', `/api-keys/${key.id}`, { name: 'renamed' }],
        ['POST', `/api-keys/${key.id}/revoke`],
        ['POST', `/api-keys/${key.id}/rotate`],
      ];
      for (const [method, path, body] of calls) {
        const res = await api.request(method, path, { apiKey: key.secret, body });
        expect(res.status, `${method} ${path}`).toBe(403);
        expect(res.json.error.code).toBe('forbidden');
      }
      const view = await api.request('GET', `/api-keys/${key.id}`, { token: owner.token });
      expect(view.json.data).toMatchObject({ name: 'test key', status: 'active' });
    });

    it('treats malformed and unknown key IDs as 404', async () => {
      for (const id of ['key_999999', 'usr_1', 'key_abc']) {
        const res = await api.request('GET', `/api-keys/${id}`, { token: owner.token });
        expect(res.status, id).toBe(404);
        expect(res.json.error).toEqual({ code: 'not_found', message: 'API key not found' });
      }
    });
  });
});
