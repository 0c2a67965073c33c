import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeClock, registerOrg, startApi, type TestApi } from '../helpers/api.js';
import { claimsOf, login } from '../helpers/auth.js';
import { createTestDatabase } from '../helpers/test-database.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

describe('register, login, me', () => {
  let api: TestApi;
  const clock = fakeClock();
  beforeAll(async () => {
    api = await startApi({ config: { now: clock.now } });
  });
  afterAll(() => api.close());

  it('registers an organisation with its owner and returns a session like a login', async () => {
    const res = await api.request('POST', '/auth/register', {
      body: { email: 'founder@example.com', password: 'correct horse battery', name: 'Fay Founder', organisationName: 'Fay Ltd' },
    });
    expect(res.status).toBe(201);
    const data = res.json.data;
    expect(Object.keys(data).sort()).toEqual(['accessToken', 'expiresIn', 'refreshToken', 'tokenType', 'user']);
    expect(data.expiresIn).toBe(900);
    expect(data.tokenType).toBe('Bearer');
    expect(data.user).toMatchObject({ email: 'founder@example.com', name: 'Fay Founder', role: 'owner', totpEnabled: false });
    expect(data.user.id).toMatch(/^usr_\d+$/);
    expect(data.user.organisationId).toMatch(/^org_\d+$/);
    expect(res.text).not.toMatch(/scrypt|password_hash|correct horse/);

    const now = Math.floor(clock.now() / 1000);
    expect(claimsOf(data.accessToken)).toMatchObject({ typ: 'access', iss: 'devshell', aud: 'devshell-api', sub: data.user.id, iat: now, exp: now + 900 });
    expect(claimsOf(data.refreshToken)).toMatchObject({ typ: 'refresh', iss: 'devshell', aud: 'devshell-api', exp: now + 7 * 24 * 3600 });

    const me = await api.request('GET', '/auth/me', { token: data.accessToken });
    expect(me.status).toBe(200);
    expect(me.json.data).toEqual(data.user);
  });

  it('logs in with email and password and returns the user for UI hydration', async () => {
    const res = await login(api, 'founder@example.com', 'correct horse battery');
    expect(res.status).toBe(200);
    expect(Object.keys(res.json.data).sort()).toEqual(['accessToken', 'expiresIn', 'refreshToken', 'tokenType', 'user']);
    expect(res.json.data.user.email).toBe('founder@example.com');
    expect((await api.request('GET', '/auth/me', { token: res.json.data.accessToken })).status).toBe(200);
  });

  it('refuses a wrong password with 401 and a message that does not echo it', async () => {
    const res = await login(api, 'founder@example.com', 'wrong horse battery');
    expect(res.status).toBe(401);
    expect(res.json).toEqual({ success: false, error: { code: 'unauthorized', message: 'Invalid email or password' } });
  });

  it('normalises emails (trim, lower-case) at registration and login', async () => {
    const reg = await api.request('POST', '/auth/register', {
      body: { email: '  Mixed.Case@Example.COM ', password: 'correct horse battery', name: 'M', organisationName: 'M Ltd' },
    });
    expect(reg.status).toBe(201);
    expect(reg.json.data.user.email).toBe('mixed.case@example.com');
    const res = await login(api, ' MIXED.case@example.com  ', 'correct horse battery');
    expect(res.status).toBe(200);
    expect(res.json.data.user.id).toBe(reg.json.data.user.id);
  });

  it('keeps emails unique whatever their case, without saying that an account exists', async () => {
    for (const email of ['mixed.case@example.com', 'MIXED.CASE@EXAMPLE.COM', ' mixed.case@example.com']) {
      const res = await api.request('POST', '/auth/register', { body: { email, password: 'another good password', name: 'X', organisationName: 'X' } });
      expect(res.status).toBe(409);
      expect(res.json.error.code).toBe('conflict');
      expect(res.json.error.message).not.toMatch(/exists/i);
    }
    // The original owner's password still works; the intruder's does not.
    expect((await login(api, 'mixed.case@example.com', 'correct horse battery')).status).toBe(200);
    expect((await login(api, 'mixed.case@example.com', 'another good password')).status).toBe(401);
  });

  it('refuses a password shorter than 10 characters and accepts exactly 10', async () => {
    const short = await api.request('POST', '/auth/register', { body: { email: 'short@example.com', password: '123456789', name: 'S', organisationName: 'S' } });
    expect(short.status).toBe(400);
    expect(short.json.error.code).toBe('validation_error');
    expect(short.json.error.details).toEqual([{ field: 'password', message: 'Must be at least 10 characters' }]);
    expect(short.text).not.toContain('123456789');
    const ten = await api.request('POST', '/auth/register', { body: { email: 'short@example.com', password: '1234567890', name: 'S', organisationName: 'S' } });
    expect(ten.status).toBe(201);
  });

  it('refuses a malformed email and lists every bad field', async () => {
    const res = await api.request('POST', '/auth/register', { body: { email: 'not-an-email', password: 'x', name: '', organisationName: 'O' } });
    expect(res.status).toBe(400);
    expect(res.json.error.details.map((d: { field: string }) => d.field).sort()).toEqual(['email', 'name', 'password']);
  });

  it('marks every auth POST as not idempotent (they hash, mint tokens and count failures)', () => {
    const posts = api.routes.filter((r) => r.path.startsWith('/auth/') && r.method === 'post');
    expect(posts.map((r) => r.path).sort()).toEqual([
      '/auth/login',
      '/auth/password',
      '/auth/refresh',
      '/auth/register',
      '/auth/totp/disable',
      '/auth/totp/enable',
      '/auth/totp/setup',
      '/auth/totp/verify',
    ]);
    for (const route of posts) expect(route.idempotent, route.path).toBe(false);
  });
});

describe('access and refresh tokens over time', () => {
  let api: TestApi;
  const clock = fakeClock();
  beforeAll(async () => {
    api = await startApi({ config: { now: clock.now } });
  });
  afterAll(() => api.close());

  it('accepts an access token for 15 minutes and then answers 401 "expired"', async () => {
    const { token } = await registerOrg(api);
    clock.advance(15 * MINUTE - 1000);
    expect((await api.request('GET', '/auth/me', { token })).status).toBe(200);
    clock.advance(2000);
    const res = await api.request('GET', '/auth/me', { token });
    expect(res.status).toBe(401);
    expect(res.json.error).toEqual({ code: 'unauthorized', message: 'Access token has expired' });
  });

  it('refreshes: a new working access token, the refresh token itself not rotated', async () => {
    const { token, refreshToken } = await registerOrg(api);
    clock.advance(20 * MINUTE);
    expect((await api.request('GET', '/auth/me', { token })).status).toBe(401);
    const res = await api.request('POST', '/auth/refresh', { body: { refreshToken } });
    expect(res.status).toBe(200);
    expect(Object.keys(res.json.data).sort()).toEqual(['accessToken', 'expiresIn', 'tokenType']);
    expect(res.json.data.expiresIn).toBe(900);
    const fresh = res.json.data.accessToken as string;
    expect(claimsOf(fresh).typ).toBe('access');
    expect((await api.request('GET', '/auth/me', { token: fresh })).status).toBe(200);
    // Not rotated: the same refresh token keeps working.
    clock.advance(MINUTE);
    expect((await api.request('POST', '/auth/refresh', { body: { refreshToken } })).status).toBe(200);
  });

  it('accepts a refresh token for 7 days and then answers 401 "expired"', async () => {
    const { refreshToken } = await registerOrg(api);
    clock.advance(7 * DAY - 1000);
    expect((await api.request('POST', '/auth/refresh', { body: { refreshToken } })).status).toBe(200);
    clock.advance(2000);
    const res = await api.request('POST', '/auth/refresh', { body: { refreshToken } });
    expect(res.status).toBe(401);
    expect(res.json.error).toEqual({ code: 'unauthorized', message: 'Refresh token has expired' });
  });

  it('refuses an access token, garbage or an empty body at /auth/refresh', async () => {
    const { token } = await registerOrg(api);
    const asRefresh = await api.request('POST', '/auth/refresh', { body: { refreshToken: token } });
    expect(asRefresh.status).toBe(401);
    expect(asRefresh.json.error.message).toBe('Invalid refresh token');
    expect(asRefresh.text).not.toContain(token);
    expect((await api.request('POST', '/auth/refresh', { body: { refreshToken: 'not.a.jwt' } })).status).toBe(401);
    expect((await api.request('POST', '/auth/refresh', { body: {} })).status).toBe(400);
  });

  it('refuses a refresh token used as an access token', async () => {
    const { refreshToken } = await registerOrg(api);
    const res = await api.request('GET', '/auth/me', { token: refreshToken });
    expect(res.status).toBe(401);
    expect(res.json.error.message).toBe('Invalid access token');
  });
});

describe('POST /auth/password', () => {
  let api: TestApi;
  const clock = fakeClock();
  beforeAll(async () => {
    api = await startApi({ config: { now: clock.now } });
  });
  afterAll(() => api.close());

  it('changes the password and kills every earlier access and refresh token, on every device', async () => {
    const owner = await registerOrg(api, { password: 'first password 1' });
    const otherDevice = (await login(api, owner.email, 'first password 1')).json.data;

    const res = await api.request('POST', '/auth/password', { token: owner.token, body: { currentPassword: 'first password 1', newPassword: 'second password 2' } });
    expect(res.status).toBe(200);
    const session = res.json.data;
    expect(Object.keys(session).sort()).toEqual(['accessToken', 'expiresIn', 'refreshToken', 'tokenType', 'user']);
    expect(res.text).not.toContain('second password 2');

    for (const token of [owner.token, otherDevice.accessToken]) {
      const me = await api.request('GET', '/auth/me', { token });
      expect(me.status).toBe(401);
      expect(me.json.error.message).toBe('Invalid access token');
    }
    for (const refreshToken of [owner.refreshToken, otherDevice.refreshToken]) {
      const refreshed = await api.request('POST', '/auth/refresh', { body: { refreshToken } });
      expect(refreshed.status).toBe(401);
      expect(refreshed.json.error.message).toBe('Invalid refresh token');
    }

    expect((await api.request('GET', '/auth/me', { token: session.accessToken })).status).toBe(200);
    expect((await api.request('POST', '/auth/refresh', { body: { refreshToken: session.refreshToken } })).status).toBe(200);
    expect((await login(api, owner.email, 'first password 1')).status).toBe(401);
    expect((await login(api, owner.email, 'second password 2')).status).toBe(200);
  });

  it('refuses a wrong current password, leaving the password and sessions alone', async () => {
    const owner = await registerOrg(api, { password: 'first password 1' });
    const res = await api.request('POST', '/auth/password', { token: owner.token, body: { currentPassword: 'not my password', newPassword: 'second password 2' } });
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({ code: 'validation_error', details: [{ field: 'currentPassword', message: 'Is not your current password' }] });
    expect(res.text).not.toMatch(/not my password|second password 2/);
    expect((await api.request('GET', '/auth/me', { token: owner.token })).status).toBe(200);
    expect((await login(api, owner.email, 'first password 1')).status).toBe(200);
  });

  it('refuses a new password shorter than 10 characters', async () => {
    const owner = await registerOrg(api, { password: 'first password 1' });
    const res = await api.request('POST', '/auth/password', { token: owner.token, body: { currentPassword: 'first password 1', newPassword: 'short' } });
    expect(res.status).toBe(400);
    expect(res.json.error.details).toEqual([{ field: 'newPassword', message: 'Must be at least 10 characters' }]);
    expect((await login(api, owner.email, 'first password 1')).status).toBe(200);
  });

  it('needs a signed-in user', async () => {
    const res = await api.request('POST', '/auth/password', { body: { currentPassword: 'first password 1', newPassword: 'second password 2' } });
    expect(res.status).toBe(401);
    expect(res.json.error.message).toBe('Missing Authorization header');
  });
});

describe('sessions across an app restart', () => {
  it('keeps access and refresh tokens valid on the same database (generated JWT secret persisted)', async () => {
    const database = await createTestDatabase();
    // No JWT_SECRET: the server generates one and keeps it in the database.
    const first = await startApi({ database, config: { jwtSecret: null } });
    const owner = await registerOrg(first, { password: 'survives restarts' });
    await first.close();

    const second = await startApi({ database, config: { jwtSecret: null } });
    try {
      expect((await second.request('GET', '/auth/me', { token: owner.token })).status).toBe(200);
      expect((await second.request('POST', '/auth/refresh', { body: { refreshToken: owner.refreshToken } })).status).toBe(200);
      expect((await login(second, owner.email, 'survives restarts')).status).toBe(200);
    } finally {
      await second.close();
    }

    // A server with another database generated another secret: the token is worthless there.
    const stranger = await startApi({ config: { jwtSecret: null } });
    try {
      expect((await stranger.request('GET', '/auth/me', { token: owner.token })).status).toBe(401);
    } finally {
      await stranger.close();
    }
  });
});
