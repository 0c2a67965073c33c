import { PostgresAdapter, sql, type ColumnDefinitionBuilder, type CreateTableBuilder, type Kysely } from 'kysely';

/**
 * The only place that knows SQLite from PostgreSQL. Migrations and data modules ask here
 * instead of branching on their own, so no query is written twice.
 */
export type Engine = 'sqlite' | 'postgres';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function engineOf(db: Kysely<any>): Engine {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/** An integer primary key that numbers rows 1, 2, 3… on both engines (the number after `inv_`). */
export function addIdColumn<T extends string>(table: CreateTableBuilder<T, never>, engine: Engine): CreateTableBuilder<T, 'id'> {
  return table.addColumn('id', 'integer', (col: ColumnDefinitionBuilder) =>
    engine === 'postgres' ? col.primaryKey().generatedByDefaultAsIdentity() : col.primaryKey().autoIncrement(),
  );
}

/** Big integers (epoch milliseconds, money totals) — `bigint` on PostgreSQL, plain integer on SQLite. */
export function bigIntType(engine: Engine): 'bigint' | 'integer' {
  return engine === 'postgres' ? 'bigint' : 'integer';
}

/** Case-insensitive LIKE without an index-hostile lower() on SQLite, where LIKE already ignores ASCII case. */
export function ilike(engine: Engine) {
  return engine === 'postgres' ? sql.raw('ilike') : sql.raw('like');
}
