import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClusterDatabase, removeCluster, startPostgresCluster, type PostgresCluster } from '../helpers/postgres.js';
import { callServer, killAllServerProcesses, startServerProcess, type CallResult, type ServerProcess } from '../helpers/server-process.js';
import { createApiKey, register } from './support.js';

const KEY_LIMIT = 40;

/**
 * SPEC §8: every guarantee holds across instances sharing one database — idempotency claims,
 * lockout counts, revocations and rate limits live in the database, not in a process.
 */
describe('two instances sharing one PostgreSQL database', () => {
  let cluster: PostgresCluster;
  let a: ServerProcess;
  let b: ServerProcess;
  const either = (i: number) => (i % 2 === 0 ? a : b);
  beforeAll(async () => {
    cluster = await startPostgresCluster();
    const databaseUrl = await createClusterDatabase(cluster.url, 'shared');
    const env = { RATE_LIMIT_PER_KEY: String(KEY_LIMIT), RATE_LIMIT_WINDOW_SECONDS: '3600' };
    [a, b] = await Promise.all([startServerProcess({ databaseUrl, env }), startServerProcess({ databaseUrl, env })]);
  });
  afterAll(async () => {
    await killAllServerProcesses();
    if (cluster) removeCluster(cluster);
  });

  it('20 concurrent requests with one Idempotency-Key, spread over both, create one resource', async () => {
    const { token } = await register(a);
    const body = { name: 'Exactly once Ltd' };
    const headers = { 'idempotency-key': 'one-contact-please' };
    const responses = await Promise.all(Array.from({ length: 20 }, (_, i) => callServer(either(i), 'POST', '/contacts', { token, body, headers })));

    const executed = responses.filter((r) => r.status === 201 && r.headers.get('idempotent-replayed') === null);
    expect(executed).toHaveLength(1);
    const id = (executed[0] as CallResult).json.data.id as string;
    for (const res of responses) {
      if (res.status === 201) expect(res.json.data.id).toBe(id);
      else expect(res.json.error.code, JSON.stringify(res.json)).toBe('idempotency_conflict');
    }
    for (const server of [a, b]) {
      const list = await callServer(server, 'GET', '/contacts', { token });
      expect(list.json.data.map((c: { id: string }) => c.id)).toEqual([id]);
      const replay = await callServer(server, 'POST', '/contacts', { token, body, headers });
      expect(replay.status).toBe(201);
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect(replay.json.data.id).toBe(id);
    }
  });

  it('5 failed logins spread over both lock the account on both', async () => {
    const { email, password } = await register(b);
    const failures = await Promise.all(
      Array.from({ length: 5 }, (_, i) => callServer(either(i), 'POST', '/auth/login', { body: { email, password: `wrong password ${i}` } })),
    );
    for (const res of failures) expect([401, 429]).toContain(res.status);
    expect(failures.filter((r) => r.status === 429)).toHaveLength(1);
    for (const server of [a, b]) {
      const res = await callServer(server, 'POST', '/auth/login', { body: { email, password } });
      expect(res.status, JSON.stringify(res.json)).toBe(429);
      expect(res.json.error.code).toBe('account_locked');
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    }
  });

  it('a key revoked through one instance is refused by the other on its next request', async () => {
    const { token } = await register(a);
    const key = await createApiKey(a, token, ['contacts:read']);
    expect((await callServer(b, 'GET', '/contacts', { apiKey: key.secret })).status).toBe(200);
    expect((await callServer(a, 'POST', `/api-keys/${key.id}/revoke`, { token })).status).toBe(200);
    const refused = await callServer(b, 'GET', '/contacts', { apiKey: key.secret });
    expect(refused.status).toBe(401);
    expect(refused.json.error).toMatchObject({ code: 'unauthorized', message: 'API key has been revoked' });
  });

  it('a per-key rate limit holds across both instances', async () => {
    const { token } = await register(a);
    const key = await createApiKey(b, token, ['contacts:read']);
    const remaining: number[] = [];
    for (let i = 0; i < KEY_LIMIT; i += 1) {
      const res = await callServer(either(i), 'GET', '/contacts', { apiKey: key.secret });
      expect(res.status).toBe(200);
      remaining.push(Number(/r=(\d+)/.exec(res.headers.get('ratelimit') ?? '')?.[1]));
    }
    // One budget, counted down across both instances — not two budgets of 40.
    expect(remaining).toEqual(Array.from({ length: KEY_LIMIT }, (_, i) => KEY_LIMIT - 1 - i));
    for (const server of [a, b]) {
      const res = await callServer(server, 'GET', '/contacts', { apiKey: key.secret });
      expect(res.status).toBe(429);
      expect(res.json.error.code).toBe('rate_limited');
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    }
  });
});
