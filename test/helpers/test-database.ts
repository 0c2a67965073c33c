import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { openPostgres, openSqlite, type DB } from '../../server/db/open.js';
import { createClusterDatabase } from './postgres.js';

/**
 * The API suite runs twice: on SQLite (project `api`) and on PostgreSQL (project `api-pg`, which
 * sets DEVSHELL_TEST_ENGINE and starts a throwaway cluster). Tests ask for databases here and
 * stay engine-agnostic.
 */
export type TestDatabase = { engine: 'sqlite'; path: string } | { engine: 'postgres'; url: string };

export function testEngine(): 'sqlite' | 'postgres' {
  return process.env.DEVSHELL_TEST_ENGINE === 'postgres' ? 'postgres' : 'sqlite';
}

/** A new, empty database of the suite's engine. `inMemory` SQLite cannot be shared between apps. */
export async function createTestDatabase(options: { inMemory?: boolean } = {}): Promise<TestDatabase> {
  if (testEngine() === 'postgres') {
    const url = await createClusterDatabase(inject('postgresUrl'), `t_${randomBytes(6).toString('hex')}`);
    return { engine: 'postgres', url };
  }
  if (options.inMemory) return { engine: 'sqlite', path: ':memory:' };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'devshell-test-'));
  return { engine: 'sqlite', path: path.join(dir, 'test.db') };
}

export async function openTestDatabase(database: TestDatabase): Promise<DB> {
  return database.engine === 'postgres' ? openPostgres(database.url, 5) : openSqlite(database.path).db;
}
