import { createHash } from 'node:crypto';
import type { Principal } from '../auth/principal.js';
import { validationError } from './errors.js';

/** Pure parts of SPEC §3: reading the header, naming the principal, fingerprinting the request. */

const PRINTABLE_ASCII = /^[\x20-\x7e]{1,255}$/;
// An IETF structured-field string: printable ASCII with `"` and `\` escaped by a backslash.
const SF_STRING = /^"((?:[\x20\x21\x23-\x5b\x5d-\x7e]|\\["\\])*)"$/;

/**
 * The key named by an `Idempotency-Key` header value; `"abc"` (the IETF draft's structured-field
 * form) and `abc` are the same key. Throws 400 validation_error when it is not 1–255 printable
 * ASCII characters.
 */
export function parseIdempotencyKey(raw: string): string {
  const quoted = SF_STRING.exec(raw);
  const key = quoted ? (quoted[1] as string).replace(/\\(["\\])/g, '$1') : raw;
  if (!PRINTABLE_ASCII.test(key)) {
    throw validationError([{ field: 'Idempotency-Key', message: 'Must be 1–255 printable ASCII characters' }]);
  }
  return key;
}

/** Keys are scoped to the principal: two keys (or users) may use the same string independently. */
export function idempotencyScope(principal: Principal): string {
  return principal.kind === 'apiKey' ? `key:${principal.keyId}` : `user:${principal.userId}`;
}

/** JSON with object keys sorted at every level, so `{"a":1,"b":2}` and `{"b":2,"a":1}` agree. */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/**
 * What makes two requests "the same": method, path (with any query string), the mode (a user's
 * session may switch between live and test) and the body's canonical JSON.
 */
export function requestFingerprint(request: { method: string; url: string; mode: string; body: unknown }): string {
  return createHash('sha256')
    .update(`${request.method.toUpperCase()}\n${request.url}\n${request.mode}\n${canonicalJson(request.body)}`)
    .digest('hex');
}
