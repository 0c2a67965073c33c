import http from 'node:http';
import net from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../../server/db/migrations/index.js';
import { createClusterDatabase, removeCluster, startPostgresCluster, type PostgresCluster } from '../helpers/postgres.js';
import { callServer, killAllServerProcesses, startServerProcess, type ServerProcess } from '../helpers/server-process.js';
import { register } from './support.js';

/** A POST through a keep-alive agent, so we can see how the connection is treated. */
function postWithKeepAlive(server: ServerProcess, path: string, token: string, body: unknown, agent: http.Agent) {
  const payload = JSON.stringify(body);
  return new Promise<{ status: number; connection: string | undefined; json: { data: { id: string } } }>((resolve, reject) => {
    const req = http.request(
      `${server.url}/api/v1${path}`,
      { method: 'POST', agent, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } },
      (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, json: JSON.parse(text) }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

function refusesConnections(server: ServerProcess): Promise<boolean> {
  const { port } = new URL(server.url);
  return new Promise((resolve) => {
    const socket = net.connect(Number(port), '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

async function until(condition: () => Promise<boolean>, what: string, attempts = 100): Promise<void> {
  for (let i = 0; i < attempts; i += 1) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting until ${what}`);
}

describe('instance lifecycle on PostgreSQL', () => {
  let cluster: PostgresCluster;
  let databaseUrl: string;
  let admin: pg.Client;
  let servers: ServerProcess[];
  beforeAll(async () => {
    cluster = await startPostgresCluster();
    databaseUrl = await createClusterDatabase(cluster.url, 'lifecycle');
  });
  afterAll(async () => {
    await admin?.end().catch(() => {});
    await killAllServerProcesses();
    if (cluster) removeCluster(cluster);
  });

  it('starts two instances together on an empty database, applying each migration once', async () => {
    // No secrets in the environment either: both must agree on the ones generated into the database.
    const env = { JWT_SECRET: '', API_KEY_PEPPER: '' };
    servers = await Promise.all([startServerProcess({ databaseUrl, env }), startServerProcess({ databaseUrl, env })]);
    for (const server of servers) expect((await callServer(server, 'GET', '/healthz')).status).toBe(200);
    admin = new pg.Client({ connectionString: databaseUrl });
    await admin.connect();
    const applied = await admin.query<{ name: string }>('select name from kysely_migration order by name');
    expect(applied.rows.map((r) => r.name)).toEqual(Object.keys(migrations).sort());
    const secrets = await admin.query<{ name: string }>('select name from server_secrets order by name');
    expect(secrets.rows.map((r) => r.name)).toEqual(expect.arrayContaining(['api_key_pepper', 'jwt']));
  });

  it('refuses to start, with status 1 and a message naming the database, when it cannot reach it', async () => {
    const unreachable = new URL(databaseUrl);
    unreachable.port = '1';
    await expect(startServerProcess({ databaseUrl: unreachable.toString() })).rejects.toThrow(
      /exited during start-up \(1\)[\s\S]*cannot open the PostgreSQL database \(DATABASE_URL\)/,
    );
  });

  it('drains on SIGTERM: stops accepting, finishes the in-flight request, flushes the request log, exits 0', async () => {
    const [server, other] = servers as [ServerProcess, ServerProcess];
    const { token } = await register(server);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      // Hold the table so the next insert waits in the database: an in-flight request we control.
      await admin.query('begin');
      await admin.query('lock table contacts in access exclusive mode');
      const inFlight = postWithKeepAlive(server, '/contacts', token, { name: 'In flight at SIGTERM' }, agent);
      await until(async () => {
        const waiting = await admin.query("select 1 from pg_stat_activity where application_name = 'devshell' and wait_event_type = 'Lock'");
        return (waiting.rowCount ?? 0) > 0;
      }, 'the insert waits for the lock');

      void server.stop('SIGTERM');
      await until(() => refusesConnections(server), 'the instance stops accepting connections');
      expect(server.running()).toBe(true);

      await admin.query('commit');
      const response = await inFlight;
      expect(response.status).toBe(201);
      // The keep-alive connection is closed after the response rather than held open.
      expect(response.connection).toBe('close');
      expect(await server.exited).toEqual({ code: 0, signal: null });

      const stored = await admin.query("select method, path, status from request_log where path = '/api/v1/contacts' and method = 'POST'");
      expect(stored.rows).toEqual([{ method: 'POST', path: '/api/v1/contacts', status: 201 }]);
      // The other instance carries on, accepts the session the first one issued (one generated
      // JWT secret), and sees the drained request's write.
      const list = await callServer(other, 'GET', '/contacts', { token });
      expect(list.json.data.map((c: { name: string }) => c.name)).toEqual(['In flight at SIGTERM']);
    } finally {
      agent.destroy();
      await admin.query('rollback').catch(() => {});
    }
  });
});
