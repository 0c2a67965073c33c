import jwt from 'jsonwebtoken';
import { generate } from 'otplib';
import { testConfig } from '../../server/config.js';
import { scryptHasher, type PasswordHasher } from '../../server/context.js';
import type { TestApi, TestResponse } from './api.js';

/** The JWT secret every test app signs with (testConfig's fixed one). */
export const TEST_JWT_SECRET = testConfig().jwtSecret as string;

/** A real scrypt hasher (test cost) that counts its calls, for the timing-parity proofs. */
export function countingHasher() {
  const inner = scryptHasher(testConfig().scrypt);
  const calls = { hash: 0, verify: 0 };
  const hasher: PasswordHasher = {
    hash: (pw) => {
      calls.hash += 1;
      return inner.hash(pw);
    },
    verify: (pw, stored) => {
      calls.verify += 1;
      return inner.verify(pw, stored);
    },
  };
  return {
    hasher,
    calls,
    /** Calls since the last take(), then resets. */
    take() {
      const taken = { ...calls };
      calls.hash = 0;
      calls.verify = 0;
      return taken;
    },
  };
}

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A token's claims, unverified. */
export function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] as string, 'base64url').toString('utf8')) as Record<string, unknown>;
}

/** The claims a genuine access token would carry at `nowMs`, to forge variants of. */
export function accessClaims(fromToken: string, nowMs: number): Record<string, unknown> {
  const { sub, org, gen } = claimsOf(fromToken);
  const iat = Math.floor(nowMs / 1000);
  return { sub, org, gen, typ: 'access', iat, exp: iat + 900, iss: 'devshell', aud: 'devshell-api' };
}

/** Signs arbitrary claims with jsonwebtoken, as an attacker holding (or guessing) a secret would. */
export function forgeSigned(claims: Record<string, unknown>, options: { secret?: string | Buffer; algorithm?: jwt.Algorithm } = {}): string {
  return jwt.sign(claims, options.secret ?? TEST_JWT_SECRET, { algorithm: options.algorithm ?? 'HS256', noTimestamp: true });
}

/** An unsigned `alg: none` token (RFC 7519 §6), optionally with a junk signature part. */
export function forgeUnsigned(claims: Record<string, unknown>, alg = 'none', signature = ''): string {
  return `${b64url({ alg, typ: 'JWT' })}.${b64url(claims)}.${signature}`;
}

/** The TOTP code an authenticator app shows at `nowMs` (+ whole steps), computed with otplib directly. */
export function totpAt(secret: string, nowMs: number, steps = 0): Promise<string> {
  return generate({ secret, epoch: Math.floor(nowMs / 1000) + steps * 30 });
}

export async function login(api: TestApi, email: string, password: string): Promise<TestResponse> {
  return api.request('POST', '/auth/login', { body: { email, password } });
}

/** Sets up and enables TOTP for the token's user; returns the Base32 secret. */
export async function enableTotp(api: TestApi, token: string, nowMs: number): Promise<string> {
  const setup = await api.request('POST', '/auth/totp/setup', { token });
  if (setup.status !== 200) throw new Error(`totp setup failed: ${setup.status} ${setup.text}`);
  const secret = setup.json.data.secret as string;
  const enable = await api.request('POST', '/auth/totp/enable', { token, body: { code: await totpAt(secret, nowMs) } });
  if (enable.status !== 200) throw new Error(`totp enable failed: ${enable.status} ${enable.text}`);
  return secret;
}

/** Every response header but the ones that must differ per request (date, request ids). */
export function stableHeaders(res: TestResponse): Record<string, string> {
  return Object.fromEntries([...res.headers.entries()].filter(([name]) => name !== 'date' && !/request-id/i.test(name)));
}
