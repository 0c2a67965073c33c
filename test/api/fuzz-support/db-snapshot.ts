import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { DB } from '../../../server/db/open.js';

/**
 * A fingerprint of everything the API stores, to prove that a refused request changed nothing.
 * Every table is included — a table added tomorrow is covered — except the few that record
 * requests rather than data, which change on refusals by design:
 */
export const TABLES_THAT_RECORD_REQUESTS: Readonly<Record<string, string>> = {
  request_log: 'every authenticated request is logged, refused or not (SPEC §5)',
  idempotency_keys: "an executed request's 4xx is stored against its key (SPEC §3)",
  rate_limits: 'every request is counted',
  login_attempts: 'failed logins and TOTP codes are counted for the lockout (SPEC §2)',
  kysely_migration: 'schema bookkeeping',
  kysely_migration_lock: 'schema bookkeeping',
};

/** Columns that change when a credential is merely used. */
export const COLUMNS_TOUCHED_BY_USE: Readonly<Record<string, readonly string[]>> = {
  api_keys: ['last_used_at'],
};

export type Snapshot = Record<string, { rows: number; digest: string }>;

export async function dataTables(db: DB): Promise<string[]> {
  const tables = await db.introspection.getTables();
  return tables
    .map((t) => t.name)
    .filter((name) => !(name in TABLES_THAT_RECORD_REQUESTS) && !name.startsWith('zz_test_'))
    .sort();
}

function canonical(row: Record<string, unknown>, skip: readonly string[]): string {
  return JSON.stringify(
    Object.keys(row)
      .filter((k) => !skip.includes(k))
      .sort()
      .map((k) => [k, row[k] === null || row[k] === undefined ? null : String(row[k])]),
  );
}

/** Row count and an order-independent digest of every row, per data table. */
export async function snapshotDatabase(db: DB, tables: readonly string[]): Promise<Snapshot> {
  const out: Snapshot = {};
  for (const table of tables) {
    const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(db);
    const skip = COLUMNS_TOUCHED_BY_USE[table] ?? [];
    const hashes = rows.map((row) => createHash('sha1').update(canonical(row, skip)).digest('hex')).sort();
    out[table] = { rows: rows.length, digest: createHash('sha1').update(hashes.join()).digest('hex') };
  }
  return out;
}

/** The tables whose rows differ between two snapshots. */
export function changedTables(before: Snapshot, after: Snapshot): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names].filter((t) => before[t]?.digest !== after[t]?.digest || before[t]?.rows !== after[t]?.rows).sort();
}
