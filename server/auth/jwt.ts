import { createSecretKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';

/**
 * Session tokens (RFC 8725): one algorithm on an allowlist, issuer and audience checked, and a
 * token type so a refresh or TOTP temp token is never accepted where an access token is due.
 */
export type TokenType = 'access' | 'refresh' | 'totp';

export const TOKEN_TTL_SECONDS: Record<TokenType, number> = {
  access: 15 * 60,
  refresh: 7 * 24 * 60 * 60,
  totp: 5 * 60,
};

const ALGORITHM = 'HS256';
const ISSUER = 'devshell';
const AUDIENCE = 'devshell-api';

/**
 * jsonwebtoken, given a string secret, first tries to parse it as a public key (and fails) on
 * every call: ~0.5 ms per verification. A KeyObject made once skips that (~8 µs).
 */
let cachedKey: { secret: string; key: KeyObject } | null = null;
function secretKey(secret: string): KeyObject {
  if (cachedKey?.secret !== secret) cachedKey = { secret, key: createSecretKey(Buffer.from(secret, 'utf8')) };
  return cachedKey.key;
}

export interface TokenClaims {
  /** User row number. */
  userId: number;
  organisationId: number;
  /** The user's token generation when the token was issued. */
  generation: number;
  type: TokenType;
  expiresAt: number;
}

export class TokenError extends Error {
  constructor(readonly reason: 'expired' | 'invalid') {
    super(reason === 'expired' ? 'token expired' : 'token invalid');
  }
}

export function signToken(
  secret: string,
  claims: { userId: number; organisationId: number; generation: number; type: TokenType },
  nowMs: number,
): string {
  const iat = Math.floor(nowMs / 1000);
  return jwt.sign(
    {
      sub: `usr_${claims.userId}`,
      org: claims.organisationId,
      gen: claims.generation,
      typ: claims.type,
      iat,
      exp: iat + TOKEN_TTL_SECONDS[claims.type],
    },
    secretKey(secret),
    { algorithm: ALGORITHM, issuer: ISSUER, audience: AUDIENCE },
  );
}

/** Verifies signature, algorithm, issuer, audience, expiry and type; throws TokenError otherwise. */
export function verifyToken(secret: string, token: string, expected: TokenType, nowMs: number): TokenClaims {
  let payload: jwt.JwtPayload | string;
  try {
    payload = jwt.verify(token, secretKey(secret), {
      algorithms: [ALGORITHM],
      issuer: ISSUER,
      audience: AUDIENCE,
      clockTimestamp: Math.floor(nowMs / 1000),
    });
  } catch (err) {
    throw new TokenError(err instanceof jwt.TokenExpiredError ? 'expired' : 'invalid');
  }
  if (typeof payload === 'string' || payload.typ !== expected) throw new TokenError('invalid');
  const userMatch = /^usr_(\d+)$/.exec(String(payload.sub));
  if (!userMatch || !Number.isSafeInteger(payload.org) || !Number.isSafeInteger(payload.gen) || typeof payload.exp !== 'number') {
    throw new TokenError('invalid');
  }
  return {
    userId: Number(userMatch[1]),
    organisationId: payload.org as number,
    generation: payload.gen as number,
    type: expected,
    expiresAt: payload.exp * 1000,
  };
}
