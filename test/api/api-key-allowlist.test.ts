import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerOrg, startApi, type TestApi } from '../helpers/api.js';
import { createKey } from '../helpers/api-keys.js';

const PROBE = '/request-log';

describe('API-key IP allowlists behind a trusted proxy (TRUST_PROXY=true)', () => {
  let api: TestApi;
  let token: string;
  beforeAll(async () => {
    // The proxy's X-Forwarded-For names the client; that is how IPv6 and remote ranges are reachable here.
    api = await startApi({ config: { trustProxy: true } });
    token = (await registerOrg(api)).token;
  });
  afterAll(() => api.close());

  const from = (ip: string, secret: string) => api.request('GET', PROBE, { apiKey: secret, headers: { 'x-forwarded-for': ip } });

  it('allows an exact IPv4 address and refuses its neighbour with 403 ip_not_allowed', async () => {
    const key = await createKey(api, token, { ipAllowlist: ['203.0.113.7'] });
    expect((await from('203.0.113.7', key.secret)).status).toBe(200);
    const denied = await from('203.0.113.8', key.secret);
    expect(denied.status).toBe(403);
    expect(denied.json.error.code).toBe('ip_not_allowed');
  });

  it('allows an IPv4 CIDR range and nothing outside it', async () => {
    const key = await createKey(api, token, { ipAllowlist: ['198.51.100.0/24'] });
    expect((await from('198.51.100.1', key.secret)).status).toBe(200);
    expect((await from('198.51.100.254', key.secret)).status).toBe(200);
    expect((await from('198.51.101.1', key.secret)).status).toBe(403);
  });

  it('allows IPv6 addresses and ranges', async () => {
    const key = await createKey(api, token, { ipAllowlist: ['2001:db8::/32', '2001:db9::42'] });
    expect((await from('2001:db8:1:2::3', key.secret)).status).toBe(200);
    expect((await from('2001:db9::42', key.secret)).status).toBe(200);
    expect((await from('2001:db9::43', key.secret)).status).toBe(403);
    expect((await from('203.0.113.7', key.secret)).status).toBe(403);
  });

  it('allows anything with an empty allowlist', async () => {
    const key = await createKey(api, token, { ipAllowlist: [] });
    expect((await from('192.0.2.99', key.secret)).status).toBe(200);
    expect((await from('2001:db8::99', key.secret)).status).toBe(200);
  });

  it('applies a changed allowlist from the next request', async () => {
    const key = await createKey(api, token, { ipAllowlist: ['192.0.2.1'] });
    expect((await from('192.0.2.2', key.secret)).status).toBe(403);
    await api.request('PATCH', `/api-keys/${key.id}`, { token, body: { ipAllowlist: ['192.0.2.0/30'] } });
    expect((await from('192.0.2.2', key.secret)).status).toBe(200);
    await api.request('PATCH', `/api-keys/${key.id}`, { token, body: { ipAllowlist: [] } });
    expect((await from('8.8.8.8', key.secret)).status).toBe(200);
  });
});

describe('API-key IP allowlists without a trusted proxy (the default)', () => {
  let api: TestApi;
  let token: string;
  beforeAll(async () => {
    api = await startApi();
    token = (await registerOrg(api)).token;
  });
  afterAll(() => api.close());

  it('ignores X-Forwarded-For, so a client cannot claim an allowed address', async () => {
    const key = await createKey(api, token, { ipAllowlist: ['203.0.113.7'] });
    const res = await api.request('GET', PROBE, { apiKey: key.secret, headers: { 'x-forwarded-for': '203.0.113.7' } });
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe('ip_not_allowed');
  });

  it('matches the socket address (the test client is 127.0.0.1)', async () => {
    const key = await createKey(api, token, { ipAllowlist: ['127.0.0.0/8'] });
    expect((await api.request('GET', PROBE, { apiKey: key.secret })).status).toBe(200);
  });
});
