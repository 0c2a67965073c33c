import { z } from 'zod';
import { validationError, type FieldError } from '../http/errors.js';

/**
 * Metadata (SPEC §4): a flat object of string values on contacts, invoices, quotes and
 * transactions. Writes merge Stripe-style — given keys are set, `null` deletes a key, absent keys
 * stay. Everything here is pure: the data layer stores what `mergeMetadata` returns.
 */
export type Metadata = Record<string, string>;
export type MetadataPatch = Record<string, string | null>;

export const METADATA_LIMITS = {
  maxKeys: 50,
  maxKeyLength: 40,
  maxValueLength: 500,
  reservedPrefix: '_sb_',
} as const;

/** Problems with one key/value of a patch; `field` is `metadata.<key>` so the error names the key. */
function keyProblems(key: string, value: unknown, field = `metadata.${key}`): FieldError[] {
  const problems: FieldError[] = [];
  if (key.length < 1 || key.length > METADATA_LIMITS.maxKeyLength) {
    problems.push({ field, message: `Metadata keys must be 1–${METADATA_LIMITS.maxKeyLength} characters; "${key.slice(0, 60)}" has ${key.length}` });
  }
  if (key.startsWith(METADATA_LIMITS.reservedPrefix)) {
    problems.push({ field, message: `Metadata keys starting with "${METADATA_LIMITS.reservedPrefix}" are reserved` });
  }
  // `?metadata[key]=value` cannot address a key containing brackets, so none may be stored.
  if (/[[\]]/.test(key)) problems.push({ field, message: 'Metadata keys cannot contain square brackets' });
  // Query-string parsers drop it (prototype-pollution guards), so it could never be filtered on.
  if (key === '__proto__') problems.push({ field, message: 'Metadata keys cannot be "__proto__"' });
  if (value !== null && typeof value !== 'string') {
    problems.push({ field, message: 'Metadata values must be strings (or null to delete the key)' });
  } else if (typeof value === 'string' && value.length > METADATA_LIMITS.maxValueLength) {
    problems.push({ field, message: `Metadata values can be at most ${METADATA_LIMITS.maxValueLength} characters; this one has ${value.length}` });
  }
  return problems;
}

/** Validates a patch's shape and per-key limits (not the key count, which depends on the merge). */
export function validateMetadataPatch(input: unknown): { ok: true; patch: MetadataPatch } | { ok: false; errors: FieldError[] } {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    return { ok: false, errors: [{ field: 'metadata', message: 'Metadata must be an object of string values' }] };
  }
  const errors = Object.entries(input).flatMap(([key, value]) => keyProblems(key, value));
  return errors.length ? { ok: false, errors } : { ok: true, patch: input as MetadataPatch };
}

/**
 * Applies `patch` to `current`: set given keys, delete keys given as null, keep the rest.
 * Fails when the result would hold more than 50 keys, naming the first key past the limit.
 */
export function mergeMetadata(current: Metadata, patch: MetadataPatch | undefined): { ok: true; metadata: Metadata } | { ok: false; errors: FieldError[] } {
  const checked = patch === undefined ? { ok: true as const, patch: {} } : validateMetadataPatch(patch);
  if (!checked.ok) return checked;
  // A Map, not property assignment: a key such as "__proto__" must stay an ordinary key.
  const merged = new Map(Object.entries(current));
  for (const [key, value] of Object.entries(checked.patch)) {
    if (value === null) merged.delete(key);
    else merged.set(key, value);
  }
  const keys = [...merged.keys()];
  if (keys.length > METADATA_LIMITS.maxKeys) {
    const overflow = keys.slice(METADATA_LIMITS.maxKeys);
    return {
      ok: false,
      errors: [
        {
          field: `metadata.${overflow[0]}`,
          message: `Metadata can hold at most ${METADATA_LIMITS.maxKeys} keys; this update would leave ${keys.length} (remove some, or send null to delete keys)`,
        },
      ],
    };
  }
  return { ok: true, metadata: Object.fromEntries(merged) };
}

/** `mergeMetadata` for handlers: a failure is the 400 validation_error naming the key. */
export function mergeMetadataOrThrow(current: Metadata, patch: MetadataPatch | undefined): Metadata {
  const merged = mergeMetadata(current, patch);
  if (!merged.ok) throw validationError(merged.errors);
  return merged.metadata;
}

/** Reads the JSON text column; anything unexpected reads as empty rather than failing a request. */
export function parseStoredMetadata(text: string | null | undefined): Metadata {
  if (!text) return {};
  try {
    const value: unknown = JSON.parse(text);
    if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
    return Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string'));
  } catch {
    return {};
  }
}

/**
 * The body field: validated per key here so its errors are listed with the body's other fields.
 * It starts from the raw value rather than z.record, which silently drops a "__proto__" key.
 */
export const metadataPatchSchema = z
  .unknown()
  .superRefine((value, ctx) => {
    const checked = validateMetadataPatch(value);
    if (!checked.ok) {
      for (const error of checked.errors) {
        const path = error.field === 'metadata' ? [] : [error.field.slice('metadata.'.length)];
        ctx.addIssue({ code: 'custom', path, message: error.message });
      }
    }
  })
  .transform((value) => Object.fromEntries(Object.entries(value as MetadataPatch)) as MetadataPatch)
  .describe(
    'Flat key/value strings, merged into the stored metadata: a key set to null is deleted, keys left out are kept. ' +
      'At most 50 keys, keys 1–40 characters (no "[" or "]", not starting "_sb_"), values up to 500 characters.',
  )
  .meta({ type: 'object', additionalProperties: { type: ['string', 'null'], maxLength: METADATA_LIMITS.maxValueLength } });

/** The response field. */
export const metadataSchema = z.record(z.string(), z.string()).describe('Your own key/value strings');

/** `?metadata[key]=value` on lists: every pair must match. */
export const metadataFilterQuery = z
  .record(z.string().min(1).max(METADATA_LIMITS.maxKeyLength), z.string().max(METADATA_LIMITS.maxValueLength))
  .refine((value) => Object.keys(value).length <= 10, { message: 'Filter on at most 10 metadata keys at once' })
  .optional()
  .describe('Only records whose metadata has these values: ?metadata[orderId]=A-1001');

/**
 * The `?metadata[key]=value` pairs of a URL, read from the raw query string. The query parser (qs)
 * silently drops keys named like Object.prototype members ("constructor", "toString"…), which
 * would turn a filter into no filter; reading the pairs here keeps every key. The route's zod
 * query schema still validates and documents the parameter.
 */
export function metadataFilterFromUrl(url: string): Record<string, string> | undefined {
  const query = url.includes('?') ? url.slice(url.indexOf('?') + 1) : '';
  const pairs: Array<[string, string]> = [];
  for (const [name, value] of new URLSearchParams(query)) {
    const match = /^metadata\[([^[\]]*)\]$/.exec(name);
    if (match) pairs.push([match[1]!, value]);
  }
  if (!pairs.length) return undefined;
  const errors: FieldError[] = [];
  if (pairs.length > 10) errors.push({ field: 'metadata', message: 'Filter on at most 10 metadata keys at once' });
  for (const [key, value] of pairs) {
    if (key.length < 1 || key.length > METADATA_LIMITS.maxKeyLength) errors.push({ field: `metadata.${key}`, message: `Metadata keys are 1–${METADATA_LIMITS.maxKeyLength} characters` });
    if (value.length > METADATA_LIMITS.maxValueLength) errors.push({ field: `metadata.${key}`, message: `Metadata values are at most ${METADATA_LIMITS.maxValueLength} characters` });
  }
  if (new Set(pairs.map(([key]) => key)).size !== pairs.length) errors.push({ field: 'metadata', message: 'Give each metadata key once' });
  if (errors.length) throw validationError(errors);
  return Object.fromEntries(pairs);
}
