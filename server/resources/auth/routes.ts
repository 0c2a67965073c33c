import { z } from 'zod';
import { checkCurrentPassword, checkPassword, signInSucceeded } from '../../auth/sign-in.js';
import { userForToken } from '../../auth/session-tokens.js';
import { insertOrganisation } from '../../db/organisations.js';
import { withTransaction } from '../../db/transaction.js';
import { findUserByEmail, findUserById, insertUserUnlessEmailTaken, replacePassword } from '../../db/users.js';
import { conflict, unauthorized, validationError } from '../../http/errors.js';
import { defineRoute, type RouteDef } from '../../http/route.js';
import { setUpOrganisation } from '../organisation-setup.js';
import { currentUser } from './current-user.js';
import { AccessTokenSchema, GivenPassword, NewEmail, NewPassword, SessionSchema, TotpChallengeSchema } from './schemas.js';
import { issueAccessToken, issueSession, issueTotpChallenge } from './sessions.js';
import { totpRoutes } from './totp-routes.js';
import { UserSchema, userView } from './user-view.js';

const sessionRoutes: RouteDef[] = [
  defineRoute({
    method: 'post',
    path: '/auth/register',
    operationId: 'register',
    summary: 'Create an organisation and its owner; returns a session',
    tag: 'Auth',
    access: 'public',
    idempotent: false,
    status: 201,
    body: z.strictObject({
      email: NewEmail,
      password: NewPassword,
      name: z.string().trim().min(1).max(200),
      organisationName: z.string().trim().min(1).max(200),
    }),
    response: { schema: SessionSchema },
    handler: async ({ app, db, body }) => {
      // Hash before the transaction: a transaction holds SQLite's only connection until it ends.
      const passwordHash = await app.passwords.hash(body.password);
      const createdAt = new Date(app.now()).toISOString();
      // Deliberately vague: registration cannot help revealing a taken email, but need not say so.
      const taken = () => conflict('This email address cannot be used to register; if it is yours, sign in instead');
      if (await findUserByEmail(db, body.email)) throw taken();
      const userId = await withTransaction(db, async (trx) => {
        const organisationId = await insertOrganisation(trx, { name: body.organisationName, createdAt });
        await setUpOrganisation(trx, organisationId, createdAt);
        // The unique email decides a race between two registrations (several instances).
        const id = await insertUserUnlessEmailTaken(trx, { organisationId, email: body.email, name: body.name, passwordHash, role: 'owner', createdAt });
        if (id === null) throw taken();
        return id;
      });
      const user = await findUserById(db, userId);
      if (!user) throw new Error('registered user vanished');
      return { status: 201, data: issueSession(app, user) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/auth/login',
    operationId: 'login',
    summary: 'Sign in with email and password',
    description:
      'Returns a session, or `{requiresTotp: true, tempToken}` when two-factor authentication is on. ' +
      'Five consecutive failures lock the email for 15 minutes (429 account_locked with Retry-After).',
    tag: 'Auth',
    access: 'public',
    idempotent: false,
    body: z.strictObject({ email: z.string().min(1).max(254), password: GivenPassword }),
    response: { schema: z.union([SessionSchema, TotpChallengeSchema]) },
    handler: async ({ app, body }) => {
      const user = await checkPassword(app, body.email, body.password);
      if (user.totp_enabled === 1) return { data: issueTotpChallenge(app, user) };
      await signInSucceeded(app.db, user);
      return { data: issueSession(app, user) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/auth/refresh',
    operationId: 'refreshSession',
    summary: 'Exchange a refresh token for a new access token',
    description: 'The refresh token is not rotated; it stops working after a password change.',
    tag: 'Auth',
    access: 'public',
    idempotent: false,
    body: z.strictObject({ refreshToken: z.string().min(1).max(4096) }),
    response: { schema: AccessTokenSchema },
    handler: async ({ app, body }) => {
      const user = await userForToken(app, body.refreshToken, 'refresh');
      return { data: issueAccessToken(app, user) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/auth/password',
    operationId: 'changePassword',
    summary: 'Change the password; ends every other session',
    description: 'Every access and refresh token issued before stops working at once. Returns a fresh session.',
    tag: 'Auth',
    access: 'user',
    idempotent: false,
    body: z.strictObject({ currentPassword: GivenPassword, newPassword: NewPassword }),
    response: { schema: SessionSchema },
    handler: async ({ app, db, principal, body }) => {
      const user = await currentUser(app, principal);
      await checkCurrentPassword(app, user, body.currentPassword, () =>
        validationError([{ field: 'currentPassword', message: 'Is not your current password' }]),
      );
      const passwordHash = await app.passwords.hash(body.newPassword);
      const updated = await replacePassword(db, user.id, { passwordHash, expectedGeneration: user.token_generation });
      // Another password change got there first, and it ended this session.
      if (!updated) throw unauthorized('Invalid access token');
      await signInSucceeded(db, updated);
      return { data: issueSession(app, updated) };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/auth/me',
    operationId: 'getCurrentUser',
    summary: 'The signed-in user',
    tag: 'Auth',
    access: 'user',
    response: { schema: UserSchema },
    handler: async ({ app, principal }) => ({ data: userView(await currentUser(app, principal)) }),
  }),
];

export const authRoutes: RouteDef[] = [...sessionRoutes, ...totpRoutes];
