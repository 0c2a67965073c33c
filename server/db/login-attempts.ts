import { sql } from 'kysely';
import type { DB } from './open.js';

/**
 * Failed sign-ins per normalised email. Not tenant-scoped: a sign-in happens before anyone knows
 * the organisation, and unknown emails are counted too. Every change is one atomic statement so
 * instances racing on the same email cannot lose a failure.
 */

export interface LoginAttemptState {
  failures: number;
  /** ISO time; null when not locked. */
  lockedUntil: string | null;
}

/** The end of the lock on `email` if it is still in force at `nowIso`, else null. */
export async function findActiveLock(db: DB, email: string, nowIso: string): Promise<string | null> {
  const row = await db
    .selectFrom('login_attempts')
    .select('locked_until')
    .where('email', '=', email)
    .where('locked_until', '>', nowIso)
    .executeTakeFirst();
  return row?.locked_until ?? null;
}

/**
 * Counts one more consecutive failure. A lock that has run out starts the count again at 1; a
 * lock still in force is kept as it is (not extended); reaching `maxFailures` sets `lockUntilIso`.
 */
export async function recordLoginFailure(
  db: DB,
  email: string,
  options: { nowIso: string; lockUntilIso: string; maxFailures: number },
): Promise<LoginAttemptState> {
  const { nowIso, lockUntilIso, maxFailures } = options;
  const lockedUntil = sql.ref('login_attempts.locked_until');
  const failures = sql.ref('login_attempts.failures');
  const lockExpired = sql`(${lockedUntil} is not null and ${lockedUntil} <= ${nowIso})`;
  const nextFailures = sql<number>`(case when ${lockExpired} then 1 else ${failures} + 1 end)`;
  const row = await db
    .insertInto('login_attempts')
    .values({ email, failures: 1, locked_until: 1 >= maxFailures ? lockUntilIso : null, last_failure_at: nowIso })
    .onConflict((oc) =>
      oc.column('email').doUpdateSet({
        failures: nextFailures,
        locked_until: sql<string | null>`(case
          when ${lockedUntil} is not null and ${lockedUntil} > ${nowIso} then ${lockedUntil}
          when ${nextFailures} >= ${maxFailures} then ${lockUntilIso}
          else null end)`,
        last_failure_at: nowIso,
      }),
    )
    .returning(['failures', 'locked_until'])
    .executeTakeFirstOrThrow();
  return { failures: Number(row.failures), lockedUntil: row.locked_until };
}

/** A successful sign-in ends the run of failures. */
export async function clearLoginFailures(db: DB, email: string): Promise<void> {
  await db.deleteFrom('login_attempts').where('email', '=', email).execute();
}
