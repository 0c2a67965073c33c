import type { Log, Timing } from './rounds.js';
import { BENCH_SECRETS } from '../seed.js';

export interface BenchContext {
  /** `--quick`: a smoke run (small data, one short round); figures are not meaningful. */
  quick: boolean;
  timing: Timing;
  log: Log;
  /** A temp directory for this invocation's databases, removed at the end. */
  workDir: string;
}

/** Where a bench server's data lives: a SQLite file or a PostgreSQL database. */
export type DatabaseEnv = { DB_PATH: string } | { DATABASE_URL: string };

/** A generous per-window budget: the limiter runs (and costs what it costs) but never refuses the bench. */
export const UNREFUSING_RATE_LIMITS = { RATE_LIMIT_PER_KEY: '1000000', RATE_LIMIT_PER_IP: '1000000', RATE_LIMIT_WINDOW_SECONDS: '60' } as const;

/**
 * The product's environment as a deployment sets it: production mode and scrypt cost, fixed
 * secrets, rate limits on, no demo. `extra` overrides (e.g. rate limits off to measure them).
 */
export function productEnv(database: DatabaseEnv, extra: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: '0',
    SEED_DEMO: 'false',
    SERVE_DEMO: 'false',
    ...BENCH_SECRETS,
    ...UNREFUSING_RATE_LIMITS,
    ...database,
    ...extra,
  };
}
