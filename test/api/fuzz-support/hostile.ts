import fc from 'fast-check';

/**
 * Hostile JSON: values of the wrong type, numbers JSON.parse turns into Infinity or loses precision,
 * huge and deeply nested values, awkward unicode, and prototype-pollution keys — and mutations that
 * plant them inside an otherwise valid body.
 *
 * Some tokens have no JS value that JSON.stringify would print (`1e400`, `-0`, 20-digit integers,
 * 5,000 nested brackets): they travel as a RAW placeholder string and are spliced into the text.
 */

const RAW_OPEN = '\u0001RAW:';
const RAW_CLOSE = '\u0002';
export const raw = (jsonText: string) => `${RAW_OPEN}${jsonText}${RAW_CLOSE}`;

/** JSON.stringify, with RAW placeholders replaced by their text. */
export function toJsonText(value: unknown): string {
  const text = JSON.stringify(value) ?? 'null';
  return text.replace(/"\\u0001RAW:((?:[^"\\]|\\.)*?)\\u0002"/g, (_whole, escaped: string) => JSON.parse(`"${escaped}"`) as string);
}

/** An object with an own enumerable key, even `__proto__` (an assignment would set the prototype). */
export function withOwnKey(target: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(target)) Object.defineProperty(copy, k, { value: v, enumerable: true, writable: true, configurable: true });
  Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
  return copy;
}

export const POLLUTION_KEYS = ['__proto__', 'constructor', 'prototype'] as const;

/** Values that would pollute Object.prototype if any code merged them naively. */
export const pollutingValue = fc.constantFrom<unknown>(
  raw('{"polluted":"yes"}'),
  raw('{"prototype":{"polluted":"yes"}}'),
  raw('{"__proto__":{"polluted":"yes"}}'),
  'polluted',
  null,
);

const awkwardStrings = fc.constantFrom(
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfffy',
  '\u202eevil',
  '\u200b',
  'e\u0301\u0301\u0301',
  '😀'.repeat(20),
  '\u001b[31m\u009b6n\u0085',
  "' OR 1=1 --",
  '"; DROP TABLE contacts; --',
  '<img src=x onerror=alert(1)>',
  '${7*7}{{7*7}}',
  '../../etc/passwd',
  '%00%0d%0a',
  '__proto__',
  'constructor',
  'NaN',
  '-0',
  '1e400',
  'cont_1',
  'acc_0',
  'inv_99999999999999999999',
  'true',
  'null',
);

const awkwardNumbers = fc.constantFrom<unknown>(
  0,
  -1,
  0.5,
  -0.0001,
  1.23456789,
  2_147_483_648,
  -2_147_483_649,
  Number.MAX_SAFE_INTEGER,
  -Number.MAX_SAFE_INTEGER,
  1e21,
  raw('1e400'),
  raw('-1e400'),
  raw('1e-400'),
  raw('-0'),
  raw('9007199254740993'),
  raw('-92233720368547758080'),
  raw('1.0'),
  raw('1E2'),
);

const huge = fc.constantFrom<unknown>('x'.repeat(100_000), '日'.repeat(120_000), 'a'.repeat(600_000), Array.from({ length: 20_000 }, () => 1));

const deep = fc.integer({ min: 20, max: 4_000 }).chain((depth) =>
  fc.constantFrom<unknown>(raw('['.repeat(depth) + ']'.repeat(depth)), raw('{"a":'.repeat(depth) + '1' + '}'.repeat(depth))),
);

/** One hostile value. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: awkwardStrings },
  { weight: 3, arbitrary: awkwardNumbers },
  { weight: 2, arbitrary: fc.constantFrom<unknown>(null, true, false, [], {}, [null], { '': '' }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: huge },
  { weight: 1, arbitrary: deep },
  { weight: 1, arbitrary: pollutingValue },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

type Mutation = (value: unknown) => unknown;

function children(node: unknown): Array<string | number> {
  if (Array.isArray(node)) return node.map((_, i) => i);
  if (node && typeof node === 'object') return Object.keys(node);
  return [];
}

/** Replaces (or, with `replace` false, adds beside) the node that `path` selects, walking down from the root. */
function atPath(root: unknown, path: readonly number[], change: (parent: Record<string, unknown> | unknown[], key: string | number) => void): unknown {
  const copy = structuredClone(root);
  let node: unknown = copy;
  for (let depth = 0; depth < path.length; depth += 1) {
    const keys = children(node);
    if (keys.length === 0) break;
    const key = keys[(path[depth] as number) % keys.length] as string | number;
    const child = (node as Record<string | number, unknown>)[key];
    if (depth === path.length - 1 || children(child).length === 0) {
      change(node as Record<string, unknown>, key);
      return copy;
    }
    node = child;
  }
  return copy;
}

const pathSelector = fc.array(fc.nat(), { minLength: 1, maxLength: 3 });

/** A mutation of a valid body: one field made hostile, a key added or removed, or the whole body replaced. */
export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.tuple(pathSelector, hostileValue).map(([path, evil]): Mutation => (value) =>
    atPath(value, path, (parent, key) => {
      (parent as Record<string | number, unknown>)[key] = evil;
    }),
  ),
  fc.tuple(pathSelector, fc.oneof(fc.constantFrom(...POLLUTION_KEYS), fc.string({ maxLength: 12 })), hostileValue).map(
    ([path, newKey, evil]): Mutation => (value) => {
      if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
      // Add at the top level, or inside a nested object field (metadata, address…).
      const nested = children(value).filter((k) => {
        const child = (value as Record<string, unknown>)[k as string];
        return child && typeof child === 'object' && !Array.isArray(child);
      });
      if (nested.length === 0 || (path[0] as number) % 2 === 0) return withOwnKey(value as Record<string, unknown>, newKey, evil);
      const field = nested[(path[0] as number) % nested.length] as string;
      const copy = { ...(value as Record<string, unknown>) };
      copy[field] = withOwnKey(copy[field] as Record<string, unknown>, newKey, evil);
      return copy;
    },
  ),
  pathSelector.map((path): Mutation => (value) =>
    atPath(value, path, (parent, key) => {
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete parent[key as string];
    }),
  ),
  hostileValue.map((evil): Mutation => () => evil),
);

/** Bodies that are not JSON at all, or are JSON a JSON endpoint must refuse. */
export const hostileText = fc.constantFrom(
  '',
  '{',
  '{"a":1,}',
  "{'a':1}",
  'null',
  '"string"',
  '42',
  'true',
  '[]',
  '\u0000',
  '\ufeff{}',
  '{"a":1}{"b":2}',
  '{"a":NaN}',
  '{"a":Infinity}',
  '{"a":undefined}',
  '{"a":1} trailing',
  '{"__proto__":{"polluted":"yes"}}',
  '{"constructor":{"prototype":{"polluted":"yes"}}}',
  '[' .repeat(100_000) + ']'.repeat(100_000),
  `{"a":"${'x'.repeat(1_100_000)}"}`,
);
