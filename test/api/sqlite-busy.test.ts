import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerOrg, startApi, type TestApi } from '../helpers/api.js';

/**
 * SQLite is one process's database, but another process may still hold its write lock (a second
 * server started by mistake, a maintenance script). Writes then wait briefly and fail with a 503
 * in the envelope; reads carry on (WAL), and nothing hangs or crashes. Always SQLite, whichever
 * engine the suite runs on.
 */
describe('SQLite locked by another process', () => {
  let api: TestApi;
  let dir: string;
  let file: string;
  let token: string;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'devshell-busy-'));
    file = path.join(dir, 'busy.db');
    api = await startApi({ database: { engine: 'sqlite', path: file } });
    ({ token } = await registerOrg(api));
  });
  afterAll(async () => {
    await api.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers writes with 503 service_unavailable while the lock is held, and serves again once it is released', async () => {
    const other = new BetterSqlite3(file);
    other.exec('BEGIN IMMEDIATE');
    try {
      const refused = await api.request('POST', '/contacts', { token, body: { name: 'Blocked Ltd' } });
      expect(refused.status, refused.text).toBe(503);
      expect(refused.json).toMatchObject({ success: false, error: { code: 'service_unavailable' } });
      expect(refused.headers.get('retry-after')).toBe('5');

      // Readers are not blocked by a writer in WAL mode.
      expect((await api.request('GET', '/contacts', { token })).status).toBe(200);
      expect((await api.request('GET', '/healthz')).status).toBe(200);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    const created = await api.request('POST', '/contacts', { token, body: { name: 'Unblocked Ltd' } });
    expect(created.status, created.text).toBe(201);
    const list = await api.request('GET', '/contacts', { token });
    expect(list.json.data.map((c: { name: string }) => c.name)).toEqual(['Unblocked Ltd']);
  });
});
