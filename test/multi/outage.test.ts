import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClusterDatabase, removeCluster, startPostgresCluster, type PostgresCluster } from '../helpers/postgres.js';
import { callServer, killAllServerProcesses, startServerProcess, type ServerProcess } from '../helpers/server-process.js';
import { register, untilHealthy } from './support.js';

/**
 * SPEC §8: while PostgreSQL is unreachable `/healthz` answers 503 and API requests get a 503 in
 * the envelope within a few seconds (the client here gives up after 12 s: a hang fails the test);
 * the processes survive and serve again, without a restart, once the database is back.
 */
describe('two instances through a PostgreSQL outage', () => {
  let cluster: PostgresCluster;
  let servers: ServerProcess[];
  let token: string;
  beforeAll(async () => {
    cluster = await startPostgresCluster();
    const databaseUrl = await createClusterDatabase(cluster.url, 'outage');
    servers = await Promise.all([startServerProcess({ databaseUrl }), startServerProcess({ databaseUrl })]);
    ({ token } = await register(servers[0] as ServerProcess));
  });
  afterAll(async () => {
    await killAllServerProcesses();
    if (cluster) removeCluster(cluster);
  });

  async function expectUnavailable(server: ServerProcess) {
    const health = await callServer(server, 'GET', '/healthz', { timeoutMs: 12_000 });
    expect(health.status).toBe(503);
    expect(health.json).toMatchObject({ success: false, error: { code: 'service_unavailable' } });
    const requests = [
      ['GET', '/contacts', undefined],
      ['POST', '/contacts', { name: 'During the outage' }],
      ['POST', '/auth/login', { email: 'someone@example.com', password: 'not the password' }],
    ] as const;
    await Promise.all(
      requests.map(async ([method, path, body]) => {
        const res = await callServer(server, method, path, { token, body, timeoutMs: 12_000 });
        expect(res.status, `${method} ${path}: ${JSON.stringify(res.json)}`).toBe(503);
        expect(res.json).toMatchObject({ success: false, error: { code: 'service_unavailable', message: expect.any(String) } });
        expect(res.headers.get('retry-after')).toBe('5');
      }),
    );
  }

  async function expectServing(server: ServerProcess, name: string) {
    await untilHealthy(server);
    const created = await callServer(server, 'POST', '/contacts', { token, body: { name } });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
  }

  it('serves on both instances while the database is up', async () => {
    for (const [i, server] of servers.entries()) await expectServing(server, `Before ${i}`);
  });

  it('answers 503 fast while PostgreSQL is stopped, survives, and recovers when it starts again', async () => {
    cluster.stop();
    try {
      await Promise.all(servers.map(expectUnavailable));
      for (const server of servers) expect(server.running()).toBe(true);
    } finally {
      cluster.start();
    }
    for (const [i, server] of servers.entries()) await expectServing(server, `After restart ${i}`);
    // Nothing committed before the outage was lost, and nothing refused during it was written.
    const list = await callServer(servers[1] as ServerProcess, 'GET', '/contacts?perPage=100', { token });
    expect(list.json.data.map((c: { name: string }) => c.name).sort()).toEqual(['After restart 0', 'After restart 1', 'Before 0', 'Before 1']);
  });

  it('answers 503 fast while PostgreSQL hangs without answering, and recovers when it resumes', async () => {
    cluster.freeze();
    try {
      await Promise.all(servers.map(expectUnavailable));
      for (const server of servers) expect(server.running()).toBe(true);
    } finally {
      cluster.thaw();
    }
    for (const [i, server] of servers.entries()) await expectServing(server, `After freeze ${i}`);
  });
});
