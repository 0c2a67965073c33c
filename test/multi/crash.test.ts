import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClusterDatabase, removeCluster, startPostgresCluster, type PostgresCluster } from '../helpers/postgres.js';
import { callServer, killAllServerProcesses, startServerProcess, type ServerProcess } from '../helpers/server-process.js';
import { register } from './support.js';

const WORKERS = 6;

/**
 * SIGKILL one of two instances while both take concurrent writes: the survivor keeps serving,
 * every write that was acknowledged (201) is stored, and retrying the unacknowledged ones on the
 * survivor with their Idempotency-Key never creates a second copy.
 */
describe('SIGKILL of one instance under concurrent writes', () => {
  let cluster: PostgresCluster;
  let victim: ServerProcess;
  let survivor: ServerProcess;
  beforeAll(async () => {
    cluster = await startPostgresCluster();
    const databaseUrl = await createClusterDatabase(cluster.url, 'crash');
    [victim, survivor] = await Promise.all([startServerProcess({ databaseUrl }), startServerProcess({ databaseUrl })]);
  });
  afterAll(async () => {
    await killAllServerProcesses();
    if (cluster) removeCluster(cluster);
  });

  it('keeps serving on the other instance and loses no acknowledged write', async () => {
    const { token } = await register(survivor);
    const acknowledged = new Set<string>();
    const unacknowledged: string[] = [];
    const survivorFailures: string[] = [];
    let killed = false;
    let sequence = 0;

    const write = async (server: ServerProcess, name: string) =>
      callServer(server, 'POST', '/contacts', { token, body: { name }, headers: { 'idempotency-key': name } });

    // Each worker alternates between the instances until it has written a few contacts after the kill.
    const worker = async (w: number) => {
      let afterKill = 0;
      while (afterKill < 5) {
        sequence += 1;
        const name = `w${w}-${sequence}`;
        const target = sequence % 2 === 0 && !killed ? victim : survivor;
        const afterTheKill = killed;
        if (afterTheKill) afterKill += 1;
        try {
          const res = await write(target, name);
          if (res.status === 201) acknowledged.add(name);
          else unacknowledged.push(name);
          if (afterTheKill && res.status !== 201) survivorFailures.push(`${name}: ${res.status}`);
        } catch (err) {
          unacknowledged.push(name); // connection reset by the kill
          if (target === survivor) survivorFailures.push(`${name}: ${String(err)}`);
        }
      }
    };
    const workers = Array.from({ length: WORKERS }, (_, w) => worker(w));
    // Kill once the victim has acknowledged writes of its own, i.e. in the middle of the load.
    while (acknowledged.size < 30) await new Promise((resolve) => setTimeout(resolve, 20));
    killed = true;
    await victim.stop('SIGKILL');
    await Promise.all(workers);
    expect(victim.running()).toBe(false);
    expect(survivorFailures).toEqual([]);

    // Retrying on the survivor creates what never happened and replays what did — never twice.
    // A claim the victim took and never finished is reported in progress (409) until it goes stale.
    for (const name of unacknowledged) {
      const res = await write(survivor, name);
      expect([200, 201, 409], JSON.stringify(res.json)).toContain(res.status);
    }

    const stored: string[] = [];
    for (let page = 1; ; page += 1) {
      const res = await callServer(survivor, 'GET', `/contacts?perPage=100&page=${page}`, { token });
      expect(res.status).toBe(200);
      stored.push(...res.json.data.map((c: { name: string }) => c.name));
      if (page >= res.json.meta.totalPages) break;
    }
    for (const name of acknowledged) expect(stored).toContain(name);
    expect(new Set(stored).size).toBe(stored.length);
    expect(acknowledged.size).toBeGreaterThan(30);
  });
});
