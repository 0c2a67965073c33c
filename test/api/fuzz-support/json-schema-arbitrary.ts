import fc from 'fast-check';
import { z } from 'zod';

/**
 * Request bodies from a route's own zod schema, by way of `z.toJSONSchema` (zod-fast-check is not
 * a dependency). Two generators over one JSON Schema walk:
 *
 * - `schemaArbitrary(schema)`: values shaped like the schema (types, enums, formats, patterns,
 *   lengths, bounds, required keys) — mostly valid, so requests get past validation into handlers;
 * - `minimalValue(schema)`: one deterministic, smallest plausible value (required keys only).
 *
 * Strings whose schema gives a prefixed-ID example (`acc_1`) are drawn from `refs`, real IDs the
 * caller owns, so a generated body can refer to records that exist.
 */

export type JsonSchema = {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  $ref?: string;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  multipleOf?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: JsonSchema | boolean;
  propertyNames?: JsonSchema;
  items?: JsonSchema;
  prefixItems?: JsonSchema[];
  minItems?: number;
  maxItems?: number;
  examples?: unknown[];
  default?: unknown;
  $defs?: Record<string, JsonSchema>;
};

/** Real IDs by prefix (`{ acc: ['acc_3'], cont: ['cont_9'] }`). */
export type Refs = Readonly<Record<string, readonly string[]>>;

export function jsonSchemaOf(schema: z.ZodType): JsonSchema {
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
}

const ID_EXAMPLE = /^([a-z]+)_\d+$/;

function refPrefix(schema: JsonSchema): string | null {
  for (const example of schema.examples ?? []) {
    const match = typeof example === 'string' ? ID_EXAMPLE.exec(example) : null;
    if (match) return match[1] as string;
  }
  return null;
}

function resolve(schema: JsonSchema, root: JsonSchema): JsonSchema {
  if (!schema.$ref) return schema;
  const name = /^#\/\$defs\/(.+)$/.exec(schema.$ref)?.[1];
  const target = name ? root.$defs?.[name] : schema.$ref === '#' ? root : undefined;
  if (!target) throw new Error(`unsupported $ref ${schema.$ref}`);
  return target;
}

function typesOf(schema: JsonSchema): string[] {
  if (Array.isArray(schema.type)) return schema.type;
  if (schema.type) return [schema.type];
  if (schema.properties) return ['object'];
  if (schema.items) return ['array'];
  return [];
}

/** Any JSON value, small. */
export const anyJson: fc.Arbitrary<unknown> = fc.jsonValue({ maxDepth: 2 });

const ISO_DATES = fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2060-12-31T00:00:00Z'), noInvalidDate: true });

function stringArbitrary(schema: JsonSchema, refs: Refs, name: string): fc.Arbitrary<string> {
  if (!schema.format && !schema.pattern && /e-?mail/i.test(name)) {
    return fc.oneof({ weight: 4, arbitrary: fc.emailAddress().filter((e) => e.length <= (schema.maxLength ?? 254)) }, { weight: 1, arbitrary: fc.string({ maxLength: 20 }) });
  }
  const prefix = refPrefix(schema);
  const owned = prefix ? refs[prefix] : undefined;
  if (owned && owned.length > 0) return fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...owned) }, { weight: 1, arbitrary: fc.constantFrom(...(schema.examples as string[])) });
  switch (schema.format) {
    case 'date':
      return ISO_DATES.map((d) => d.toISOString().slice(0, 10));
    case 'date-time':
      return ISO_DATES.map((d) => d.toISOString());
    case 'email':
      return fc.emailAddress();
    case 'uuid':
      return fc.uuid();
    default:
      break;
  }
  if (schema.pattern) {
    const max = schema.maxLength;
    const matching = fc.stringMatching(new RegExp(schema.pattern));
    return max === undefined ? matching : matching.filter((s) => s.length <= max);
  }
  const minLength = schema.minLength ?? 0;
  const maxLength = Math.max(minLength, Math.min(schema.maxLength ?? 40, minLength + 40));
  const examples = (schema.examples ?? []).filter((e): e is string => typeof e === 'string');
  const text = fc.string({ minLength, maxLength, unit: fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz ABC0123456789-_.') }, { weight: 1, arbitrary: fc.constantFrom('é', 'ß', '日', '😀', '\u202e', "'", '"', '\\', '<', '%') }) });
  return examples.length > 0 ? fc.oneof(fc.constantFrom(...examples), text) : text;
}

function numberArbitrary(schema: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const low = schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + (integer ? 1 : 1e-4) : schema.minimum;
  const high = schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - (integer ? 1 : 1e-4) : schema.maximum;
  const min = low ?? -1_000_000;
  const max = high ?? 1_000_000;
  if (integer) return fc.integer({ min: Math.max(Math.ceil(min), Number.MIN_SAFE_INTEGER), max: Math.min(Math.floor(max), Number.MAX_SAFE_INTEGER) });
  return fc.oneof(
    fc.integer({ min: Math.ceil(min), max: Math.floor(max) }),
    fc.double({ min, max, noNaN: true, noDefaultInfinity: true }).map((n) => Math.round(n * 10_000) / 10_000),
  );
}

function objectArbitrary(schema: JsonSchema, root: JsonSchema, refs: Refs, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const properties = schema.properties ?? {};
  const required = new Set(schema.required ?? []);
  const record: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [name, property] of Object.entries(properties)) record[name] = build(property, root, refs, depth + 1, name);
  const known = fc.record(record, { requiredKeys: [...required].filter((k) => k in record) });
  const extra = schema.additionalProperties;
  if (extra === undefined || extra === false || Object.keys(properties).length > 0) return known;
  const values = extra === true ? anyJson : build(extra, root, refs, depth + 1);
  const keys = fc.string({ minLength: 1, maxLength: 12, unit: fc.constantFrom(...'abcdefghijklmnop_-.') });
  return fc.dictionary(keys, values, { maxKeys: 5 });
}

function build(input: JsonSchema, root: JsonSchema, refs: Refs, depth: number, name = ''): fc.Arbitrary<unknown> {
  const schema = resolve(input, root);
  if (depth > 8) return fc.constant(null);
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches) return fc.oneof(...branches.map((b) => build({ ...stripped(schema), ...b }, root, refs, depth, name)));
  if (schema.allOf && schema.allOf.length > 0) return build({ ...stripped(schema), ...Object.assign({}, ...schema.allOf) }, root, refs, depth, name);
  const types = typesOf(schema);
  if (types.length === 0) return anyJson;
  return fc.oneof(
    ...types.map((type): fc.Arbitrary<unknown> => {
      switch (type) {
        case 'string':
          return stringArbitrary(schema, refs, name);
        case 'integer':
          return numberArbitrary(schema, true);
        case 'number':
          return numberArbitrary(schema, false);
        case 'boolean':
          return fc.boolean();
        case 'null':
          return fc.constant(null);
        case 'array': {
          const item = schema.items ? build(schema.items, root, refs, depth + 1) : anyJson;
          const minLength = schema.minItems ?? 0;
          return fc.array(item, { minLength, maxLength: Math.max(minLength, Math.min(schema.maxItems ?? 4, minLength + 3)) });
        }
        case 'object':
          return objectArbitrary(schema, root, refs, depth);
        default:
          return anyJson;
      }
    }),
  );
}

/** The schema's own keys without the combinators (for merging into each branch). */
function stripped(schema: JsonSchema): JsonSchema {
  const { anyOf: _a, oneOf: _o, allOf: _l, ...rest } = schema;
  return rest;
}

export function schemaArbitrary(schema: JsonSchema, refs: Refs = {}): fc.Arbitrary<unknown> {
  return build(schema, schema, refs, 0);
}

/** One small plausible value: required keys only, first enum/branch, lower bounds, owned refs. */
export function minimalValue(input: JsonSchema, refs: Refs = {}, root: JsonSchema = input, name = ''): unknown {
  const schema = resolve(input, root);
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum[0];
  if (schema.default !== undefined) return schema.default;
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches && branches[0]) return minimalValue({ ...stripped(schema), ...branches[0] }, refs, root, name);
  const type = typesOf(schema).find((t) => t !== 'null') ?? typesOf(schema)[0];
  switch (type) {
    case 'string': {
      const prefix = refPrefix(schema);
      if (prefix && refs[prefix]?.[0]) return refs[prefix][0];
      if (schema.format === 'date') return '2026-01-31';
      if (schema.format === 'date-time') return '2030-01-31T00:00:00Z';
      // Some schemas check an email with a refinement JSON Schema cannot show: go by the field's name.
      if (schema.format === 'email' || /e-?mail/i.test(name)) return 'someone@example.com';
      const example = schema.examples?.find((e) => typeof e === 'string');
      if (example !== undefined) return example;
      if (schema.pattern) return fc.sample(fc.stringMatching(new RegExp(schema.pattern)), { numRuns: 1, seed: 1 })[0];
      return 'x'.repeat(Math.max(1, schema.minLength ?? 1));
    }
    case 'integer':
    case 'number': {
      const min = schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : (schema.minimum ?? 1);
      return Math.max(min, Math.min(1, schema.maximum ?? 1));
    }
    case 'boolean':
      return true;
    case 'null':
      return null;
    case 'array':
      return Array.from({ length: schema.minItems ?? 0 }, () => (schema.items ? minimalValue(schema.items, refs, root) : null));
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const name of schema.required ?? []) {
        const property = schema.properties?.[name];
        out[name] = property ? minimalValue(property, refs, root, name) : null;
      }
      return out;
    }
    default:
      return null;
  }
}
