import type { Principal } from '../../auth/principal.js';
import type { AppContext } from '../../context.js';
import { findUserById, type UserRow } from '../../db/users.js';
import { unauthorized } from '../../http/errors.js';

/** The signed-in user behind a `user` route's principal (the router has admitted only users). */
export async function currentUser(app: AppContext, principal: Principal): Promise<UserRow> {
  const user = principal.kind === 'user' ? await findUserById(app.db, principal.userId) : undefined;
  if (!user) throw unauthorized('Invalid access token');
  return user;
}
