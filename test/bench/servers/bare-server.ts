/**
 * The baseline: a bare Express 5 route, `GET /invoices/:id`, that reads the same invoice (row and
 * lines) from the same database through the same data layer and returns the same JSON as the
 * product's `data` — with no authentication, envelope, logging, security headers or rate limits.
 *
 * `BENCH_LAYERS` (comma-separated) adds the product's own middleware back one layer at a time,
 * so the bench can show where the product's time goes:
 *   headers    securityHeaders() (helmet, as the app mounts it)
 *   auth       authenticate() — the API-key lookup (or bearer token) that names the tenant
 *   ratelimit  rateLimitByIp() + rateLimitPrincipal() (database-backed counters)
 *   envelope   `{"success":true,"data":…}` rendered by successBody(), as the router sends it
 *   log        logRequestOnFinish() — the buffered request log
 * `BENCH_DATA=raw` reads through better-sqlite3 prepared statements instead of Kysely (SQLite
 * only): the ceiling for a route that reads this row at all.
 */
import express, { type Request, type Response } from 'express';
import { createAppContext } from '../../../server/app.js';
import { authenticate } from '../../../server/auth/authenticate.js';
import { tenantOf, type Principal, type Tenant } from '../../../server/auth/principal.js';
import { loadConfig } from '../../../server/config.js';
import type { AppContext } from '../../../server/context.js';
import type { DocumentLineRow } from '../../../server/db/document-lines.js';
import type { InvoiceRow } from '../../../server/db/invoices.js';
import { databaseHandleOf, openDatabase } from '../../../server/db/open.js';
import { errorHandler, logToStderr } from '../../../server/http/error-handler.js';
import { notFound } from '../../../server/http/errors.js';
import { tryParseId } from '../../../server/http/ids.js';
import { rateLimitByIp, rateLimitPrincipal } from '../../../server/http/rate-limit.js';
import { logRequestOnFinish } from '../../../server/http/request-log.js';
import { JSON_CONTENT_TYPE, successBody } from '../../../server/http/response-body.js';
import { securityHeaders } from '../../../server/http/security-headers.js';
import { loadInvoice } from '../../../server/resources/invoices/drafts.js';
import { invoiceView } from '../../../server/resources/invoices/view.js';
import { listenForBench } from './listen.js';

type Layer = 'headers' | 'auth' | 'ratelimit' | 'envelope' | 'log';
const LAYERS = new Set<Layer>(['headers', 'auth', 'ratelimit', 'envelope', 'log']);
const layers = new Set(
  (process.env.BENCH_LAYERS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      if (!LAYERS.has(s as Layer)) throw new Error(`BENCH_LAYERS: unknown layer ${s}`);
      return s as Layer;
    }),
);
const fixedTenant: Tenant = { organisationId: Number(process.env.BENCH_ORG_ID ?? '1'), mode: 'live' };

const config = loadConfig(process.env);
const db = await openDatabase(config);
const needsContext = layers.has('auth') || layers.has('ratelimit') || layers.has('log');
const context: AppContext | null = needsContext ? await createAppContext({ db, config }) : null;

type ReadInvoice = (tenant: Tenant, id: number) => Promise<{ invoice: InvoiceRow; lines: DocumentLineRow[] }>;

function rawReader(): ReadInvoice {
  const handle = databaseHandleOf(db);
  if (handle.engine !== 'sqlite') throw new Error('BENCH_DATA=raw needs SQLite');
  const invoiceStmt = handle.sqlite.prepare('select * from "invoices" where "id" = ? and "organisation_id" = ? and "mode" = ?');
  const linesStmt = handle.sqlite.prepare(
    'select * from "invoice_lines" where "invoice_id" in (?) and "organisation_id" = ? and "mode" = ? order by "invoice_id", "position"',
  );
  return async (tenant, id) => {
    const invoice = invoiceStmt.get(id, tenant.organisationId, tenant.mode) as InvoiceRow | undefined;
    if (!invoice) throw notFound('Invoice not found');
    const lines = linesStmt.all(id, tenant.organisationId, tenant.mode) as DocumentLineRow[];
    return { invoice, lines };
  };
}

const readInvoice: ReadInvoice = process.env.BENCH_DATA === 'raw' ? rawReader() : (tenant, id) => loadInvoice(db, tenant, id);

const app = express();
app.disable('x-powered-by');
if (layers.has('headers')) app.use(securityHeaders({ apiPaths: ['/invoices'] }));
if (layers.has('ratelimit') && context) app.use(rateLimitByIp(context));

app.get('/invoices/:id', async (req: Request, res: Response) => {
  if (layers.has('log') && context) logRequestOnFinish(context.requestLog, context.now, req, res);
  let principal: Principal | null = null;
  if (layers.has('auth') && context) {
    principal = await authenticate(context, req);
    res.locals.principal = principal;
  }
  if (layers.has('ratelimit') && context) await rateLimitPrincipal(context, principal, res);
  const id = tryParseId('inv', req.params.id);
  if (id === null) throw notFound('Invoice not found');
  const { invoice, lines } = await readInvoice(principal ? tenantOf(principal) : fixedTenant, id);
  const data = invoiceView(invoice, lines);
  if (layers.has('envelope')) {
    res.status(200);
    res.setHeader('Content-Type', JSON_CONTENT_TYPE);
    res.send(successBody({}, { data }));
  } else {
    res.json(data);
  }
});
app.use(errorHandler(logToStderr));

listenForBench(app, async () => {
  context?.housekeeping.stop();
  await context?.requestLog.flush().catch(() => {});
  await db.destroy();
});
