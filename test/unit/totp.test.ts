import { describe, expect, it } from 'vitest';
import { matchTotpCode, newTotpSecret, totpCode, totpStep, totpUri } from '../../server/auth/totp.js';

// RFC 6238 Appendix B: the SHA-1 seed is the ASCII string "12345678901234567890".
const RFC_SECRET = new TextEncoder().encode('12345678901234567890');
const BASE32_ALPHABET = /^[A-Z2-7]+=*$/;

function base32Decode(text: string): Uint8Array {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const ch of text.replace(/=+$/, '')) bits += alphabet.indexOf(ch).toString(2).padStart(5, '0');
  const bytes = bits.match(/.{8}/g) ?? [];
  return Uint8Array.from(bytes.map((b) => parseInt(b, 2)));
}

describe('TOTP (RFC 6238)', () => {
  it('reproduces the RFC 6238 Appendix B SHA-1 vectors at T=59', async () => {
    expect(await totpCode(RFC_SECRET, 59_000, 8)).toBe('94287082');
    expect(await totpCode(RFC_SECRET, 59_000)).toBe('287082');
  });

  it('reproduces the other RFC 6238 SHA-1 vectors (8 digits)', async () => {
    const vectors: Array<[number, string]> = [
      [1111111109, '07081804'],
      [1111111111, '14050471'],
      [1234567890, '89005924'],
      [2000000000, '69279037'],
    ];
    for (const [seconds, code] of vectors) expect(await totpCode(RFC_SECRET, seconds * 1000, 8)).toBe(code);
  });

  it('accepts the RFC code at T=59 and reports its time step (1)', async () => {
    expect(await matchTotpCode(RFC_SECRET, '94287082', 59_000, null, 8)).toBe(1);
    expect(await matchTotpCode(RFC_SECRET, '287082', 59_000, null)).toBe(1);
    expect(await matchTotpCode(RFC_SECRET, '287083', 59_000, null)).toBeNull();
  });

  it('accepts one step of drift either way and nothing further', async () => {
    const now = 1_800_000_000_000;
    const at = (steps: number) => totpCode(RFC_SECRET, now + steps * 30_000);
    expect(await matchTotpCode(RFC_SECRET, await at(0), now, null)).toBe(totpStep(now));
    expect(await matchTotpCode(RFC_SECRET, await at(-1), now, null)).toBe(totpStep(now) - 1);
    expect(await matchTotpCode(RFC_SECRET, await at(1), now, null)).toBe(totpStep(now) + 1);
    expect(await matchTotpCode(RFC_SECRET, await at(-2), now, null)).toBeNull();
    expect(await matchTotpCode(RFC_SECRET, await at(3), now, null)).toBeNull();
    expect(await matchTotpCode(RFC_SECRET, await at(-3), now, null)).toBeNull();
  });

  it('refuses a code whose step is not after the last accepted one', async () => {
    const now = 1_800_000_000_000;
    const code = await totpCode(RFC_SECRET, now);
    const step = totpStep(now);
    expect(await matchTotpCode(RFC_SECRET, code, now, step)).toBeNull();
    expect(await matchTotpCode(RFC_SECRET, code, now, step + 5)).toBeNull();
    expect(await matchTotpCode(RFC_SECRET, code, now, step - 1)).toBe(step);
  });

  it('refuses malformed codes without throwing', async () => {
    for (const code of ['', '12345', '1234567', 'abcdef', ' 28708', '28708２']) {
      expect(await matchTotpCode(RFC_SECRET, code, 59_000, null)).toBeNull();
    }
  });

  it('makes 20-byte Base32 secrets and an otpauth URI authenticator apps accept', () => {
    const secret = newTotpSecret();
    expect(secret).toMatch(BASE32_ALPHABET);
    expect(base32Decode(secret).length).toBeGreaterThanOrEqual(20);
    expect(newTotpSecret()).not.toBe(secret);

    const uri = new URL(totpUri('ann+2fa@example.com', secret));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(decodeURIComponent(uri.pathname)).toBe('/devshell:ann+2fa@example.com');
    expect(Object.fromEntries(uri.searchParams)).toEqual({ secret, issuer: 'devshell', algorithm: 'SHA1', digits: '6', period: '30' });
  });
});
