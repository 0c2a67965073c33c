import type { Request } from 'express';
import type { z } from 'zod';
import type { AppContext } from '../context.js';
import type { DB } from '../db/open.js';
import type { Principal, Tenant } from '../auth/principal.js';
import type { Scope } from '../auth/scopes.js';
import type { IdPrefix } from './ids.js';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/**
 * Who may call a route:
 * - `public`: anyone (health, OpenAPI, login…);
 * - `user`: a signed-in user's bearer token only — an API key gets 403 (keys never mint keys);
 * - `principal`: an API key with `scope`, or a user's bearer token (acting with the user's role).
 */
export type Access = 'public' | 'user' | 'principal';

/** A resource whose records have prefixed IDs; becomes a named OpenAPI schema with `x-id-prefix`. */
export interface Resource {
  name: string;
  prefix: IdPrefix;
  schema: z.ZodType;
}

export interface HandlerResult {
  status?: number;
  data: unknown;
  meta?: Record<string, unknown>;
  headers?: Record<string, string>;
}

export interface HandlerContext<Q, B> {
  app: AppContext;
  /** The database to use — inside an idempotent request this is the request's transaction. */
  db: DB;
  /** Set for `user` and `principal` routes. */
  principal: Principal;
  /** Organisation and mode every data-layer call takes. */
  tenant: Tenant;
  /** Path parameters declared in `ids`, already parsed to row numbers. */
  ids: Record<string, number>;
  query: Q;
  body: B;
  req: Request;
}

interface RouteBase<Q extends z.ZodType, B extends z.ZodType> {
  method: Method;
  /** OpenAPI-style path below /api/v1, e.g. `/invoices/{id}/finalise`. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  /** Path parameters that are prefixed IDs; a malformed or wrong-prefixed one is a 404. */
  ids?: Record<string, IdPrefix>;
  query?: Q;
  body?: B;
  /** Media types the body may arrive as (default JSON); `text/csv` bodies arrive as a string. */
  bodyTypes?: Array<'application/json' | 'text/csv'>;
  /** The `data` of a success: a resource (by reference), a list of one, or an inline schema. */
  response?: { resource: Resource; list?: boolean } | { schema: z.ZodType };
  /** Success status (default 200). */
  status?: number;
  /** POST/PUT/PATCH honour Idempotency-Key unless this is false (e.g. login, which hashes). */
  idempotent?: boolean;
  /** Send `data` as the whole body instead of inside the envelope (the OpenAPI document). */
  raw?: boolean;
}

export type RouteDef<Q extends z.ZodType = z.ZodType, B extends z.ZodType = z.ZodType> = RouteBase<Q, B> &
  (
    | { access: 'public'; scope?: undefined; handler: (ctx: PublicContext<z.output<Q>, z.output<B>>) => Promise<HandlerResult> }
    | { access: 'user'; scope?: undefined; handler: (ctx: HandlerContext<z.output<Q>, z.output<B>>) => Promise<HandlerResult> }
    | {
        access: 'principal';
        scope: Scope;
        /** Further scopes an API key needs (converting a quote creates an invoice: invoices:write too). */
        alsoRequires?: Scope[];
        handler: (ctx: HandlerContext<z.output<Q>, z.output<B>>) => Promise<HandlerResult>;
      }
  );

export type PublicContext<Q, B> = Omit<HandlerContext<Q, B>, 'principal' | 'tenant'> & {
  principal: Principal | null;
  tenant: Tenant | null;
};

/** Declares one route; the generics carry the schemas' types into the handler. */
export function defineRoute<Q extends z.ZodType = z.ZodType, B extends z.ZodType = z.ZodType>(def: RouteDef<Q, B>): RouteDef {
  return def as unknown as RouteDef;
}

/** Whether the route honours an Idempotency-Key header (SPEC §3): authenticated POST/PUT/PATCH unless opted out. */
export function acceptsIdempotencyKey(route: RouteDef): boolean {
  return (route.method === 'post' || route.method === 'put' || route.method === 'patch') && route.access !== 'public' && route.idempotent !== false;
}

/** Every scope an API key needs for the route, the main one first (empty for non-principal routes). */
export function requiredScopes(route: RouteDef): Scope[] {
  return route.access === 'principal' ? [route.scope, ...(route.alsoRequires ?? [])] : [];
}
