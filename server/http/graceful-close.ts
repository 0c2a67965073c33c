import type { Server, ServerResponse } from 'node:http';

export interface GracefulClose {
  /**
   * Stops accepting connections and resolves once every in-flight request has been answered and
   * its connection closed — or after `timeoutMs`, when the stragglers are cut off. Resolves to
   * whether everything finished in time. Calling it again returns the same promise.
   */
  close(timeoutMs: number): Promise<boolean>;
}

/**
 * Draining for an HTTP server. `server.close()` alone stops accepting and closes idle keep-alive
 * connections, but a connection that is busy at that moment stays open after its response for
 * the whole keep-alive timeout, holding shutdown open. So: every response finishing during the
 * drain says `Connection: close`, and idle connections are closed as soon as they go idle.
 * Attach it before the server starts listening, so it sees every request.
 */
export function gracefulClose(server: Server): GracefulClose {
  const inFlight = new Set<ServerResponse>();
  let closing: Promise<boolean> | null = null;

  const refuseKeepAlive = (res: ServerResponse) => {
    if (!res.headersSent) res.setHeader('Connection', 'close');
  };
  const closeIdleSoon = () => setImmediate(() => server.closeIdleConnections());

  // Before the app's own listener, so a response the app finishes synchronously is seen too.
  server.prependListener('request', (_req, res: ServerResponse) => {
    inFlight.add(res);
    // A request that arrives on an open keep-alive connection mid-drain is still answered.
    if (closing) refuseKeepAlive(res);
    res.once('close', () => {
      inFlight.delete(res);
      if (closing) closeIdleSoon();
    });
  });

  return {
    close(timeoutMs) {
      closing ??= new Promise<boolean>((resolve) => {
        let timer: NodeJS.Timeout | undefined;
        server.close(() => {
          clearTimeout(timer);
          resolve(true);
        });
        for (const res of inFlight) refuseKeepAlive(res);
        server.closeIdleConnections();
        timer = setTimeout(() => {
          server.closeAllConnections();
          resolve(false);
        }, timeoutMs);
      });
      return closing;
    },
  };
}
