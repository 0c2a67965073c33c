import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RequestListener } from 'node:http';

/**
 * Listens on a free loopback port, prints `BENCH_LISTENING <port>` for the bench process, and
 * runs `close` on SIGTERM before exiting.
 */
export function listenForBench(handler: RequestListener, close: () => Promise<void>): void {
  const server = http.createServer(handler);
  server.listen(0, '127.0.0.1', () => {
    process.stdout.write(`BENCH_LISTENING ${(server.address() as AddressInfo).port}\n`);
  });
  process.once('SIGTERM', () => {
    server.closeAllConnections();
    server.close();
    void close().finally(() => process.exit(0));
  });
}
