import { sql } from 'kysely';
import { databaseHandleOf, type DB } from '../../../server/db/open.js';
import { COLUMNS_TOUCHED_BY_USE, TABLES_THAT_RECORD_REQUESTS } from './db-snapshot.js';

/**
 * A cheap, exact "did anything change?" for fuzzing thousands of requests: row triggers on every
 * data table (the same tables and columns db-snapshot.ts fingerprints) count each inserted, updated
 * or deleted row, per table. Writes rolled back with their transaction roll their counts back
 * too, so a count moves only for committed changes — even an UPDATE that rewrites a row with the
 * same values, which a content checksum would miss.
 *
 * Test-only DDL, one dialect per engine (the app's own SQL stays engine-neutral).
 */

export const COUNTER_TABLE = 'zz_test_change_counter';

export type ChangeCounts = Record<string, number>;

/** Installs the triggers; returns a reader of the per-table counts. */
export async function installChangeCounter(db: DB): Promise<() => Promise<ChangeCounts>> {
  const engine = databaseHandleOf(db).engine;
  const tables = (await db.introspection.getTables()).filter((t) => !(t.name in TABLES_THAT_RECORD_REQUESTS) && t.name !== COUNTER_TABLE);
  await sql`create table ${sql.table(COUNTER_TABLE)} (t varchar(200) primary key, n bigint not null)`.execute(db);
  if (engine === 'postgres') {
    await sql
      .raw(`create function zz_test_count_change() returns trigger language plpgsql as $$ begin update ${COUNTER_TABLE} set n = n + 1 where t = TG_TABLE_NAME; return null; end $$`)
      .execute(db);
  }
  for (const table of tables) {
    await sql`insert into ${sql.table(COUNTER_TABLE)} (t, n) values (${table.name}, 0)`.execute(db);
    const skip = COLUMNS_TOUCHED_BY_USE[table.name] ?? [];
    const watched = table.columns.map((c) => `"${c.name}"`).filter((c) => !skip.includes(c.slice(1, -1)));
    const events = ['insert', 'delete', `update of ${watched.join(', ')}`];
    for (const [index, event] of events.entries()) {
      const body =
        engine === 'postgres'
          ? 'for each row execute function zz_test_count_change()'
          : `for each row begin update ${COUNTER_TABLE} set n = n + 1 where t = '${table.name}'; end`;
      await sql.raw(`create trigger "zz_test_${table.name}_${index}" after ${event} on "${table.name}" ${body}`).execute(db);
    }
  }
  return async () => {
    const { rows } = await sql<{ t: string; n: number | string }>`select t, n from ${sql.table(COUNTER_TABLE)}`.execute(db);
    return Object.fromEntries(rows.map((r) => [r.t, Number(r.n)]));
  };
}

/** Tables whose count moved between two readings. */
export function movedTables(before: ChangeCounts, after: ChangeCounts): string[] {
  return Object.keys(after)
    .filter((t) => after[t] !== before[t])
    .sort();
}
