import type { DB } from './open.js';

/**
 * Runs `fn` in a transaction — or in the caller's, when `db` already is one (an idempotent
 * request runs its handler inside the transaction that also completes the key, and Kysely cannot
 * nest transactions). Handlers call this with `ctx.db`, never `app.db`.
 */
export async function withTransaction<T>(db: DB, fn: (trx: DB) => Promise<T>): Promise<T> {
  if (db.isTransaction) return fn(db);
  return db.transaction().execute(fn);
}
