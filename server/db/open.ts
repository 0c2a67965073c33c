import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, type SqliteDatabase, type SqliteStatement } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';
import { migrateToLatest } from './migrate.js';
import { resilientPool } from './pg-pool.js';

export type DB = Kysely<Database>;

export interface OpenOptions {
  dbPath: string;
  databaseUrl: string | null;
  pgPoolSize?: number;
}

/**
 * The driver-level handle behind a Kysely instance, for the few libraries that talk to the
 * database themselves (rate-limiter-flexible's stores). Everything else goes through Kysely.
 */
export type DatabaseHandle = { engine: 'sqlite'; sqlite: BetterSqlite3.Database } | { engine: 'postgres'; pool: pg.Pool };

const handles = new WeakMap<DB, DatabaseHandle>();

/** The raw better-sqlite3 database or pg.Pool under `db` (the root instance, not a transaction). */
export function databaseHandleOf(db: DB): DatabaseHandle {
  const handle = handles.get(db);
  if (!handle) throw new Error('This database was not opened through server/db/open.ts, so its driver handle is unknown');
  return handle;
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

/**
 * How long a write waits for another process's write lock before failing with SQLITE_BUSY (→ 503).
 * better-sqlite3 waits synchronously, blocking the event loop, so keep it short: the embedded
 * deployment is one process and should never wait at all.
 */
export const SQLITE_BUSY_TIMEOUT_MS = 2000;

export function openSqlite(dbPath: string): { db: DB; raw: BetterSqlite3.Database } {
  if (dbPath !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(dbPath)), { recursive: true });
  const raw = new BetterSqlite3(dbPath);
  raw.pragma('journal_mode = WAL');
  // FULL: a write acknowledged to the client survives power loss and SIGKILL alike (WAL + NORMAL
  // can lose the last transactions on power loss). The cost is one fsync per commit.
  raw.pragma('synchronous = FULL');
  raw.pragma('foreign_keys = ON');
  raw.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: cachingSqlite(raw) }) });
  handles.set(db, { engine: 'sqlite', sqlite: raw });
  return { db, raw };
}

/**
 * Outage budget on PostgreSQL: a request fails (503) instead of hanging when the server cannot be
 * reached. Connecting — or waiting for a free pool slot — gives up after CONNECT; a query whose
 * connection went silent gives up after QUERY, and that connection is discarded.
 */
export const PG_CONNECT_TIMEOUT_MS = 3000;
export const PG_QUERY_TIMEOUT_MS = 5000;

export function openPostgres(databaseUrl: string, poolSize = 10): DB {
  // Money totals and epoch-ms columns are bigint; they fit comfortably in a JS number.
  pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: poolSize,
    connectionTimeoutMillis: PG_CONNECT_TIMEOUT_MS,
    query_timeout: PG_QUERY_TIMEOUT_MS,
    // Notice a peer that vanished without closing the socket (network partition, host crash).
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
    application_name: 'devshell',
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: resilientPool(pool) }) });
  handles.set(db, { engine: 'postgres', pool });
  return db;
}

/** Opens the configured database and brings its schema up to date. */
export async function openDatabase(options: OpenOptions): Promise<DB> {
  const db = options.databaseUrl ? openPostgres(options.databaseUrl, options.pgPoolSize) : openSqlite(options.dbPath).db;
  try {
    await migrateToLatest(db);
  } catch (err) {
    await db.destroy().catch(() => {});
    throw err;
  }
  return db;
}
