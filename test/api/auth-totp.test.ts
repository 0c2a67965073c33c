import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeClock, registerOrg, startApi, type TestApi } from '../helpers/api.js';
import { claimsOf, enableTotp, login, totpAt } from '../helpers/auth.js';
import { createTestDatabase } from '../helpers/test-database.js';
import { claimTotpStep } from '../../server/db/users.js';

const STEP = 30_000;
const MINUTE = 60_000;

function base32Length(secret: string): number {
  return Math.floor((secret.replace(/=+$/, '').length * 5) / 8);
}

describe('TOTP setup, enable and disable', () => {
  let api: TestApi;
  const clock = fakeClock();
  beforeAll(async () => {
    api = await startApi({ config: { now: clock.now } });
  });
  afterAll(() => api.close());

  it('sets up a ≥20-byte Base32 secret and an otpauth URI, not yet in force', async () => {
    const owner = await registerOrg(api);
    const res = await api.request('POST', '/auth/totp/setup', { token: owner.token });
    expect(res.status).toBe(200);
    const { secret, otpauthUri } = res.json.data;
    expect(secret).toMatch(/^[A-Z2-7]+$/);
    expect(base32Length(secret)).toBeGreaterThanOrEqual(20);
    expect(otpauthUri).toBe(
      `otpauth://totp/devshell:${encodeURIComponent(owner.email)}?secret=${secret}&issuer=devshell&algorithm=SHA1&digits=6&period=30`,
    );
    // Stored but not enabled: login still hands out a session straight away.
    expect((await api.request('GET', '/auth/me', { token: owner.token })).json.data.totpEnabled).toBe(false);
    expect((await login(api, owner.email, owner.password)).json.data.accessToken).toBeTypeOf('string');
    // A second setup replaces the pending secret.
    const again = await api.request('POST', '/auth/totp/setup', { token: owner.token });
    expect(again.json.data.secret).not.toBe(secret);
  });

  it('enables with a code from the new secret and refuses a wrong one', async () => {
    const owner = await registerOrg(api);
    const setup = await api.request('POST', '/auth/totp/setup', { token: owner.token });
    const secret = setup.json.data.secret as string;

    const noSetupYet = await registerOrg(api);
    expect((await api.request('POST', '/auth/totp/enable', { token: noSetupYet.token, body: { code: '123456' } })).status).toBe(409);

    const wrong = await api.request('POST', '/auth/totp/enable', { token: owner.token, body: { code: await totpAt(secret, clock.now(), 5) } });
    expect(wrong.status).toBe(400);
    expect(wrong.json.error.details).toEqual([{ field: 'code', message: 'Is not a valid code, or has already been used' }]);

    const malformed = await api.request('POST', '/auth/totp/enable', { token: owner.token, body: { code: '12345' } });
    expect(malformed.status).toBe(400);
    expect(malformed.json.error.details[0].field).toBe('code');

    const ok = await api.request('POST', '/auth/totp/enable', { token: owner.token, body: { code: await totpAt(secret, clock.now()) } });
    expect(ok.status).toBe(200);
    expect(ok.json.data.totpEnabled).toBe(true);
    expect(ok.text).not.toContain(secret);
    expect((await api.request('GET', '/auth/me', { token: owner.token })).json.data.totpEnabled).toBe(true);

    // Set up again while on: refused, the secret in force is untouched.
    expect((await api.request('POST', '/auth/totp/setup', { token: owner.token })).status).toBe(409);
    expect((await api.request('POST', '/auth/totp/enable', { token: owner.token, body: { code: await totpAt(secret, clock.now(), 1) } })).status).toBe(409);
  });

  it('disables with a fresh code (not the one that enabled it) and then login needs no code', async () => {
    const owner = await registerOrg(api);
    const secret = await enableTotp(api, owner.token, clock.now());
    const enablingCode = await totpAt(secret, clock.now());

    const replayed = await api.request('POST', '/auth/totp/disable', { token: owner.token, body: { code: enablingCode } });
    expect(replayed.status).toBe(400);
    const wrong = await api.request('POST', '/auth/totp/disable', { token: owner.token, body: { code: await totpAt(secret, clock.now(), 4) } });
    expect(wrong.status).toBe(400);

    clock.advance(STEP);
    const res = await api.request('POST', '/auth/totp/disable', { token: owner.token, body: { code: await totpAt(secret, clock.now()) } });
    expect(res.status).toBe(200);
    expect(res.json.data.totpEnabled).toBe(false);
    expect((await api.request('POST', '/auth/totp/disable', { token: owner.token, body: { code: await totpAt(secret, clock.now(), 1) } })).status).toBe(409);

    const signIn = await login(api, owner.email, owner.password);
    expect(signIn.status).toBe(200);
    expect(signIn.json.data.accessToken).toBeTypeOf('string');
  });

  it('is for signed-in users only', async () => {
    for (const path of ['/auth/totp/setup', '/auth/totp/enable', '/auth/totp/disable']) {
      const res = await api.request('POST', path, { body: { code: '123456' } });
      expect(res.status, path).toBe(401);
    }
  });
});

describe('signing in with TOTP on', () => {
  let api: TestApi;
  const clock = fakeClock();
  beforeAll(async () => {
    api = await startApi({ config: { now: clock.now } });
  });
  afterAll(() => api.close());

  async function totpUser() {
    const owner = await registerOrg(api);
    const secret = await enableTotp(api, owner.token, clock.now());
    // Move past the step the enabling code used, so the next code is fresh.
    clock.advance(STEP);
    return { ...owner, secret };
  }

  async function challenge(owner: { email: string; password: string }): Promise<string> {
    const res = await login(api, owner.email, owner.password);
    expect(res.status).toBe(200);
    return res.json.data.tempToken as string;
  }

  const verify = (tempToken: string | undefined, code: string) =>
    api.request('POST', '/auth/totp/verify', { ...(tempToken ? { token: tempToken } : {}), body: { code } });

  it('answers a correct password with {requiresTotp, tempToken} and nothing else', async () => {
    const owner = await totpUser();
    const res = await login(api, owner.email, owner.password);
    expect(res.status).toBe(200);
    expect(Object.keys(res.json.data).sort()).toEqual(['requiresTotp', 'tempToken']);
    expect(res.json.data.requiresTotp).toBe(true);
    const now = Math.floor(clock.now() / 1000);
    expect(claimsOf(res.json.data.tempToken)).toMatchObject({ typ: 'totp', exp: now + 300, iss: 'devshell', aud: 'devshell-api' });
    expect(res.text).not.toMatch(/accessToken|refreshToken/);
  });

  it('exchanges the temp token and a current code for a full session', async () => {
    const owner = await totpUser();
    const res = await verify(await challenge(owner), await totpAt(owner.secret, clock.now()));
    expect(res.status).toBe(200);
    expect(Object.keys(res.json.data).sort()).toEqual(['accessToken', 'expiresIn', 'refreshToken', 'tokenType', 'user']);
    expect(res.json.data.user.totpEnabled).toBe(true);
    expect((await api.request('GET', '/auth/me', { token: res.json.data.accessToken })).status).toBe(200);
    expect((await api.request('POST', '/auth/refresh', { body: { refreshToken: res.json.data.refreshToken } })).status).toBe(200);
  });

  it('accepts a code one step early or late', async () => {
    const owner = await totpUser();
    // One step further, so the step before now was not the one the enabling code used.
    clock.advance(STEP);
    expect((await verify(await challenge(owner), await totpAt(owner.secret, clock.now(), -1))).status).toBe(200);
    clock.advance(3 * STEP);
    expect((await verify(await challenge(owner), await totpAt(owner.secret, clock.now(), 1))).status).toBe(200);
  });

  it('refuses a code from 3 steps away, in either direction', async () => {
    const owner = await totpUser();
    for (const steps of [-3, 3, -2, 2]) {
      const res = await verify(await challenge(owner), await totpAt(owner.secret, clock.now(), steps));
      expect(res.status, `${steps} steps`).toBe(401);
      expect(res.json.error).toEqual({ code: 'unauthorized', message: 'Invalid or already used authentication code' });
    }
  });

  it('refuses a replayed code, with the same or a new temp token', async () => {
    const owner = await totpUser();
    const code = await totpAt(owner.secret, clock.now());
    const tempToken = await challenge(owner);
    expect((await verify(tempToken, code)).status).toBe(200);
    const sameToken = await verify(tempToken, code);
    expect(sameToken.status).toBe(401);
    expect(sameToken.json.error.message).toBe('Invalid or already used authentication code');
    expect((await verify(await challenge(owner), code)).status).toBe(401);
  });

  it('refuses an older code once a newer one was accepted', async () => {
    const owner = await totpUser();
    const older = await totpAt(owner.secret, clock.now());
    clock.advance(STEP);
    expect((await verify(await challenge(owner), await totpAt(owner.secret, clock.now()))).status).toBe(200);
    // `older` is still inside the ±1-step window, but its step is not after the last accepted one.
    expect((await verify(await challenge(owner), older)).status).toBe(401);
  });

  it('refuses a temp token used as an access or refresh token', async () => {
    const owner = await totpUser();
    const tempToken = await challenge(owner);
    const me = await api.request('GET', '/auth/me', { token: tempToken });
    expect(me.status).toBe(401);
    expect(me.json.error.message).toBe('Invalid access token');
    expect((await api.request('POST', '/auth/totp/setup', { token: tempToken })).status).toBe(401);
    expect((await api.request('POST', '/auth/refresh', { body: { refreshToken: tempToken } })).status).toBe(401);
  });

  it('refuses an access or refresh token, or none, in place of the temp token', async () => {
    const owner = await totpUser();
    const code = await totpAt(owner.secret, clock.now());
    const none = await verify(undefined, code);
    expect(none.status).toBe(401);
    expect(none.json.error.message).toBe('Missing Authorization header');
    for (const token of [owner.token, owner.refreshToken, 'sk_test_notakey', 'garbage']) {
      const res = await verify(token, code);
      expect(res.status).toBe(401);
      expect(res.json.error.message).toBe('Invalid two-factor sign-in token');
    }
    // The code was not spent by those attempts.
    expect((await verify(await challenge(owner), code)).status).toBe(200);
  });

  it('expires the temp token after 5 minutes', async () => {
    const owner = await totpUser();
    const tempToken = await challenge(owner);
    clock.advance(5 * MINUTE + 1000);
    const res = await verify(tempToken, await totpAt(owner.secret, clock.now()));
    expect(res.status).toBe(401);
    expect(res.json.error.message).toBe('Two-factor sign-in token has expired');
  });

  it('kills outstanding temp tokens when the password changes', async () => {
    const owner = await totpUser();
    const tempToken = await challenge(owner);
    const session = await verify(await challenge(owner), await totpAt(owner.secret, clock.now()));
    const changed = await api.request('POST', '/auth/password', {
      token: session.json.data.accessToken,
      body: { currentPassword: owner.password, newPassword: 'a brand new password' },
    });
    expect(changed.status).toBe(200);
    clock.advance(STEP);
    expect((await verify(tempToken, await totpAt(owner.secret, clock.now()))).status).toBe(401);
  });

  it('refuses a replayed code on another instance sharing the database', async () => {
    const database = await createTestDatabase();
    const a = await startApi({ database, config: { now: clock.now } });
    const b = await startApi({ database, config: { now: clock.now } });
    try {
      const owner = await registerOrg(a);
      const secret = await enableTotp(a, owner.token, clock.now());
      clock.advance(STEP);
      const code = await totpAt(secret, clock.now());
      const tempA = (await login(a, owner.email, owner.password)).json.data.tempToken;
      const tempB = (await login(b, owner.email, owner.password)).json.data.tempToken;
      expect((await a.request('POST', '/auth/totp/verify', { token: tempA, body: { code } })).status).toBe(200);
      expect((await b.request('POST', '/auth/totp/verify', { token: tempB, body: { code } })).status).toBe(401);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('accepts a code exactly once when instances race to verify it', async () => {
    const database = await createTestDatabase();
    const a = await startApi({ database, config: { now: clock.now } });
    const b = await startApi({ database, config: { now: clock.now } });
    try {
      const owner = await registerOrg(a);
      const secret = await enableTotp(a, owner.token, clock.now());
      clock.advance(STEP);
      const code = await totpAt(secret, clock.now());
      const tempToken = (await login(a, owner.email, owner.password)).json.data.tempToken as string;
      // All of them read the same last accepted step before any claims it; the claim decides.
      // (Four, so the losers' failures stay under the lockout limit.)
      const results = await Promise.all(
        [a, b, a, b].map((api) => api.request('POST', '/auth/totp/verify', { token: tempToken, body: { code } })),
      );
      expect(results.map((r) => r.status).sort()).toEqual([200, 401, 401, 401]);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('claims a time step atomically in the database: the same or an older step loses', async () => {
    const owner = await registerOrg(api);
    const secret = await enableTotp(api, owner.token, clock.now());
    const userId = Number(owner.user.id.slice('usr_'.length));
    const step = Math.floor(clock.now() / STEP) + 10;
    expect(await claimTotpStep(api.db, userId, { secret, step })).toBe(true);
    expect(await claimTotpStep(api.db, userId, { secret, step })).toBe(false);
    expect(await claimTotpStep(api.db, userId, { secret, step: step - 1 })).toBe(false);
    expect(await claimTotpStep(api.db, userId, { secret: 'ANOTHERSECRETANOTHERSECRET', step: step + 1 })).toBe(false);
    expect(await claimTotpStep(api.db, userId, { secret, step: step + 1 })).toBe(true);
  });
});
