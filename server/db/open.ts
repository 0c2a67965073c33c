import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, type SqliteDatabase, type SqliteStatement } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';
import { migrateToLatest } from './migrate.js';

export type DB = Kysely<Database>;

export interface OpenOptions {
  dbPath: string;
  databaseUrl: string | null;
  pgPoolSize?: number;
}

/**
 * better-sqlite3 behind Kysely prepares every query anew (~half of a simple query's cost).
 * Statements are reusable, so keep one per SQL text; the cache is bounded because list
 * filters produce a few SQL shapes per combination of query parameters.
 */
function cachingSqlite(raw: BetterSqlite3.Database, capacity = 1000): SqliteDatabase {
  const cache = new Map<string, SqliteStatement>();
  return {
    close: () => raw.close(),
    prepare(sqlText: string): SqliteStatement {
      let stmt = cache.get(sqlText);
      if (!stmt) {
        stmt = raw.prepare(sqlText) as unknown as SqliteStatement;
        if (cache.size >= capacity) cache.delete(cache.keys().next().value as string);
        cache.set(sqlText, stmt);
      }
      return stmt;
    },
  };
}

export function openSqlite(dbPath: string): { db: DB; raw: BetterSqlite3.Database } {
  if (dbPath !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(dbPath)), { recursive: true });
  const raw = new BetterSqlite3(dbPath);
  raw.pragma('journal_mode = WAL');
  // FULL: a write acknowledged to the client survives power loss and SIGKILL alike (WAL + NORMAL
  // can lose the last transactions on power loss). The cost is one fsync per commit.
  raw.pragma('synchronous = FULL');
  raw.pragma('foreign_keys = ON');
  raw.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: cachingSqlite(raw) }) });
  return { db, raw };
}

export function openPostgres(databaseUrl: string, poolSize = 10): DB {
  // Money totals and epoch-ms columns are bigint; they fit comfortably in a JS number.
  pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: poolSize,
    connectionTimeoutMillis: 3000,
    // Fail a stuck query instead of hanging a request during an outage.
    query_timeout: 10_000,
  });
  // An idle client losing its connection (database restart) must not crash the process.
  pool.on('error', () => {});
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

/** Opens the configured database and brings its schema up to date. */
export async function openDatabase(options: OpenOptions): Promise<DB> {
  const db = options.databaseUrl ? openPostgres(options.databaseUrl, options.pgPoolSize) : openSqlite(options.dbPath).db;
  await migrateToLatest(db);
  return db;
}
