import { z } from 'zod';
import { MIN_PASSWORD_LENGTH } from '../../auth/passwords.js';
import { findUserByEmail, findUserById, insertUser } from '../../db/users.js';
import { insertOrganisation } from '../../db/organisations.js';
import { conflict, unauthorized } from '../../http/errors.js';
import { defineRoute, type RouteDef } from '../../http/route.js';
import { setUpOrganisation } from '../organisation-setup.js';
import { issueSession } from './sessions.js';
import { UserSchema, userView } from './user-view.js';

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

const email = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ message: 'Must be an email address' }).max(254));
const password = z.string().min(MIN_PASSWORD_LENGTH, { message: `Must be at least ${MIN_PASSWORD_LENGTH} characters` }).max(1024);

const SessionSchema = z.object({
  accessToken: z.string(),
  refreshToken: z.string(),
  tokenType: z.literal('Bearer'),
  expiresIn: z.number(),
  user: UserSchema,
});

export const authRoutes: RouteDef[] = [
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
      email,
      password,
      name: z.string().trim().min(1).max(200),
      organisationName: z.string().trim().min(1).max(200),
    }),
    response: { schema: SessionSchema },
    handler: async ({ app, body }) => {
      // Hash before the transaction: a transaction holds SQLite's only connection until it ends.
      const passwordHash = await app.passwords.hash(body.password);
      const createdAt = new Date(app.now()).toISOString();
      const userId = await app.db.transaction().execute(async (trx) => {
        if (await findUserByEmail(trx, body.email)) throw conflict('An account with this email already exists');
        const organisationId = await insertOrganisation(trx, { name: body.organisationName, createdAt });
        await setUpOrganisation(trx, organisationId, createdAt);
        return insertUser(trx, { organisationId, email: body.email, name: body.name, passwordHash, role: 'owner', createdAt });
      });
      const user = await findUserById(app.db, userId);
      return { status: 201, data: issueSession(app, user!) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/auth/login',
    operationId: 'login',
    summary: 'Sign in with email and password',
    tag: 'Auth',
    access: 'public',
    idempotent: false,
    body: z.strictObject({ email: z.string().max(254), password: z.string().max(1024) }),
    response: { schema: SessionSchema },
    handler: async ({ app, body }) => {
      const user = await findUserByEmail(app.db, normaliseEmail(body.email));
      const ok = user ? await app.passwords.verify(body.password, user.password_hash) : false;
      if (!user || !ok) throw unauthorized('Invalid email or password');
      return { data: issueSession(app, user) };
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
    handler: async ({ app, principal }) => {
      if (principal.kind !== 'user') throw unauthorized();
      const user = await findUserById(app.db, principal.userId);
      if (!user) throw unauthorized('Invalid access token');
      return { data: userView(user) };
    },
  }),
];
