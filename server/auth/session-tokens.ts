import type { AppContext } from '../context.js';
import { findUserById, type UserRow } from '../db/users.js';
import { unauthorized } from '../http/errors.js';
import { TokenError, verifyToken, type TokenType } from './jwt.js';

const NAMES: Record<TokenType, string> = {
  access: 'Access token',
  refresh: 'Refresh token',
  totp: 'Two-factor sign-in token',
};

/**
 * The user a token of `type` speaks for, or a 401 that says only "invalid" or "expired".
 * The token must carry the user's current generation: a password change ends every session.
 */
export async function userForToken(app: AppContext, token: string, type: TokenType): Promise<UserRow> {
  let claims;
  try {
    claims = verifyToken(app.secrets.jwt, token, type, app.now());
  } catch (err) {
    if (err instanceof TokenError && err.reason === 'expired') throw unauthorized(`${NAMES[type]} has expired`);
    throw unauthorized(`Invalid ${NAMES[type].toLowerCase()}`);
  }
  const user = await findUserById(app.db, claims.userId);
  if (!user || user.organisation_id !== claims.organisationId || user.token_generation !== claims.generation) {
    throw unauthorized(`Invalid ${NAMES[type].toLowerCase()}`);
  }
  return user;
}
