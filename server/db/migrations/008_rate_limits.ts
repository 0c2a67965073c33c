import type { Kysely } from 'kysely';
import { bigIntType, engineOf } from '../engine.js';

/**
 * Rate-limit counters, shared by every instance on the database. The columns are exactly what
 * rate-limiter-flexible's RateLimiterSQLite / RateLimiterPostgres read and write (see
 * server/http/rate-limit.ts); the table is created here, under the migration lock, rather than by
 * the library at start-up, where two instances starting together would race to create it.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const engine = engineOf(db);
  await db.schema
    .createTable('rate_limits')
    // `ip:<address>` or `key:key_<n>` / `key:usr_<n>`.
    .addColumn('key', engine === 'postgres' ? 'varchar(255)' : 'text', (c) => c.primaryKey())
    .addColumn('points', 'integer', (c) => c.notNull().defaultTo(0))
    // Epoch milliseconds when the window ends.
    .addColumn('expire', bigIntType(engine))
    .execute();
}
