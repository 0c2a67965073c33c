import type { AppContext } from '../../context.js';
import type { UserRow } from '../../db/users.js';
import { signToken, TOKEN_TTL_SECONDS } from '../../auth/jwt.js';
import { userView } from './user-view.js';

/** The body of a successful login, registration or TOTP verification. */
export function issueSession(app: AppContext, user: UserRow) {
  const now = app.now();
  const claims = { userId: user.id, organisationId: user.organisation_id, generation: user.token_generation };
  return {
    accessToken: signToken(app.secrets.jwt, { ...claims, type: 'access' }, now),
    refreshToken: signToken(app.secrets.jwt, { ...claims, type: 'refresh' }, now),
    tokenType: 'Bearer' as const,
    expiresIn: TOKEN_TTL_SECONDS.access,
    user: userView(user),
  };
}
