import { generate, generateSecret, verify } from 'otplib';

/**
 * RFC 6238 TOTP as every authenticator app implements it: HMAC-SHA-1, 6 digits, 30-second steps,
 * and one step of drift either way. The secret is 20 random bytes (160 bits, RFC 4226 §4's
 * recommendation), stored and shown as Base32.
 */
export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
export const TOTP_SECRET_BYTES = 20;
/** ±1 step: otplib's tolerance is in seconds. */
const TOLERANCE_SECONDS = TOTP_PERIOD_SECONDS;
const ISSUER = 'devshell';

/** A new Base32 secret of TOTP_SECRET_BYTES random bytes. */
export function newTotpSecret(): string {
  return generateSecret({ length: TOTP_SECRET_BYTES });
}

/**
 * The Key URI Google Authenticator, Authy and 1Password read: `issuer:account` label plus an
 * `issuer` parameter, and the parameters spelled out (some apps ignore the defaults otherwise).
 */
export function totpUri(accountEmail: string, secret: string): string {
  const label = `${encodeURIComponent(ISSUER)}:${encodeURIComponent(accountEmail)}`;
  const params = new URLSearchParams({ secret, issuer: ISSUER, algorithm: 'SHA1', digits: String(TOTP_DIGITS), period: String(TOTP_PERIOD_SECONDS) });
  return `otpauth://totp/${label}?${params.toString()}`;
}

/** The time step a moment falls in (RFC 6238 T with T0 = 0). */
export function totpStep(nowMs: number): number {
  return Math.floor(nowMs / 1000 / TOTP_PERIOD_SECONDS);
}

/** The code for `nowMs`; a string secret is Base32, raw bytes (the RFC vectors) a Uint8Array. */
export async function totpCode(secret: string | Uint8Array, nowMs: number, digits: 6 | 8 = TOTP_DIGITS): Promise<string> {
  return generate({ secret, epoch: Math.floor(nowMs / 1000), period: TOTP_PERIOD_SECONDS, digits, algorithm: 'sha1' });
}

/**
 * The time step `code` belongs to if it is valid within ±1 step of `nowMs` and later than
 * `afterStep` (the last step this user had accepted — replay protection); otherwise null.
 * The caller must still claim the step atomically in the database.
 */
export async function matchTotpCode(
  secret: string | Uint8Array,
  code: string,
  nowMs: number,
  afterStep: number | null,
  digits: 6 | 8 = TOTP_DIGITS,
): Promise<number | null> {
  if (!new RegExp(`^[0-9]{${digits}}$`).test(code)) return null;
  // otplib throws when afterTimeStep lies beyond the window (a clock set back): nothing can match.
  if (afterStep !== null && afterStep >= totpStep(nowMs) + 1) return null;
  const result = await verify({
    secret,
    token: code,
    epoch: Math.floor(nowMs / 1000),
    epochTolerance: TOLERANCE_SECONDS,
    period: TOTP_PERIOD_SECONDS,
    digits,
    algorithm: 'sha1',
    ...(afterStep !== null ? { afterTimeStep: afterStep } : {}),
  });
  return result.valid && 'timeStep' in result ? result.timeStep : null;
}
