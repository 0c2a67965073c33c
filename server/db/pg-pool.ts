import type { PostgresPool, PostgresPoolClient } from 'kysely';
import type pg from 'pg';

/**
 * A pg.Pool as Kysely's PostgresDialect wants it, hardened for database outages:
 *
 * - pg emits 'error' on a client whose connection dies. pg-pool listens only while the client is
 *   idle, so a connection that drops while a request holds it (PostgreSQL stopped or restarted
 *   mid-query) would be an unhandled 'error' event — and crash the process. Every client gets a
 *   permanent listener; the failure still reaches the query that was running, as a rejection.
 * - A query that hit `query_timeout` leaves its connection waiting for an answer that may never
 *   come, and Kysely releases connections without an error, so pg-pool would hand that dead
 *   connection to the next request. Release it with the error instead: pg-pool then closes it.
 */
export function resilientPool(pool: pg.Pool): PostgresPool {
  // The pool reports errors of idle clients here; without a listener they would crash the process.
  pool.on('error', () => {});
  pool.on('connect', (client) => {
    client.on('error', () => {});
  });

  const wrappers = new WeakMap<pg.PoolClient, { wrapper: PostgresPoolClient; reset(): void }>();

  function wrap(client: pg.PoolClient): PostgresPoolClient {
    let cached = wrappers.get(client);
    if (!cached) {
      let failure: Error | undefined;
      const wrapper = {
        query(sqlOrCursor: unknown, parameters?: readonly unknown[]) {
          // A cursor (Kysely's `.stream()`) goes straight through; it manages its own errors.
          if (typeof sqlOrCursor !== 'string') return client.query(sqlOrCursor as pg.Submittable);
          return client.query(sqlOrCursor, parameters as unknown[]).catch((err: unknown) => {
            if (err instanceof Error && /Query read timeout/.test(err.message)) failure = err;
            throw err;
          });
        },
        release() {
          // `client.release` is replaced on every checkout by pg-pool; read it at call time.
          client.release(failure);
        },
      } as unknown as PostgresPoolClient;
      cached = {
        wrapper,
        reset() {
          failure = undefined;
        },
      };
      wrappers.set(client, cached);
    }
    cached.reset();
    return cached.wrapper;
  }

  return {
    async connect() {
      return wrap(await pool.connect());
    },
    end: () => pool.end(),
  };
}
