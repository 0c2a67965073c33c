import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeClock, registerOrg, startApi, type TestApi } from '../helpers/api.js';
import { accessClaims, claimsOf, forgeSigned, forgeUnsigned, TEST_JWT_SECRET } from '../helpers/auth.js';

/**
 * An attacker's view of the bearer token: every forged, altered, misplaced or stale token is a
 * 401 that says no more than "invalid". Each forgery starts from a control that is accepted, so
 * the rejection is down to the one thing that was changed.
 */
describe('bearer token rejections', () => {
  let api: TestApi;
  const clock = fakeClock();
  let owner: Awaited<ReturnType<typeof registerOrg>>;
  let claims: Record<string, unknown>;

  beforeAll(async () => {
    api = await startApi({ config: { now: clock.now } });
    owner = await registerOrg(api);
    claims = accessClaims(owner.token, clock.now());
  });
  afterAll(() => api.close());

  async function expectRejected(token: string, message = 'Invalid access token') {
    const res = await api.request('GET', '/auth/me', { token });
    expect(res.status).toBe(401);
    expect(res.json).toEqual({ success: false, error: { code: 'unauthorized', message } });
    expect(res.text).not.toContain(token);
  }

  it('control: a token forged with the real secret and correct claims is accepted', async () => {
    const res = await api.request('GET', '/auth/me', { token: forgeSigned(claims) });
    expect(res.status).toBe(200);
    expect(res.json.data.id).toBe(owner.user.id);
  });

  it('refuses a request without a token, or with a malformed Authorization header', async () => {
    const none = await api.request('GET', '/auth/me');
    expect(none.status).toBe(401);
    expect(none.json.error.message).toBe('Missing Authorization header');
    for (const authorization of [`Token ${owner.token}`, 'Bearer', `Bearer ${owner.token} extra`, owner.token]) {
      const res = await api.request('GET', '/auth/me', { headers: { authorization } });
      expect(res.status, authorization.slice(0, 12)).toBe(401);
    }
  });

  it('refuses a token signed with another secret (wrong signature)', async () => {
    await expectRejected(forgeSigned(claims, { secret: 'another-secret-another-secret-0123456789' }));
  });

  it('refuses a genuine token whose payload was altered (signature no longer matches)', async () => {
    const [header, , signature] = owner.token.split('.');
    const altered = Buffer.from(JSON.stringify({ ...claimsOf(owner.token), sub: 'usr_999' })).toString('base64url');
    await expectRejected(`${header}.${altered}.${signature}`);
    await expectRejected(`${header}.${owner.token.split('.')[1]}.${'A'.repeat(signature!.length)}`);
  });

  it('refuses an unsigned alg:none token (any spelling), with or without a signature part', async () => {
    for (const alg of ['none', 'None', 'NONE', 'nOnE']) {
      await expectRejected(forgeUnsigned(claims, alg));
      await expectRejected(forgeUnsigned(claims, alg, owner.token.split('.')[2]));
    }
  });

  it('refuses another algorithm, even with the right secret (HS384, HS512)', async () => {
    await expectRejected(forgeSigned(claims, { algorithm: 'HS384' }));
    await expectRejected(forgeSigned(claims, { algorithm: 'HS512' }));
  });

  it('refuses an RS256 token (algorithm confusion), whatever key signed it', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    await expectRejected(forgeSigned(claims, { secret: privateKey.export({ type: 'pkcs1', format: 'pem' }) as string, algorithm: 'RS256' }));
  });

  it('refuses the wrong issuer or audience, or none', async () => {
    await expectRejected(forgeSigned({ ...claims, iss: 'someone-else' }));
    await expectRejected(forgeSigned({ ...claims, aud: 'another-api' }));
    const { iss: _iss, ...noIssuer } = claims;
    const { aud: _aud, ...noAudience } = claims;
    await expectRejected(forgeSigned(noIssuer));
    await expectRejected(forgeSigned(noAudience));
  });

  it('refuses a token of another type, or with no type, in place of an access token', async () => {
    await expectRejected(forgeSigned({ ...claims, typ: 'refresh' }));
    await expectRejected(forgeSigned({ ...claims, typ: 'totp' }));
    await expectRejected(forgeSigned({ ...claims, typ: 'ACCESS' }));
    const { typ: _typ, ...untyped } = claims;
    await expectRejected(forgeSigned(untyped));
    await expectRejected(owner.refreshToken);
  });

  it('refuses an access token at /auth/refresh (the other way round)', async () => {
    const res = await api.request('POST', '/auth/refresh', { body: { refreshToken: forgeSigned(claims) } });
    expect(res.status).toBe(401);
    expect(res.json.error.message).toBe('Invalid refresh token');
  });

  it('refuses a token with a stale or missing generation, or another organisation', async () => {
    await expectRejected(forgeSigned({ ...claims, gen: (claims.gen as number) + 1 }));
    const { gen: _gen, ...noGeneration } = claims;
    await expectRejected(forgeSigned(noGeneration));
    await expectRejected(forgeSigned({ ...claims, org: (claims.org as number) + 1000 }));
    await expectRejected(forgeSigned({ ...claims, sub: 'usr_424242' }));
    await expectRejected(forgeSigned({ ...claims, sub: owner.user.organisationId }));
  });

  it('refuses an expired token, and one without an expiry', async () => {
    const past = Math.floor(clock.now() / 1000) - 3600;
    await expectRejected(forgeSigned({ ...claims, iat: past, exp: past + 900 }), 'Access token has expired');
    const { exp: _exp, ...forever } = claims;
    await expectRejected(forgeSigned(forever));
  });

  it('signs with HS256 and the configured secret, and its own claims say so', () => {
    const [header] = owner.token.split('.');
    expect(JSON.parse(Buffer.from(header!, 'base64url').toString())).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(TEST_JWT_SECRET.length).toBeGreaterThanOrEqual(32);
  });
});
