import { z } from 'zod';
import { readCredential } from '../../auth/authenticate.js';
import { userForToken } from '../../auth/session-tokens.js';
import { checkTotp, signInSucceeded } from '../../auth/sign-in.js';
import { newTotpSecret, totpUri } from '../../auth/totp.js';
import { claimTotpStep, disableTotp, enableTotp, findUserById, storePendingTotpSecret, type UserRow } from '../../db/users.js';
import { conflict, unauthorized, validationError } from '../../http/errors.js';
import { defineRoute, type RouteDef } from '../../http/route.js';
import { currentUser } from './current-user.js';
import { SessionSchema, TotpCode, TotpSetupSchema } from './schemas.js';
import { issueSession } from './sessions.js';
import { UserSchema, userView } from './user-view.js';

/** TOTP two-factor authentication (SPEC §2): setup, enable, disable, and the second sign-in step. */

const wrongCode = () => validationError([{ field: 'code', message: 'Is not a valid code, or has already been used' }]);

async function reloaded(db: Parameters<typeof findUserById>[0], user: UserRow): Promise<UserRow> {
  const fresh = await findUserById(db, user.id);
  if (!fresh) throw unauthorized('Invalid access token');
  return fresh;
}

export const totpRoutes: RouteDef[] = [
  defineRoute({
    method: 'post',
    path: '/auth/totp/setup',
    operationId: 'setUpTotp',
    summary: 'Start two-factor setup: a new secret and its otpauth:// URI',
    description: 'The secret is stored but not in force until POST /auth/totp/enable confirms a code from it.',
    tag: 'Auth',
    access: 'user',
    idempotent: false,
    response: { schema: TotpSetupSchema },
    handler: async ({ app, db, principal }) => {
      const user = await currentUser(app, principal);
      const alreadyOn = () => conflict('Two-factor authentication is already on; disable it before setting it up again');
      if (user.totp_enabled === 1) throw alreadyOn();
      const secret = newTotpSecret();
      if (!(await storePendingTotpSecret(db, user.id, secret))) throw alreadyOn();
      return { data: { secret, otpauthUri: totpUri(user.email, secret) } };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/auth/totp/enable',
    operationId: 'enableTotp',
    summary: 'Turn two-factor authentication on with a code from the new secret',
    tag: 'Auth',
    access: 'user',
    idempotent: false,
    body: z.strictObject({ code: TotpCode }),
    response: { schema: UserSchema },
    handler: async ({ app, db, principal, body }) => {
      const user = await currentUser(app, principal);
      if (user.totp_enabled === 1) throw conflict('Two-factor authentication is already on');
      const secret = user.totp_secret;
      if (!secret) throw conflict('Call POST /auth/totp/setup first');
      await checkTotp(app, user, secret, body.code, (step) => enableTotp(db, user.id, { secret, step }), wrongCode);
      return { data: userView(await reloaded(db, user)) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/auth/totp/disable',
    operationId: 'disableTotp',
    summary: 'Turn two-factor authentication off with a current code',
    tag: 'Auth',
    access: 'user',
    idempotent: false,
    body: z.strictObject({ code: TotpCode }),
    response: { schema: UserSchema },
    handler: async ({ app, db, principal, body }) => {
      const user = await currentUser(app, principal);
      const secret = user.totp_secret;
      if (user.totp_enabled !== 1 || !secret) throw conflict('Two-factor authentication is not on');
      await checkTotp(app, user, secret, body.code, (step) => disableTotp(db, user.id, { secret, step }), wrongCode);
      return { data: userView(await reloaded(db, user)) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/auth/totp/verify',
    operationId: 'verifyTotp',
    summary: 'Second sign-in step: the temp token from login plus a TOTP code',
    description:
      'Send `Authorization: Bearer <tempToken>` (from POST /auth/login) and the current code. ' +
      'A code is accepted once; wrong codes count towards the lockout.',
    tag: 'Auth',
    access: 'public',
    idempotent: false,
    body: z.strictObject({ code: TotpCode }),
    response: { schema: SessionSchema },
    handler: async ({ app, db, req, body }) => {
      const credential = readCredential(req);
      if (!credential) throw unauthorized('Missing Authorization header');
      if (credential.kind !== 'bearer') throw unauthorized('Invalid two-factor sign-in token');
      const user = await userForToken(app, credential.token, 'totp');
      const secret = user.totp_secret;
      if (user.totp_enabled !== 1 || !secret) throw unauthorized('Invalid two-factor sign-in token');
      await checkTotp(app, user, secret, body.code, (step) => claimTotpStep(db, user.id, { secret, step }), () =>
        unauthorized('Invalid or already used authentication code'),
      );
      await signInSucceeded(db, user);
      return { data: issueSession(app, await reloaded(db, user)) };
    },
  }),
];
