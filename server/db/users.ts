import type { Insertable, Selectable, Updateable } from 'kysely';
import type { DB } from './open.js';
import type { UsersTable } from './schema.js';

export type UserRow = Selectable<UsersTable>;

export interface NewUser {
  organisationId: number;
  email: string;
  name: string;
  passwordHash: string;
  role: UserRow['role'];
  createdAt: string;
}

function userColumns(user: NewUser): Insertable<UsersTable> {
  return {
    organisation_id: user.organisationId,
    email: user.email,
    name: user.name,
    password_hash: user.passwordHash,
    role: user.role,
    created_at: user.createdAt,
  };
}

export async function insertUser(db: DB, values: NewUser): Promise<number> {
  const row = await db.insertInto('users').values(userColumns(values)).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function findUserById(db: DB, userId: number): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst();
}

export async function findUserByEmail(db: DB, email: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
}

/** Inserts the user unless the (normalised) email is taken — atomic on both engines; null when taken. */
export async function insertUserUnlessEmailTaken(db: DB, values: NewUser): Promise<number | null> {
  const row = await db
    .insertInto('users')
    .values(userColumns(values))
    .onConflict((oc) => oc.column('email').doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}

/**
 * Sets a new password hash and bumps the token generation, so every token issued before dies.
 * Only if the generation is still the one the caller verified against: a concurrent password
 * change wins and this one reports `undefined`.
 */
export async function replacePassword(
  db: DB,
  userId: number,
  values: { passwordHash: string; expectedGeneration: number },
): Promise<UserRow | undefined> {
  return db
    .updateTable('users')
    .set((eb) => ({ password_hash: values.passwordHash, token_generation: eb('token_generation', '+', 1) }))
    .where('id', '=', userId)
    .where('token_generation', '=', values.expectedGeneration)
    .returningAll()
    .executeTakeFirst();
}

const updatedOne = (result: { numUpdatedRows: bigint }) => Number(result.numUpdatedRows) === 1;

/**
 * Stores a fresh, not yet enabled TOTP secret (a new secret makes every earlier step irrelevant,
 * so the replay marker starts again). Refused while TOTP is enabled.
 */
export async function storePendingTotpSecret(db: DB, userId: number, secret: string): Promise<boolean> {
  const result = await db
    .updateTable('users')
    .set({ totp_secret: secret, totp_last_step: null })
    .where('id', '=', userId)
    .where('totp_enabled', '=', 0)
    .executeTakeFirst();
  return updatedOne(result);
}

/** A code checked against `secret` at time step `step`. */
export interface CheckedTotpCode {
  secret: string;
  step: number;
}

/**
 * The replay guard: a TOTP time step is accepted only if it is later than every step accepted
 * before. Compare-and-set in one statement — TOTP still `enabled` (1) or not (0) and the secret
 * still the one the code was checked against — so two instances verifying the same code at the
 * same moment cannot both win. Applies `set` along with the claimed step; false when refused.
 */
async function claimStepWhile(
  db: DB,
  userId: number,
  enabled: 0 | 1,
  code: CheckedTotpCode,
  set: Pick<Updateable<UsersTable>, 'totp_enabled' | 'totp_secret'>,
): Promise<boolean> {
  const result = await db
    .updateTable('users')
    .set({ ...set, totp_last_step: code.step })
    .where('id', '=', userId)
    .where('totp_enabled', '=', enabled)
    .where('totp_secret', '=', code.secret)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', code.step)]))
    .executeTakeFirst();
  return updatedOne(result);
}

/** Turns TOTP on with the secret the code was checked against, claiming the code's step. */
export async function enableTotp(db: DB, userId: number, code: CheckedTotpCode): Promise<boolean> {
  return claimStepWhile(db, userId, 0, code, { totp_enabled: 1 });
}

/** Turns TOTP off and forgets the secret, claiming the code's step. */
export async function disableTotp(db: DB, userId: number, code: CheckedTotpCode): Promise<boolean> {
  return claimStepWhile(db, userId, 1, code, { totp_enabled: 0, totp_secret: null });
}

/** Claims a step for a sign-in with TOTP on; false when it (or a later one) was already used. */
export async function claimTotpStep(db: DB, userId: number, code: CheckedTotpCode): Promise<boolean> {
  return claimStepWhile(db, userId, 1, code, {});
}
