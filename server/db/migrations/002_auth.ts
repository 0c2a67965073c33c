import type { Kysely } from 'kysely';

/**
 * Login lockout lives in the database, not in memory, so every instance sharing the database
 * counts the same failures (SPEC §8). Keyed by the normalised email, whether or not an account
 * has it: unknown emails are counted and locked exactly like known ones.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('login_attempts')
    .addColumn('email', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', 'text')
    .addColumn('last_failure_at', 'text', (c) => c.notNull())
    .execute();
}
