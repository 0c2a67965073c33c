/**
 * Reading an untrusted OpenAPI document safely: narrowing helpers and local `$ref` resolution.
 * Internal to spec.ts / spec-ids.ts.
 *
 *   isObject(v): v is Json;  asObject(v): Json | null;  asString(v): string | null
 *   resolve(doc, node): unknown           follows local `#/…` refs (cycles and depth bounded)
 *   refName(node): string | null          'Invoice' for {$ref: '#/components/schemas/Invoice'}
 *   mergedParameters(doc, path, method): Json[]
 *     path-item parameters overlaid by the operation's (same name+in), refs resolved
 */

export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asObject(value: unknown): Json | null {
  return isObject(value) ? value : null;
}

export function asString(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

const MAX_REF_DEPTH = 16;

function pointer(doc: Json, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = doc;
  for (const raw of ref.slice(2).split('/')) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (!isObject(node) && !Array.isArray(node)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

export function resolve(doc: Json, node: unknown): unknown {
  let current = node;
  for (let depth = 0; depth < MAX_REF_DEPTH; depth += 1) {
    const ref = isObject(current) ? asString(current.$ref) : null;
    if (!ref) return current;
    current = pointer(doc, ref);
  }
  return undefined;
}

export function refName(node: unknown): string | null {
  const ref = isObject(node) ? asString(node.$ref) : null;
  const match = ref ? /^#\/components\/schemas\/([^/]+)$/.exec(ref) : null;
  return match ? decodeURIComponent(match[1]!).replace(/~1/g, '/').replace(/~0/g, '~') : null;
}

export function mergedParameters(doc: Json, path: string, method: string): Json[] {
  const item = asObject(asObject(doc.paths)?.[path]);
  const op = asObject(item?.[method.toLowerCase()]);
  const byKey = new Map<string, Json>();
  for (const list of [item?.parameters, op?.parameters]) {
    if (!Array.isArray(list)) continue;
    for (const entry of list) {
      const param = asObject(resolve(doc, entry));
      const name = asString(param?.name);
      if (param && name) byKey.set(`${asString(param.in) ?? ''}:${name}`, param);
    }
  }
  return [...byKey.values()];
}
