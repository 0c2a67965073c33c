import type { HttpMethod } from './render/ansi.js';
import type { ShellSpec, SpecRoute } from './spec.js';

/**
 * Paths against a parsed spec (re-exported by spec.ts).
 *
 *   relativePath(spec, path: string): string
 *     Drops the server prefix when the path carries it: '/api/v1/invoices?x=1' → '/invoices?x=1'
 *     (serverPath '/api/v1'); other paths come back unchanged.
 *   matchRoute(spec, method: HttpMethod | null, path: string): RouteMatch | null
 *     The spec route a concrete path is an instance of (query ignored, server prefix optional;
 *     the route with the most literal segments wins: `/invoices/summary` over `/invoices/{id}`).
 *     → { route, params: {name: decoded value} }
 *   linkTarget(id, prefix, spec, context?: LinkContext): string | null
 *     The command a click on `id` puts on the prompt: `GET /invoices/inv_29` (relative to the
 *     server prefix). The route's other path parameters are filled from context.requestPath —
 *     the path of the request whose response showed the ID — by position (same literal
 *     segments before it) or by name; a value is refused where the spec says that position holds
 *     another prefix's IDs. null when the prefix has no single-item GET route or a parameter
 *     cannot be filled: such an ID is not a link.
 */

export interface RouteMatch {
  route: SpecRoute;
  params: Record<string, string>;
}

export interface LinkContext {
  /** Path (or URL) of the request that produced the output the ID is in. */
  requestPath?: string | null;
}

const PARAM = /^\{([^}]+)\}$/;

function pathOnly(path: string): string {
  let p = path.trim();
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(p)) {
    try {
      p = new URL(p).pathname;
    } catch {
      return '/';
    }
  }
  return p.replace(/[?#].*$/, '');
}

export function relativePath(spec: Pick<ShellSpec, 'serverPath'>, path: string): string {
  const prefix = spec.serverPath;
  if (!prefix || !path.startsWith(prefix)) return path;
  const rest = path.slice(prefix.length);
  if (rest === '') return '/';
  return rest.startsWith('/') ? rest : rest.startsWith('?') || rest.startsWith('#') ? `/${rest}` : path;
}

function segments(path: string): string[] {
  return path.split('/').filter((s) => s.length > 0);
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export function matchRoute(spec: Pick<ShellSpec, 'serverPath' | 'routes'>, method: HttpMethod | null, path: string): RouteMatch | null {
  const actual = segments(relativePath(spec, pathOnly(path)));
  let best: { match: RouteMatch; literals: number } | null = null;
  for (const route of spec.routes) {
    if (method && route.method !== method) continue;
    const template = segments(route.path);
    if (template.length !== actual.length) continue;
    const params: Record<string, string> = {};
    let literals = 0;
    let ok = true;
    for (let i = 0; i < template.length && ok; i += 1) {
      const param = PARAM.exec(template[i]!);
      if (param) params[param[1]!] = safeDecode(actual[i]!);
      else if (template[i] === actual[i]) literals += 1;
      else ok = false;
    }
    if (ok && (!best || literals > best.literals)) best = { match: { route, params }, literals };
  }
  return best?.match ?? null;
}

const shape = (template: string) => template.replace(/\{[^}]*\}/g, '{}');

/** The prefix whose single-item route has this shape, i.e. what IDs in that position look like. */
function prefixAt(spec: Pick<ShellSpec, 'idRoutes'>, template: string): string | null {
  for (const [prefix, route] of spec.idRoutes) if (shape(route.pathTemplate) === shape(template)) return prefix;
  return null;
}

export function linkTarget(id: string, prefix: string, spec: ShellSpec, context: LinkContext = {}): string | null {
  const target = spec.idRoutes.get(prefix);
  if (!target || !id.startsWith(`${prefix}_`)) return null;
  const template = segments(target.pathTemplate);
  const requestPath = context.requestPath ? relativePath(spec, pathOnly(context.requestPath)) : null;
  const actual = requestPath ? segments(requestPath) : [];
  const requestRoute = requestPath ? matchRoute(spec, null, requestPath) : null;
  const byName = requestRoute?.params ?? {};
  // A position the request's own route spells literally (`/customers/search`) is not a value.
  const requestTemplate = requestRoute ? segments(requestRoute.route.path) : null;

  const filled: string[] = [];
  for (let i = 0; i < template.length; i += 1) {
    const segment = template[i]!;
    const param = PARAM.exec(segment)?.[1];
    if (!param) {
      filled.push(segment);
      continue;
    }
    if (param === target.paramName && i === template.length - 1) {
      filled.push(encodeURIComponent(id));
      continue;
    }
    const expected = prefixAt(spec, `/${template.slice(0, i + 1).join('/')}`);
    const fits = (value: string | undefined): value is string => !!value && (!expected || value.startsWith(`${expected}_`));
    const sameShapeBefore = actual.length > i && template.slice(0, i).every((t, j) => PARAM.test(t) || t === actual[j]);
    const isValue = !requestTemplate || PARAM.test(requestTemplate[i] ?? '');
    const positional = sameShapeBefore && isValue ? safeDecode(actual[i]!) : undefined;
    const value = fits(positional) ? positional : fits(byName[param]) ? byName[param] : null;
    if (value === null) return null;
    filled.push(encodeURIComponent(value));
  }
  return `GET /${filled.join('/')}`;
}
