import { looksLikeIdBody } from './ids.js';
import { asObject, asString, isObject, refName, resolve, type Json } from './spec-json.js';
import type { SpecRoute } from './spec.js';

/**
 * Which route an ID opens: prefix → the single-item GET route (internal to spec.ts).
 *
 *   inferIdRoutes(doc, operations: {route, parameters}[]): Map<prefix, IdRoute>
 *     IdRoute = { pathTemplate, paramName, pattern, source }
 *
 * Candidates are GET operations whose last path segment is a parameter (`/invoices/{id}`).
 * 1. `x-id-prefix` on a component schema (our API): the candidate whose success response is
 *    that schema — directly, or as the `data` of an envelope (`{success, data: $ref}`), or via
 *    allOf/oneOf/anyOf or a wrapper component.
 * 2. Otherwise (most APIs declare no prefix) the last parameter itself: a prefix-anchored
 *    `pattern` (`^ctm_[a-z0-9]{26}$` → `ctm`), else a prefixed example (`example`, OpenAPI 3.0
 *    `examples: {name: {value}}`, or JSON Schema / 3.1 `examples: [...]`, on the parameter or
 *    its schema) whose part after the prefix looks like an ID.
 * When several routes fit one prefix, the one with the fewest path parameters wins
 * (`/customers/{id}` over `/accounts/{account}/customers/{id}`), then the shorter path.
 */

export interface IdRoute {
  pathTemplate: string;
  paramName: string;
  /** The parameter's declared pattern, when any: ids.ts checks IDs against it. */
  pattern: string | null;
  source: 'x-id-prefix' | 'pattern' | 'example';
}

interface Operation {
  route: SpecRoute;
  parameters: Json[];
}

interface Candidate {
  op: Operation;
  paramName: string;
  paramSchema: Json | null;
  param: Json | null;
}

const PATTERN_PREFIX = /^\^([A-Za-z][A-Za-z0-9]*(?:_[A-Za-z][A-Za-z0-9]*)*)_/;
const EXAMPLE_ID = /^([A-Za-z][A-Za-z0-9]*(?:_[A-Za-z][A-Za-z0-9]*)*)_([A-Za-z0-9]+)$/;
const MAX_WRAPPER_DEPTH = 4;

function candidates(doc: Json, operations: Operation[]): Candidate[] {
  const out: Candidate[] = [];
  for (const op of operations) {
    if (op.route.method !== 'GET') continue;
    const last = /\/\{([^}/]+)\}$/.exec(op.route.path);
    if (!last) continue;
    const paramName = last[1]!;
    const param = op.parameters.find((p) => p.in === 'path' && p.name === paramName) ?? null;
    out.push({ op, paramName, param, paramSchema: asObject(resolve(doc, param?.schema)) });
  }
  return out;
}

function successSchema(doc: Json, path: string): unknown {
  const op = asObject(asObject(asObject(doc.paths)?.[path])?.get);
  const responses = asObject(op?.responses) ?? {};
  const key = '200' in responses ? '200' : Object.keys(responses).find((k) => /^2(\d\d|XX)$/i.test(k));
  const content = asObject(asObject(resolve(doc, key ? responses[key] : undefined))?.content) ?? {};
  const media = Object.entries(content).find(([type]) => /json/i.test(type))?.[1];
  return asObject(media)?.schema;
}

/** Names of the component schemas a response's single item is (not lists: arrays are skipped). */
function itemSchemaNames(doc: Json, schema: unknown, depth = 0, names = new Set<string>()): Set<string> {
  if (!isObject(schema) || depth > MAX_WRAPPER_DEPTH) return names;
  const name = refName(schema);
  if (name) {
    names.add(name);
    return itemSchemaNames(doc, resolve(doc, schema), depth + 1, names);
  }
  const data = asObject(schema.properties)?.data;
  if (data) itemSchemaNames(doc, data, depth + 1, names);
  for (const key of ['allOf', 'oneOf', 'anyOf']) {
    const list = schema[key];
    if (Array.isArray(list)) for (const part of list) itemSchemaNames(doc, part, depth + 1, names);
  }
  return names;
}

function examples(c: Candidate): string[] {
  const found: unknown[] = [];
  for (const holder of [c.param, c.paramSchema]) {
    if (!holder) continue;
    found.push(holder.example);
    const list = holder.examples;
    if (Array.isArray(list)) found.push(...list);
    else if (isObject(list)) for (const entry of Object.values(list)) found.push(asObject(entry)?.value);
  }
  return found.filter((v): v is string => typeof v === 'string');
}

function inferredPrefix(c: Candidate): { prefix: string; source: 'pattern' | 'example' } | null {
  const pattern = asString(c.paramSchema?.pattern);
  const fromPattern = pattern ? PATTERN_PREFIX.exec(pattern) : null;
  if (fromPattern) return { prefix: fromPattern[1]!, source: 'pattern' };
  for (const example of examples(c)) {
    const match = EXAMPLE_ID.exec(example);
    if (match && looksLikeIdBody(match[2]!)) return { prefix: match[1]!, source: 'example' };
  }
  return null;
}

function better(a: Candidate, b: Candidate): boolean {
  const params = (c: Candidate) => (c.op.route.path.match(/\{[^}]+\}/g) ?? []).length;
  if (params(a) !== params(b)) return params(a) < params(b);
  return a.op.route.path.length < b.op.route.path.length;
}

function toIdRoute(c: Candidate, source: IdRoute['source']): IdRoute {
  return { pathTemplate: c.op.route.path, paramName: c.paramName, pattern: asString(c.paramSchema?.pattern), source };
}

export function inferIdRoutes(doc: Json, operations: Operation[]): Map<string, IdRoute> {
  const all = candidates(doc, operations);
  const chosen = new Map<string, { c: Candidate; source: IdRoute['source'] }>();
  const offer = (prefix: string, c: Candidate, source: IdRoute['source']) => {
    const current = chosen.get(prefix);
    // A declared x-id-prefix always beats an inference.
    if (current && current.source === 'x-id-prefix' && source !== 'x-id-prefix') return;
    if (!current || (current.source !== 'x-id-prefix' && source === 'x-id-prefix') || better(c, current.c)) chosen.set(prefix, { c, source });
  };

  const prefixBySchema = new Map<string, string>();
  for (const [name, schema] of Object.entries(asObject(asObject(doc.components)?.schemas) ?? {})) {
    const prefix = asString(asObject(schema)?.['x-id-prefix']);
    if (prefix) prefixBySchema.set(name, prefix);
  }
  for (const c of all) {
    if (prefixBySchema.size > 0) {
      for (const name of itemSchemaNames(doc, successSchema(doc, c.op.route.path))) {
        const prefix = prefixBySchema.get(name);
        if (prefix) offer(prefix, c, 'x-id-prefix');
      }
    }
    const inferred = inferredPrefix(c);
    if (inferred) offer(inferred.prefix, c, inferred.source);
  }
  return new Map([...chosen].map(([prefix, { c, source }]) => [prefix, toIdRoute(c, source)]));
}
