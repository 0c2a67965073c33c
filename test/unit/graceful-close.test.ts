import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { gracefulClose } from '../../server/http/graceful-close.js';

/** A server whose `/slow` requests wait until the test releases them. */
async function startServer() {
  const release: Array<() => void> = [];
  const arrived: string[] = [];
  const server = http.createServer((req, res) => {
    arrived.push(req.url ?? '');
    if (req.url === '/slow') release.push(() => res.end('slow done'));
    else res.end('fast done');
  });
  const drain = gracefulClose(server);
  // Far longer than any test: only the drain can close these connections in time.
  server.keepAliveTimeout = 120_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, drain, port, release, arrived };
}

function get(port: number, path: string, agent: http.Agent) {
  return new Promise<{ body: string; connection: string | undefined; socket: import('node:net').Socket }>((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path, agent }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ body, connection: res.headers.connection, socket: req.socket as import('node:net').Socket }));
    });
    req.on('error', reject);
  });
}

const socketClosed = (socket: import('node:net').Socket) =>
  new Promise<void>((resolve) => (socket.destroyed ? resolve() : socket.once('close', () => resolve())));

const until = async (condition: () => boolean) => {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
};

describe('gracefulClose', () => {
  const agents: http.Agent[] = [];
  const newAgent = () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    agents.push(agent);
    return agent;
  };
  afterEach(() => {
    for (const agent of agents.splice(0)) agent.destroy();
  });

  it('finishes in-flight requests, then closes their keep-alive connections and idle ones', async () => {
    const { drain, port, release, arrived } = await startServer();
    const idle = await get(port, '/fast', newAgent());
    expect(idle.connection).toBe('keep-alive');
    const slowAgent = newAgent();
    const inFlight = get(port, '/slow', slowAgent);
    await until(() => arrived.includes('/slow'));

    const closed = drain.close(10_000);
    // The idle keep-alive connection is closed at once; the busy one is not cut off.
    await socketClosed(idle.socket);
    release.forEach((finish) => finish());
    const slow = await inFlight;
    expect(slow.body).toBe('slow done');
    expect(slow.connection).toBe('close');
    await socketClosed(slow.socket);
    expect(await closed).toBe(true);
  });

  it('cuts off requests still running at the deadline and says so', async () => {
    const { drain, port, arrived } = await startServer();
    const stuck = get(port, '/slow', newAgent());
    const failed = stuck.then(
      () => 'answered',
      () => 'cut off',
    );
    await until(() => arrived.includes('/slow'));
    expect(await drain.close(50)).toBe(false);
    expect(await failed).toBe('cut off');
  });

  it('stops accepting new connections', async () => {
    const { drain, port } = await startServer();
    expect(await drain.close(1000)).toBe(true);
    await expect(get(port, '/fast', newAgent())).rejects.toThrow(/ECONNREFUSED/);
  });
});
