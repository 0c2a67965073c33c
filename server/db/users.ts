import type { ExpressionBuilder, Selectable } from 'kysely';
import type { DB } from './open.js';
import type { Database, UsersTable } from './schema.js';

export type UserRow = Selectable<UsersTable>;

export async function insertUser(
  db: DB,
  values: { organisationId: number; email: string; name: string; passwordHash: string; role: UserRow['role']; createdAt: string },
): Promise<number> {
  const row = await db
    .insertInto('users')
    .values({
      organisation_id: values.organisationId,
      email: values.email,
      name: values.name,
      password_hash: values.passwordHash,
      role: values.role,
      created_at: values.createdAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function findUserById(db: DB, userId: number): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst();
}

export async function findUserByEmail(db: DB, email: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
}

/** Inserts the user unless the (normalised) email is taken — atomic on both engines; null when taken. */
export async function insertUserUnlessEmailTaken(
  db: DB,
  values: { organisationId: number; email: string; name: string; passwordHash: string; role: UserRow['role']; createdAt: string },
): Promise<number | null> {
  const row = await db
    .insertInto('users')
    .values({
      organisation_id: values.organisationId,
      email: values.email,
      name: values.name,
      password_hash: values.passwordHash,
      role: values.role,
      created_at: values.createdAt,
    })
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

/**
 * The replay guard: a TOTP time step is accepted only if it is later than every step accepted
 * before. Compare-and-set in one statement, so two instances verifying the same code at the same
 * moment cannot both win.
 */
function stepIsNew(step: number) {
  return (eb: ExpressionBuilder<Database, 'users'>) =>
    eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]);
}

/** Turns TOTP on with the secret the code was checked against, claiming the code's step. */
export async function enableTotp(db: DB, userId: number, values: { secret: string; step: number }): Promise<boolean> {
  const result = await db
    .updateTable('users')
    .set({ totp_enabled: 1, totp_last_step: values.step })
    .where('id', '=', userId)
    .where('totp_enabled', '=', 0)
    .where('totp_secret', '=', values.secret)
    .where(stepIsNew(values.step))
    .executeTakeFirst();
  return updatedOne(result);
}

/** Turns TOTP off and forgets the secret, claiming the code's step. */
export async function disableTotp(db: DB, userId: number, values: { secret: string; step: number }): Promise<boolean> {
  const result = await db
    .updateTable('users')
    .set({ totp_enabled: 0, totp_secret: null, totp_last_step: values.step })
    .where('id', '=', userId)
    .where('totp_enabled', '=', 1)
    .where('totp_secret', '=', values.secret)
    .where(stepIsNew(values.step))
    .executeTakeFirst();
  return updatedOne(result);
}

/** Claims a step for a sign-in with TOTP on; false when it (or a later one) was already used. */
export async function claimTotpStep(db: DB, userId: number, values: { secret: string; step: number }): Promise<boolean> {
  const result = await db
    .updateTable('users')
    .set({ totp_last_step: values.step })
    .where('id', '=', userId)
    .where('totp_enabled', '=', 1)
    .where('totp_secret', '=', values.secret)
    .where(stepIsNew(values.step))
    .executeTakeFirst();
  return updatedOne(result);
}
