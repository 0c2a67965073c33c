import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createApp, type CreateAppOptions } from '../../server/app.js';
import { testConfig, type Config } from '../../server/config.js';
import type { AppContext } from '../../server/context.js';
import { migrateToLatest } from '../../server/db/migrate.js';
import type { DB } from '../../server/db/open.js';
import { createTestDatabase, openTestDatabase, type TestDatabase } from './test-database.js';
import type { RouteDef } from '../../server/http/route.js';

export interface TestApi {
  url: string;
  context: AppContext;
  db: DB;
  routes: RouteDef[];
  /** Real HTTP to the running app; `body` objects are sent as JSON. */
  request(method: string, path: string, options?: RequestOptions): Promise<TestResponse>;
  close(): Promise<void>;
}

export interface RequestOptions {
  token?: string;
  apiKey?: string;
  body?: unknown;
  /** Sent verbatim (not JSON-encoded) when given. */
  rawBody?: string | Uint8Array;
  headers?: Record<string, string>;
}

export interface TestResponse {
  status: number;
  headers: Headers;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

export interface StartOptions extends Partial<Omit<CreateAppOptions, 'db' | 'config'>> {
  config?: Partial<Config>;
  /**
   * The database to run on; default a fresh one of the suite's engine (in-memory SQLite, or a new
   * database in the run's PostgreSQL cluster). Pass one from `createTestDatabase()` to share it
   * between apps (restarts, several instances).
   */
  database?: TestDatabase;
}

/** A controllable clock for expiry and lockout tests. */
export function fakeClock(start = Date.parse('2026-01-15T09:00:00Z')) {
  let now = start;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
    set(ms: number) {
      now = ms;
    },
  };
}

/** Starts the real app on an ephemeral port over a fresh SQLite database. */
export async function startApi(options: StartOptions = {}): Promise<TestApi> {
  const db = await openTestDatabase(options.database ?? (await createTestDatabase({ inMemory: true })));
  await migrateToLatest(db);
  const config = testConfig(options.config);
  const { app, context, routes } = await createApp({ ...options, db, config, logError: options.logError ?? (() => {}) });
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(0, '127.0.0.1', (err?: Error) => (err ? reject(err) : resolve(s)));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  async function request(method: string, path: string, opts: RequestOptions = {}): Promise<TestResponse> {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    if (opts.apiKey) headers['x-api-key'] = opts.apiKey;
    let body: string | Uint8Array | undefined;
    if (opts.rawBody !== undefined) body = opts.rawBody;
    else if (opts.body !== undefined) {
      body = JSON.stringify(opts.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await fetch(url + (path.startsWith('/api/') || path.startsWith('/healthz') || path === '/' ? path : `/api/v1${path}`), {
      method,
      headers,
      body: body as BodyInit | undefined,
    });
    const text = await res.text();
    let json: unknown = undefined;
    try {
      json = JSON.parse(text);
    } catch {
      /* not JSON */
    }
    return { status: res.status, headers: res.headers, text, json };
  }

  return {
    url,
    context,
    db,
    routes,
    request,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await db.destroy();
    },
  };
}

let counter = 0;
/** Registers a fresh organisation with its owner; returns the session and ids. */
export async function registerOrg(api: TestApi, overrides: Partial<{ email: string; password: string; name: string; organisationName: string }> = {}) {
  counter += 1;
  const body = {
    email: `owner${counter}-${Date.now()}@example.com`,
    password: 'correct horse battery',
    name: 'Owner',
    organisationName: `Org ${counter}`,
    ...overrides,
  };
  const res = await api.request('POST', '/auth/register', { body });
  if (res.status !== 201) throw new Error(`register failed: ${res.status} ${res.text}`);
  return {
    email: body.email,
    password: body.password,
    token: res.json.data.accessToken as string,
    refreshToken: res.json.data.refreshToken as string,
    user: res.json.data.user as { id: string; organisationId: string },
  };
}
