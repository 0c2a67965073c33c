import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express from 'express';
import type { Config } from './config.js';
import { scryptHasher, type AppContext, type PasswordHasher } from './context.js';
import type { DB } from './db/open.js';
import { loadServerSecrets } from './auth/server-secrets.js';
import { errorHandler, routeNotFound, type ErrorLogger } from './http/error-handler.js';
import { buildOpenApiDocument } from './http/openapi.js';
import { buildRouter } from './http/router.js';
import { guardInput } from './http/input-guard.js';
import { createBackgroundServices } from './http/housekeeping.js';
import { allRoutes } from './http/routes.js';
import type { RouteDef } from './http/route.js';
import { healthRoute } from './http/health.js';
import { rateLimitByIp } from './http/rate-limit.js';
import { demoSite, type DemoSettings } from './demo-site.js';
import { cors } from './http/cors.js';
import { securityHeaders } from './http/security-headers.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface CreateAppOptions {
  db: DB;
  config: Config;
  /** Override password hashing (tests count calls). */
  passwords?: PasswordHasher;
  /** Extra routes appended to the table (tests inject failing handlers). */
  extraRoutes?: RouteDef[];
  /** Serve the demo pages with this configuration. */
  demo?: DemoSettings;
  logError?: ErrorLogger;
}

export async function createAppContext(options: CreateAppOptions): Promise<AppContext> {
  const { db, config } = options;
  return {
    db,
    config,
    secrets: await loadServerSecrets(db, config),
    passwords: options.passwords ?? scryptHasher(config.scrypt),
    now: config.now,
    ...createBackgroundServices(db, config.now),
  };
}

export const API_PREFIX = '/api/v1';

/** The whole server as an Express app, without listening — tests run it on an ephemeral port. */
export async function createApp(options: CreateAppOptions): Promise<{ app: express.Express; context: AppContext; routes: RouteDef[] }> {
  const context = await createAppContext(options);
  const { config } = context;

  let document: unknown;
  const routes: RouteDef[] = [...allRoutes(() => document), ...(options.extraRoutes ?? [])];
  document = buildOpenApiDocument(routes, {
    title: 'devshell bookkeeping API',
    version: '1.0.0',
    description: 'A small double-entry bookkeeping API: contacts, invoices, quotes, bank transactions, reports.',
  });

  const app = express();
  app.disable('x-powered-by');
  // First, so that every response — errors and 404s included — carries them.
  app.use(securityHeaders({ apiPaths: [API_PREFIX, '/healthz'] }));
  app.set('trust proxy', config.trustProxy);
  // `?metadata[key]=value` needs nested query parsing.
  app.set('query parser', 'extended');

  app.get('/healthz', healthRoute(context));

  const api = express.Router();
  api.use(express.json({ limit: '1mb' }));
  api.use(express.text({ type: 'text/csv', limit: '5mb' }));
  api.use(guardInput());
  api.use(buildRouter(context, routes));
  api.use(routeNotFound);
  app.use(API_PREFIX, cors({ origins: config.corsOrigins }));
  app.use(API_PREFIX, rateLimitByIp(context));
  app.use(API_PREFIX, api);

  if (options.demo) app.use(demoSite(ROOT, options.demo, document));

  app.use(routeNotFound);
  app.use(errorHandler(options.logError));
  return { app, context, routes };
}
