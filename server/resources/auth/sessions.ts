import type { AppContext } from '../../context.js';
import type { UserRow } from '../../db/users.js';
import { signToken, TOKEN_TTL_SECONDS } from '../../auth/jwt.js';
import { userView } from './user-view.js';

const claimsOf = (user: UserRow) => ({ userId: user.id, organisationId: user.organisation_id, generation: user.token_generation });

/** A fresh access token for `user` (refresh). */
export function issueAccessToken(app: AppContext, user: UserRow) {
  return {
    accessToken: signToken(app.secrets.jwt, { ...claimsOf(user), type: 'access' }, app.now()),
    tokenType: 'Bearer' as const,
    expiresIn: TOKEN_TTL_SECONDS.access,
  };
}

/** The body of a successful login, registration, TOTP verification or password change. */
export function issueSession(app: AppContext, user: UserRow) {
  return {
    ...issueAccessToken(app, user),
    refreshToken: signToken(app.secrets.jwt, { ...claimsOf(user), type: 'refresh' }, app.now()),
    user: userView(user),
  };
}

/** The answer to a correct password when TOTP is on: a 5-minute token good only for /auth/totp/verify. */
export function issueTotpChallenge(app: AppContext, user: UserRow) {
  return { requiresTotp: true as const, tempToken: signToken(app.secrets.jwt, { ...claimsOf(user), type: 'totp' }, app.now()) };
}
