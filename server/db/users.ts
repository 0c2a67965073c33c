import type { Selectable } from 'kysely';
import type { DB } from './open.js';
import type { UsersTable } from './schema.js';

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
