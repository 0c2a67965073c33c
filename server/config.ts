import path from 'node:path';

/** Everything the server can be told from outside. Read once, at start-up, by `loadConfig`. */
export interface Config {
  port: number;
  host: string;
  /** SQLite file (or ':memory:'); ignored when `databaseUrl` is set. */
  dbPath: string;
  /** `postgres://…`: run on PostgreSQL instead of SQLite. */
  databaseUrl: string | null;
  pgPoolSize: number;
  /** HMAC/JWT secret; when null the server generates one and keeps it in the database. */
  jwtSecret: string | null;
  /** Server secret for API-key hashing; when null, generated and kept in the database. */
  apiKeyPepper: string | null;
  /** Extra origins allowed by CORS (the server's own origin is always allowed). */
  corsOrigins: string[];
  /** Express `trust proxy` value: false, a hop count, or a list of addresses/subnets. */
  trustProxy: boolean | number | string;
  /** Requests per window per API key / per IP. 0 disables. */
  rateLimit: { perKey: number; perIp: number; windowSeconds: number };
  /** scrypt cost. Production uses OWASP's N=2^17; tests may lower it explicitly. */
  scrypt: { N: number; r: number; p: number };
  /** Seed the demo organisation at start-up (npm start does). */
  seedDemo: boolean;
  /** Serve the demo pages and the built shell beside the API (`SERVE_DEMO=false`: the API alone). */
  serveDemo: boolean;
  /** Milliseconds since the epoch; injectable so expiry and lockout are testable without sleeping. */
  now: () => number;
}

export const OWASP_SCRYPT = { N: 2 ** 17, r: 8, p: 1 } as const;
/** Tests only: about a thousand times cheaper than OWASP_SCRYPT. */
export const INSECURE_TEST_SCRYPT = { N: 2 ** 10, r: 8, p: 1 } as const;

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
  }
}

function intVar(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(name, `must be a whole number, got "${raw}"`);
  const value = Number(raw.trim());
  if (value < min || value > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${value}`);
  return value;
}

function secretVar(env: NodeJS.ProcessEnv, name: string): string | null {
  const raw = env[name];
  if (raw === undefined || raw === '') return null;
  // A short secret makes HMAC and JWT signatures guessable; refuse rather than run weak.
  if (raw.length < 32) throw new ConfigError(name, 'must be at least 32 characters long');
  return raw;
}

/**
 * `DEVSHELL_INSECURE_FAST_SCRYPT=1` lowers the password-hashing cost for tests that start the real
 * server in a child process (where `testConfig` cannot reach). Refused in production, where it
 * would make stolen password hashes cheap to crack.
 */
function scryptVar(env: NodeJS.ProcessEnv): Config['scrypt'] {
  const raw = env.DEVSHELL_INSECURE_FAST_SCRYPT?.trim();
  if (!raw || raw === '0') return OWASP_SCRYPT;
  if (raw !== '1') throw new ConfigError('DEVSHELL_INSECURE_FAST_SCRYPT', `must be 1 or unset, got "${raw}"`);
  if (env.NODE_ENV === 'production') throw new ConfigError('DEVSHELL_INSECURE_FAST_SCRYPT', 'is for tests only and refused when NODE_ENV=production');
  return INSECURE_TEST_SCRYPT;
}

function trustProxyVar(env: NodeJS.ProcessEnv): boolean | number | string {
  const raw = env.TRUST_PROXY?.trim();
  if (!raw || raw === 'false') return false;
  if (raw === 'true') return true;
  if (/^\d+$/.test(raw)) return Number(raw);
  if (!/^[0-9a-fA-F.:/,\s a-z]+$/.test(raw)) throw new ConfigError('TRUST_PROXY', 'must be true, false, a hop count or a list of addresses');
  return raw;
}

function databaseUrlVar(env: NodeJS.ProcessEnv): string | null {
  const raw = env.DATABASE_URL?.trim();
  if (!raw) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('DATABASE_URL', 'is not a valid URL');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new ConfigError('DATABASE_URL', 'must start with postgres:// or postgresql://');
  }
  return raw;
}

function originsVar(env: NodeJS.ProcessEnv): string[] {
  const raw = env.CORS_ORIGINS?.trim();
  if (!raw) return [];
  return raw.split(',').map((o) => {
    const origin = o.trim();
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      throw new ConfigError('CORS_ORIGINS', `"${origin}" is not an origin like https://example.com`);
    }
    if (url.origin !== origin.replace(/\/$/, '')) throw new ConfigError('CORS_ORIGINS', `"${origin}" must be a bare origin (scheme, host, port)`);
    return url.origin;
  });
}

/** Reads the environment once; a bad value throws a ConfigError naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: intVar(env, 'PORT', 3000, 0, 65535),
    host: env.HOST?.trim() || '0.0.0.0',
    dbPath: env.DB_PATH?.trim() || path.join('data', 'devshell.db'),
    databaseUrl: databaseUrlVar(env),
    pgPoolSize: intVar(env, 'PG_POOL_SIZE', 10, 1, 1000),
    jwtSecret: secretVar(env, 'JWT_SECRET'),
    apiKeyPepper: secretVar(env, 'API_KEY_PEPPER'),
    corsOrigins: originsVar(env),
    trustProxy: trustProxyVar(env),
    rateLimit: {
      perKey: intVar(env, 'RATE_LIMIT_PER_KEY', 600, 0, 1_000_000),
      perIp: intVar(env, 'RATE_LIMIT_PER_IP', 1200, 0, 1_000_000),
      windowSeconds: intVar(env, 'RATE_LIMIT_WINDOW_SECONDS', 60, 1, 86_400),
    },
    scrypt: scryptVar(env),
    seedDemo: env.SEED_DEMO !== 'false',
    serveDemo: env.SERVE_DEMO !== 'false',
    now: Date.now,
  };
}

/** A config for tests: in-memory SQLite, cheap scrypt, fixed secrets, no rate limits. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    port: 0,
    host: '127.0.0.1',
    dbPath: ':memory:',
    databaseUrl: null,
    pgPoolSize: 5,
    jwtSecret: 'test-jwt-secret-test-jwt-secret-0123456789',
    apiKeyPepper: 'test-api-key-pepper-test-api-key-pepper-01',
    corsOrigins: [],
    trustProxy: false,
    rateLimit: { perKey: 0, perIp: 0, windowSeconds: 60 },
    scrypt: INSECURE_TEST_SCRYPT,
    seedDemo: false,
    serveDemo: false,
    now: Date.now,
    ...overrides,
  };
}
