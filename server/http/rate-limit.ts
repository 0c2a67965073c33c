import type { Request, RequestHandler, Response } from 'express';
import { RateLimiterPostgres, RateLimiterRes, RateLimiterSQLite, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { normaliseAddress } from '../auth/ip-allowlist.js';
import type { Principal } from '../auth/principal.js';
import type { AppContext } from '../context.js';
import { databaseHandleOf, type DatabaseHandle } from '../db/open.js';
import { ApiError } from './errors.js';
import { formatId } from './ids.js';

/**
 * Rate limits (per IP before authentication, per API key — or signed-in user — after it), counted
 * in the database through rate-limiter-flexible's SQLite and PostgreSQL stores, so every instance
 * sharing the database enforces one budget. Fixed windows of `RATE_LIMIT_WINDOW_SECONDS`.
 *
 * Responses carry the IETF draft's `RateLimit-Policy` and `RateLimit` fields
 * (draft-ietf-httpapi-ratelimit-headers): one item per policy that applied (`"ip"`, `"key"`);
 * a refusal is 429 `rate_limited` with `Retry-After` and `retryAfter`.
 */

/** The table created by migration 008_rate_limits, in the shape both library stores expect. */
export const RATE_LIMIT_TABLE = 'rate_limits';
/** Expired counters are deleted this often (at most), an hour after their window ended. */
const SWEEP_INTERVAL_MS = 5 * 60 * 1000;
const SWEEP_GRACE_MS = 60 * 60 * 1000;

type PolicyName = 'ip' | 'key';

interface Policy {
  name: PolicyName;
  limit: number;
  windowSeconds: number;
  limiter: RateLimiterAbstract;
}

interface RateLimits {
  ip: Policy | null;
  key: Policy | null;
  /** Runs one limiter call with the database to itself (see `exclusiveSqlite`). */
  run<T>(work: () => Promise<T>): Promise<T>;
  sweepIfDue(): void;
}

function storeLimiter(handle: DatabaseHandle, keyPrefix: PolicyName, points: number, duration: number): RateLimiterAbstract {
  // The table exists (migration), so the library must not try to create it: on several instances
  // starting together that would race. Expired rows are swept by `sweepIfDue`, not the library's
  // own timer, which outlives a closed database.
  const common = { tableName: RATE_LIMIT_TABLE, tableCreated: true, clearExpiredByTimeout: false, keyPrefix, points, duration };
  if (handle.engine === 'sqlite') return new RateLimiterSQLite({ ...common, storeClient: handle.sqlite, storeType: 'better-sqlite3' });
  return new RateLimiterPostgres({ ...common, storeClient: handle.pool, storeType: 'pool' });
}

/**
 * On SQLite the limiter writes through the same connection as Kysely, which keeps a transaction
 * open across awaits. Writing in the middle of another request's transaction would make the
 * counter part of it (and lost with its rollback), so limiter calls take Kysely's connection
 * lock first. Counters need not survive power loss: their commits skip the fsync
 * (synchronous=NORMAL is safe in WAL mode; the next FULL commit syncs them anyway).
 */
function exclusiveSqlite(app: AppContext, handle: Extract<DatabaseHandle, { engine: 'sqlite' }>) {
  return <T>(work: () => Promise<T>): Promise<T> =>
    app.db.connection().execute(async () => {
      handle.sqlite.pragma('synchronous = NORMAL');
      try {
        return await work();
      } finally {
        handle.sqlite.pragma('synchronous = FULL');
      }
    });
}

function createRateLimits(app: AppContext): RateLimits {
  const { perIp, perKey, windowSeconds } = app.config.rateLimit;
  if (perIp <= 0 && perKey <= 0) return { ip: null, key: null, run: (work) => work(), sweepIfDue: () => {} };

  const handle = databaseHandleOf(app.db);
  const policy = (name: PolicyName, limit: number): Policy | null =>
    limit > 0 ? { name, limit, windowSeconds, limiter: storeLimiter(handle, name, limit, windowSeconds) } : null;
  const ip = policy('ip', perIp);
  const key = policy('key', perKey);
  const run = handle.engine === 'sqlite' ? exclusiveSqlite(app, handle) : <T>(work: () => Promise<T>) => work();

  let lastSweep = app.now();
  const sweepIfDue = () => {
    const now = app.now();
    if (now - lastSweep < SWEEP_INTERVAL_MS) return;
    lastSweep = now;
    const limiter = (ip ?? key)?.limiter as unknown as { clearExpired(before: number): Promise<void> };
    // Housekeeping only: a failure (database briefly away) waits for the next sweep.
    run(() => limiter.clearExpired(now - SWEEP_GRACE_MS)).catch(() => {});
  };
  return { ip, key, run, sweepIfDue };
}

const perApp = new WeakMap<AppContext, RateLimits>();

/** The app's limiters, created on first use from its config and database. */
function rateLimitsOf(app: AppContext): RateLimits {
  let limits = perApp.get(app);
  if (!limits) {
    limits = createRateLimits(app);
    perApp.set(app, limits);
  }
  return limits;
}

type Outcome = { allowed: boolean; remaining: number; resetSeconds: number };

async function consume(limits: RateLimits, policy: Policy, subject: string): Promise<Outcome> {
  let res: RateLimiterRes;
  let allowed = true;
  try {
    res = await limits.run(() => policy.limiter.consume(subject));
  } catch (err) {
    // The library rejects with its result object when the limit is exceeded, and with an Error
    // when the store failed (an unreachable database becomes a 503 in the error handler).
    if (!(err instanceof RateLimiterRes)) throw err;
    res = err;
    allowed = false;
  }
  limits.sweepIfDue();
  return { allowed, remaining: res.remainingPoints, resetSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)) };
}

const WHO: Record<PolicyName, string> = { ip: 'from this IP address', key: 'with these credentials' };

async function enforce(limits: RateLimits, policy: Policy, subject: string, res: Response): Promise<void> {
  const outcome = await consume(limits, policy, subject);
  res.append('RateLimit-Policy', `"${policy.name}";q=${policy.limit};w=${policy.windowSeconds}`);
  res.append('RateLimit', `"${policy.name}";r=${outcome.remaining};t=${outcome.resetSeconds}`);
  if (outcome.allowed) return;
  throw new ApiError(
    429,
    'rate_limited',
    `Too many requests ${WHO[policy.name]}: the limit is ${policy.limit} per ${policy.windowSeconds} seconds. Retry in ${outcome.resetSeconds} seconds`,
    { retryAfter: outcome.resetSeconds },
    { 'Retry-After': String(outcome.resetSeconds) },
  );
}

/**
 * Who the per-IP limit counts: an IPv4 address, or an IPv6 address's /64 — one subscriber's
 * network is usually a whole /64, and counting single addresses in it would not limit anyone.
 */
export function ipSubject(address: string): string {
  const normalised = normaliseAddress(address);
  if (!normalised) return address;
  if (normalised.family === 'ipv4') return normalised.address;
  const [head = '', tail] = normalised.address.split('::');
  const groups = (part: string) => (part === '' ? [] : part.split(':').flatMap((g) => (g.includes('.') ? ['0', '0'] : [g])));
  const headGroups = groups(head);
  const tailGroups = tail === undefined ? [] : groups(tail);
  const full = [...headGroups, ...Array<string>(Math.max(0, 8 - headGroups.length - tailGroups.length)).fill('0'), ...tailGroups];
  return `${full
    .slice(0, 4)
    .map((g) => Number.parseInt(g, 16).toString(16))
    .join(':')}::/64`;
}

function clientAddress(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}

/** Express middleware for the API: the per-IP limit, before anything else (authentication included). */
export function rateLimitByIp(app: AppContext): RequestHandler {
  // Created now, so a database the limiter cannot use fails at start-up, not on the first request.
  const limits = rateLimitsOf(app);
  return async (req, res, next) => {
    if (limits.ip) await enforce(limits, limits.ip, ipSubject(clientAddress(req)), res);
    next();
  };
}

/**
 * The per-key limit, called by the router as soon as the principal is known — before validation
 * and idempotency, so a refused request never touches an idempotency key. Signed-in users (bearer
 * tokens) have the same budget per user.
 */
export async function rateLimitPrincipal(app: AppContext, principal: Principal | null, res: Response): Promise<void> {
  if (!principal) return;
  const limits = rateLimitsOf(app);
  if (!limits.key) return;
  const subject = principal.kind === 'apiKey' ? formatId('key', principal.keyId) : formatId('usr', principal.userId);
  await enforce(limits, limits.key, subject, res);
}
