import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeClock, registerOrg, startApi, type TestApi, type TestResponse } from '../helpers/api.js';
import { countingHasher, enableTotp, login, stableHeaders, totpAt } from '../helpers/auth.js';
import { createTestDatabase } from '../helpers/test-database.js';

const MINUTE = 60_000;
const STEP = 30_000;

function expectLocked(res: TestResponse, retryAfter: number) {
  expect(res.status).toBe(429);
  expect(res.json).toEqual({
    success: false,
    error: { code: 'account_locked', message: 'Too many failed sign-in attempts; try again later', retryAfter },
  });
  expect(res.headers.get('retry-after')).toBe(String(retryAfter));
}

function expectInvalid(res: TestResponse) {
  expect(res.status).toBe(401);
  expect(res.json).toEqual({ success: false, error: { code: 'unauthorized', message: 'Invalid email or password' } });
  expect(res.headers.get('retry-after')).toBeNull();
}

describe('login lockout', () => {
  let api: TestApi;
  const clock = fakeClock();
  beforeAll(async () => {
    api = await startApi({ config: { now: clock.now } });
  });
  afterAll(() => api.close());

  it('locks after 5 consecutive failures for 15 minutes, even against the right password', async () => {
    const owner = await registerOrg(api);
    for (let i = 0; i < 4; i += 1) expectInvalid(await login(api, owner.email, `wrong password ${i}`));
    // The fifth failure locks at once and says so.
    expectLocked(await login(api, owner.email, 'wrong password 4'), 900);
    expectLocked(await login(api, owner.email, owner.password), 900);
    clock.advance(5 * MINUTE);
    expectLocked(await login(api, owner.email, owner.password), 600);
    clock.advance(10 * MINUTE - 1000);
    expectLocked(await login(api, owner.email, owner.password), 1);
    // Sessions issued before the lock keep working: the lock is on guessing, not on the account's use.
    expect((await api.request('GET', '/auth/me', { token: (await api.request('POST', '/auth/refresh', { body: { refreshToken: owner.refreshToken } })).json.data.accessToken })).status).toBe(200);
  });

  it('lifts the lock after 15 minutes and starts counting again from zero', async () => {
    const owner = await registerOrg(api);
    for (let i = 0; i < 5; i += 1) await login(api, owner.email, 'wrong password');
    expectLocked(await login(api, owner.email, owner.password), 900);
    clock.advance(15 * MINUTE);
    expect((await login(api, owner.email, owner.password)).status).toBe(200);

    for (let i = 0; i < 5; i += 1) await login(api, owner.email, 'wrong password');
    clock.advance(15 * MINUTE);
    // An expired lock without a success in between: the next failure is the first of a new run.
    for (let i = 0; i < 4; i += 1) expectInvalid(await login(api, owner.email, 'wrong password'));
    expectLocked(await login(api, owner.email, 'wrong password'), 900);
  });

  it('resets the count on a successful login', async () => {
    const owner = await registerOrg(api);
    for (let i = 0; i < 4; i += 1) expectInvalid(await login(api, owner.email, 'wrong password'));
    expect((await login(api, owner.email, owner.password)).status).toBe(200);
    for (let i = 0; i < 4; i += 1) expectInvalid(await login(api, owner.email, 'wrong password'));
    expect((await login(api, owner.email, owner.password)).status).toBe(200);
  });

  it('counts failures per normalised email, whatever the case and spacing', async () => {
    const owner = await registerOrg(api);
    const spellings = [owner.email.toUpperCase(), ` ${owner.email}`, `${owner.email} `, owner.email, owner.email.toUpperCase()];
    for (const email of spellings.slice(0, 4)) expectInvalid(await login(api, email, 'wrong password'));
    expectLocked(await login(api, spellings[4]!, 'wrong password'), 900);
    expectLocked(await login(api, owner.email, owner.password), 900);
  });

  it('locks one email without touching another', async () => {
    const victim = await registerOrg(api);
    const bystander = await registerOrg(api);
    for (let i = 0; i < 5; i += 1) await login(api, victim.email, 'wrong password');
    expect((await login(api, bystander.email, bystander.password)).status).toBe(200);
  });

  it('counts wrong TOTP codes too, and a correct password with TOTP on does not reset the count', async () => {
    const owner = await registerOrg(api);
    const secret = await enableTotp(api, owner.token, clock.now());
    clock.advance(STEP);
    for (let i = 0; i < 3; i += 1) expectInvalid(await login(api, owner.email, 'wrong password'));
    // Right password: a challenge, but the run of failures goes on until the sign-in completes.
    const tempToken = (await login(api, owner.email, owner.password)).json.data.tempToken as string;
    const wrongCode = await totpAt(secret, clock.now(), 5);
    expect((await api.request('POST', '/auth/totp/verify', { token: tempToken, body: { code: wrongCode } })).status).toBe(401);
    const locking = await api.request('POST', '/auth/totp/verify', { token: tempToken, body: { code: wrongCode } });
    expectLocked(locking, 900);
    // Locked: the right code is refused too, and so is the right password.
    expectLocked(await api.request('POST', '/auth/totp/verify', { token: tempToken, body: { code: await totpAt(secret, clock.now()) } }), 900);
    expectLocked(await login(api, owner.email, owner.password), 900);

    clock.advance(15 * MINUTE);
    const fresh = (await login(api, owner.email, owner.password)).json.data.tempToken as string;
    const done = await api.request('POST', '/auth/totp/verify', { token: fresh, body: { code: await totpAt(secret, clock.now()) } });
    expect(done.status).toBe(200);
  });

  it('locks TOTP code guessing by a signed-in user (disable) the same way', async () => {
    const owner = await registerOrg(api);
    const secret = await enableTotp(api, owner.token, clock.now());
    clock.advance(STEP);
    for (let i = 0; i < 4; i += 1) {
      expect((await api.request('POST', '/auth/totp/disable', { token: owner.token, body: { code: await totpAt(secret, clock.now(), 7) } })).status).toBe(400);
    }
    expectLocked(await api.request('POST', '/auth/totp/disable', { token: owner.token, body: { code: await totpAt(secret, clock.now(), 7) } }), 900);
    expectLocked(await api.request('POST', '/auth/totp/disable', { token: owner.token, body: { code: await totpAt(secret, clock.now()) } }), 900);
  });

  it('locks current-password guessing at /auth/password the same way', async () => {
    const owner = await registerOrg(api);
    const change = (currentPassword: string) =>
      api.request('POST', '/auth/password', { token: owner.token, body: { currentPassword, newPassword: 'a new password!' } });
    for (let i = 0; i < 4; i += 1) expect((await change(`guess number ${i}`)).status).toBe(400);
    expectLocked(await change('guess number 4'), 900);
    expectLocked(await change(owner.password), 900);
    expectLocked(await login(api, owner.email, owner.password), 900);
  });
});

describe('unknown emails', () => {
  let api: TestApi;
  const clock = fakeClock();
  beforeAll(async () => {
    api = await startApi({ config: { now: clock.now } });
  });
  afterAll(() => api.close());

  it('get byte-identical responses to a known email at every step of a lockout', async () => {
    const owner = await registerOrg(api);
    const ghost = 'nobody-here@example.com';
    for (let i = 0; i < 7; i += 1) {
      const known = await login(api, owner.email, `wrong password ${i}`);
      const unknown = await login(api, ghost, `wrong password ${i}`);
      expect(unknown.status, `attempt ${i + 1}`).toBe(known.status);
      expect(unknown.text, `attempt ${i + 1}`).toBe(known.text);
      expect(stableHeaders(unknown), `attempt ${i + 1}`).toEqual(stableHeaders(known));
      expect(known.status).toBe(i < 4 ? 401 : 429);
    }
    // And with the right password for the known one, while locked: still the same answer.
    const known = await login(api, owner.email, owner.password);
    const unknown = await login(api, ghost, owner.password);
    expect([unknown.status, unknown.text]).toEqual([known.status, known.text]);
    expect(stableHeaders(unknown)).toEqual(stableHeaders(known));
    expectLocked(unknown, 900);

    clock.advance(15 * MINUTE);
    expectInvalid(await login(api, ghost, 'wrong password'));
  });
});

describe('password hashing per login attempt (timing parity, counted, not timed)', () => {
  let api: TestApi;
  const clock = fakeClock();
  const counter = countingHasher();
  beforeAll(async () => {
    api = await startApi({ config: { now: clock.now }, passwords: counter.hasher });
  });
  afterAll(() => api.close());

  it('makes exactly one hasher call per attempt, known email or not, locked or not', async () => {
    // The very first attempt on a fresh app: the dummy hash is made outside the hasher.
    expect((await login(api, 'first-ever@example.com', 'whatever password')).status).toBe(401);
    expect(counter.take()).toEqual({ hash: 0, verify: 1 });

    const owner = await registerOrg(api);
    const withTotp = await registerOrg(api);
    await enableTotp(api, withTotp.token, clock.now());
    counter.take();

    const attempts: Array<[string, string, number]> = [
      [owner.email, owner.password, 200],
      [owner.email, 'wrong password', 401],
      ['ghost@example.com', 'wrong password', 401],
      ['ghost@example.com', owner.password, 401],
      [withTotp.email, withTotp.password, 200],
      [withTotp.email, 'wrong password', 401],
    ];
    for (const [email, password, status] of attempts) {
      expect((await login(api, email, password)).status).toBe(status);
      expect(counter.take(), `${email} ${status}`).toEqual({ hash: 0, verify: 1 });
    }

    // Lock both a known and an unknown email; locked attempts still cost exactly one call.
    for (let i = 0; i < 5; i += 1) {
      await login(api, owner.email, 'wrong password');
      await login(api, 'ghost@example.com', 'wrong password');
    }
    counter.take();
    for (const [email, password] of [
      [owner.email, owner.password],
      [owner.email, 'wrong password'],
      ['ghost@example.com', 'wrong password'],
    ] as const) {
      expectLocked(await login(api, email, password), 900);
      expect(counter.take(), `${email} locked`).toEqual({ hash: 0, verify: 1 });
    }
  });
});

describe('lockout shared by instances', () => {
  it('is kept in the database: failures through one instance lock the email on another', async () => {
    const clock = fakeClock();
    const database = await createTestDatabase();
    const a = await startApi({ database, config: { now: clock.now } });
    const b = await startApi({ database, config: { now: clock.now } });
    try {
      const owner = await registerOrg(a);
      for (let i = 0; i < 2; i += 1) expectInvalid(await login(a, owner.email, 'wrong password'));
      for (let i = 0; i < 2; i += 1) expectInvalid(await login(b, owner.email, 'wrong password'));
      expectLocked(await login(a, owner.email, 'wrong password'), 900);
      expectLocked(await login(b, owner.email, owner.password), 900);
      for (let i = 0; i < 5; i += 1) await login(b, 'ghost@example.com', 'wrong password');
      expectLocked(await login(a, 'ghost@example.com', 'wrong password'), 900);

      // Five failures at once through both instances: each one is counted (no lost update).
      const racer = await registerOrg(a);
      const results = await Promise.all([a, b, a, b, a].map((api) => login(api, racer.email, 'wrong password')));
      expect(results.filter((r) => r.status === 429).length).toBeGreaterThanOrEqual(1);
      expectLocked(await login(b, racer.email, racer.password), 900);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
