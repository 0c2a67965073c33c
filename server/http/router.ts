import express, { type Request, type Response } from 'express';
import type { AppContext } from '../context.js';
import { authenticate } from '../auth/authenticate.js';
import { tenantOf, type Principal } from '../auth/principal.js';
import { scopeSatisfies } from '../auth/scopes.js';
import { ApiError, forbidden, insufficientScope, notFound } from './errors.js';
import { idempotencyKeyOf, runIdempotent } from './idempotency.js';
import { tryParseId } from './ids.js';
import { logRequestOnFinish } from './request-log.js';
import { resourceNameForPrefix } from './resource-names.js';
import { JSON_CONTENT_TYPE, successBody } from './response-body.js';
import { requiredScopes, type HandlerContext, type HandlerResult, type RouteDef } from './route.js';
import { rateLimitPrincipal } from './rate-limit.js';
import { parseOrThrow } from './validation.js';

/** `/invoices/{id}` → `/invoices/:id`. */
export function expressPath(openApiPath: string): string {
  return openApiPath.replace(/\{([A-Za-z0-9_]+)\}/g, ':$1');
}

function parseIds(route: RouteDef, req: Request): Record<string, number> {
  const ids: Record<string, number> = {};
  for (const [name, prefix] of Object.entries(route.ids ?? {})) {
    const id = tryParseId(prefix, req.params[name]);
    if (id === null) throw notFound(`${resourceNameForPrefix(prefix)} not found`);
    ids[name] = id;
  }
  return ids;
}

function readBody(route: RouteDef, req: Request): unknown {
  if (!route.body) return undefined;
  const types = route.bodyTypes ?? ['application/json'];
  const hasBody = req.body !== undefined || Number(req.get('content-length') ?? 0) > 0 || req.get('transfer-encoding') !== undefined;
  if (hasBody && req.body === undefined && !types.some((t) => req.is(t))) {
    throw new ApiError(415, 'unsupported_media_type', `Send the request body as ${types.join(' or ')}`);
  }
  return req.body ?? {};
}

/**
 * Checks who may call the route; returns the principal (null on public routes). The principal is
 * put on `res.locals` before the access and scope checks, so refused requests are logged too.
 */
async function admit(app: AppContext, route: RouteDef, req: Request, res: Response): Promise<Principal | null> {
  if (route.access === 'public') return null;
  const principal = await authenticate(app, req);
  res.locals.principal = principal;
  if (route.access === 'user' && principal.kind !== 'user') {
    throw forbidden('This endpoint needs a signed-in user; API keys cannot call it');
  }
  if (principal.kind === 'apiKey') {
    const missing = requiredScopes(route).find((scope) => !scopeSatisfies(principal.scopes, scope));
    if (missing) throw insufficientScope(missing);
  }
  return principal;
}

export function sendResult(res: Response, route: Pick<RouteDef, 'raw'>, result: HandlerResult): void {
  res.status(result.status ?? 200);
  for (const [name, value] of Object.entries(result.headers ?? {})) res.setHeader(name, value);
  res.setHeader('Content-Type', JSON_CONTENT_TYPE);
  res.send(successBody(route, result));
}

/**
 * The Express router generated from the route table: request log, auth, scope, rate limit,
 * validation, idempotency, handler, envelope — in that order, for every route.
 */
export function buildRouter(app: AppContext, routes: readonly RouteDef[]): express.Router {
  const router = express.Router();
  for (const route of routes) {
    router[route.method](expressPath(route.path), async (req: Request, res: Response) => {
      if (route.access !== 'public') logRequestOnFinish(app.requestLog, app.now, req, res);
      const principal = await admit(app, route, req, res);
      await rateLimitPrincipal(app, principal, res);
      const ids = parseIds(route, req);
      const query = route.query ? parseOrThrow(route.query, req.query) : {};
      const body = route.body ? parseOrThrow(route.body, readBody(route, req)) : undefined;
      const ctx = {
        app,
        db: app.db,
        principal,
        tenant: principal ? tenantOf(principal) : null,
        ids,
        query,
        body,
        req,
      } as HandlerContext<unknown, unknown>;
      const idempotencyKey = idempotencyKeyOf(route, req, principal);
      if (idempotencyKey !== null && principal) {
        await runIdempotent(app, { route, ctx, principal, key: idempotencyKey, req, res, sendResult });
        return;
      }
      const result = await route.handler(ctx as never);
      sendResult(res, route, { ...result, status: result.status ?? route.status });
    });
  }
  return router;
}
