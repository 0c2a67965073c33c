import { HTTP_METHODS, type HttpMethod } from './render/ansi.js';
import { inferIdRoutes, type IdRoute } from './spec-ids.js';
import { asObject, asString, isObject, mergedParameters, type Json } from './spec-json.js';

export { linkTarget, matchRoute, relativePath, type LinkContext, type RouteMatch } from './spec-links.js';
export type { IdRoute } from './spec-ids.js';

/**
 * An OpenAPI 3.x document, reduced to what the shell needs. Any API's document, not only ours.
 *
 *   parseSpec(doc: unknown, documentUrl: string): ShellSpec          throws SpecError
 *     → { serverBase, serverPath, title, routes, idRoutes, auth }
 *       serverBase  absolute URL without a trailing slash: `servers[0].url` (variables filled
 *                   with their defaults) resolved against documentUrl, as OpenAPI prescribes;
 *                   the document's origin when it declares no server
 *       serverPath  serverBase's path ('/api/v1', or '' at the root): what a typed path may omit
 *       routes      [{method, path, summary, scope, operationId}] in document order, for GET,
 *                   POST, PUT, PATCH and DELETE; path as in the document (relative to the
 *                   server); scope = `x-required-scope`, else the scopes of the operation's (or
 *                   document's) security requirement, else null
 *       idRoutes    Map<prefix, {pathTemplate, paramName, pattern}>: the single-item GET route
 *                   an ID of that prefix opens (see spec-ids.ts for how it is found)
 *       auth        how the key travels: an `apiKey` scheme `in: header` wins → {kind:'header',
 *                   name}; else `http bearer` (or oauth2/openIdConnect, which carry bearer
 *                   tokens) → {kind:'bearer'}; else {kind:'header', name:'X-API-Key'}
 *   fallbackSpec(baseUrl: string): ShellSpec
 *     What the shell uses when no document could be loaded: serverBase = baseUrl, no routes.
 *   authHeader(auth: SpecAuth, key: string): [name: string, value: string]
 *     `['X-API-Key', key]` or `['Authorization', 'Bearer ' + key]`.
 *
 * Re-exported from spec-links.ts:
 *   linkTarget(id, prefix, spec, context?: {requestPath?}): string | null   `GET /invoices/inv_29`
 *   matchRoute(spec, method | null, path): {route, params} | null
 *   relativePath(spec, path): string   '/api/v1/invoices?x=1' → '/invoices?x=1'
 */

export interface SpecRoute {
  method: HttpMethod;
  path: string;
  summary: string;
  scope: string | null;
  operationId: string | null;
}

export type SpecAuth = { kind: 'header'; name: string } | { kind: 'bearer' };

export interface ShellSpec {
  serverBase: string;
  serverPath: string;
  title: string;
  routes: SpecRoute[];
  idRoutes: Map<string, IdRoute>;
  auth: SpecAuth;
}

export class SpecError extends Error {
  override name = 'SpecError';
}

export const DEFAULT_KEY_HEADER = 'X-API-Key';

function serverUrl(doc: Json, documentUrl: URL): URL {
  const servers = Array.isArray(doc.servers) ? doc.servers : [];
  const first = asObject(servers[0]);
  const raw = asString(first?.url);
  if (!raw) return new URL('/', documentUrl);
  const variables = asObject(first?.variables) ?? {};
  const filled = raw.replace(/\{([^}]+)\}/g, (whole, name: string) => asString(asObject(variables[name])?.default) ?? whole);
  try {
    return new URL(filled, documentUrl);
  } catch {
    throw new SpecError(`The document's server URL "${raw}" is not a valid URL`);
  }
}

function withoutTrailingSlash(url: URL): { base: string; path: string } {
  const path = url.pathname.replace(/\/+$/, '');
  return { base: `${url.origin}${path}`, path };
}

function securityScopes(requirements: unknown): string | null | undefined {
  if (!Array.isArray(requirements)) return undefined;
  if (requirements.length === 0) return null;
  for (const requirement of requirements) {
    for (const scopes of Object.values(asObject(requirement) ?? {})) {
      if (Array.isArray(scopes) && scopes.length > 0) return scopes.map(String).join(' ');
    }
  }
  return null;
}

function operationScope(op: Json, doc: Json): string | null {
  const declared = op['x-required-scope'];
  if (typeof declared === 'string' && declared) return declared;
  if (Array.isArray(declared) && declared.length > 0) return declared.map(String).join(' ');
  const fromOp = securityScopes(op.security);
  if (fromOp !== undefined) return fromOp;
  return securityScopes(doc.security) ?? null;
}

function parseRoutes(doc: Json): SpecRoute[] {
  const routes: SpecRoute[] = [];
  for (const [path, item] of Object.entries(asObject(doc.paths) ?? {})) {
    const pathItem = asObject(item);
    if (!pathItem || !path.startsWith('/')) continue;
    for (const method of HTTP_METHODS) {
      const op = asObject(pathItem[method.toLowerCase()]);
      if (!op) continue;
      routes.push({
        method,
        path,
        summary: (asString(op.summary) ?? asString(op.description) ?? '').split('\n')[0]!.trim(),
        scope: operationScope(op, doc),
        operationId: asString(op.operationId) ?? null,
      });
    }
  }
  return routes;
}

function parseAuth(doc: Json): SpecAuth {
  const schemes = Object.values(asObject(asObject(doc.components)?.securitySchemes) ?? {}).filter(isObject);
  const apiKey = schemes.find((s) => s.type === 'apiKey' && s.in === 'header' && asString(s.name));
  if (apiKey) return { kind: 'header', name: asString(apiKey.name)! };
  const bearer =
    schemes.find((s) => s.type === 'http' && asString(s.scheme)?.toLowerCase() === 'bearer') ??
    schemes.find((s) => s.type === 'oauth2' || s.type === 'openIdConnect');
  if (bearer) return { kind: 'bearer' };
  return { kind: 'header', name: DEFAULT_KEY_HEADER };
}

export function parseSpec(input: unknown, documentUrl: string): ShellSpec {
  const doc = asObject(input);
  if (!doc) throw new SpecError('The API document is not a JSON object');
  const version = asString(doc.openapi);
  if (!version || !version.startsWith('3.')) {
    throw new SpecError(doc.swagger ? 'Swagger 2.0 documents are not supported; the shell needs OpenAPI 3.x' : 'Not an OpenAPI 3.x document');
  }
  let docUrl: URL;
  try {
    docUrl = new URL(documentUrl);
  } catch {
    throw new SpecError(`The document URL "${documentUrl}" is not absolute`);
  }
  const { base, path } = withoutTrailingSlash(serverUrl(doc, docUrl));
  // Resolve every operation's parameters once; the ID inference reads them.
  const operations = parseRoutes(doc).map((route) => ({ route, parameters: mergedParameters(doc, route.path, route.method) }));
  return {
    serverBase: base,
    serverPath: path,
    title: asString(asObject(doc.info)?.title) ?? '',
    routes: operations.map((o) => o.route),
    idRoutes: inferIdRoutes(doc, operations),
    auth: parseAuth(doc),
  };
}

export function fallbackSpec(baseUrl: string): ShellSpec {
  const { base, path } = withoutTrailingSlash(new URL(baseUrl));
  return { serverBase: base, serverPath: path, title: '', routes: [], idRoutes: new Map(), auth: { kind: 'header', name: DEFAULT_KEY_HEADER } };
}

export function authHeader(auth: SpecAuth, key: string): [string, string] {
  return auth.kind === 'bearer' ? ['Authorization', `Bearer ${key}`] : [auth.name, key];
}
