import { createHmac, randomBytes } from 'node:crypto';
import type { Request } from 'express';
import type { AppContext } from '../context.js';
import { findApiKeyByHash, touchApiKeyLastUsed, type ApiKeyRow } from '../db/api-keys.js';
import type { Mode } from '../db/schema.js';
import { ApiError, unauthorized } from '../http/errors.js';
import { isAddressAllowedByStored } from './ip-allowlist.js';
import type { Principal } from './principal.js';

/**
 * API keys: `sk_live_` / `sk_test_` + 32 random bytes (base64url). A key this strong needs no
 * slow hash: HMAC-SHA-256 under the server pepper makes the stored hash useless without the
 * pepper, and lets authentication be one indexed lookup instead of a bcrypt/scrypt call.
 */

const SECRET_BYTES = 32;
const KEY_FORMAT = /^sk_(live|test)_[A-Za-z0-9_-]{43,128}$/;

/** `lastUsedAt` is refreshed at most this often per key, so using a key is not a write. */
export const LAST_USED_RESOLUTION_MS = 60_000;

export function keyPrefix(mode: Mode): string {
  return `sk_${mode}_`;
}

export function generateApiKey(mode: Mode): string {
  return keyPrefix(mode) + randomBytes(SECRET_BYTES).toString('base64url');
}

export function hashApiKey(pepper: string, key: string): string {
  return createHmac('sha256', pepper).update(key).digest('base64url');
}

export function last4(key: string): string {
  return key.slice(-4);
}

/** The mode a well-formed key names, or null for anything that cannot be one of our keys. */
export function modeOfKey(key: string): Mode | null {
  const match = KEY_FORMAT.exec(key);
  return match ? (match[1] as Mode) : null;
}

/** What a new or rotated key stores: its hash and display suffix. The plaintext is not kept. */
export function keyMaterial(app: AppContext, mode: Mode): { key: string; keyHash: string; last4: string } {
  const key = generateApiKey(mode);
  return { key, keyHash: hashApiKey(app.secrets.apiKeyPepper, key), last4: last4(key) };
}

/**
 * The demo organisation's keys, derived from the pepper rather than stored: the demo page needs
 * the plaintext on every start, and the database holds only hashes. Anyone with the pepper could
 * derive them — which is exactly who can already forge any key hash.
 */
export function deriveDemoKey(pepper: string, mode: Mode): string {
  return keyPrefix(mode) + createHmac('sha256', pepper).update(`demo-${mode}-key`).digest('base64url');
}

export function isExpired(row: Pick<ApiKeyRow, 'expires_at'>, nowMs: number): boolean {
  return row.expires_at !== null && Date.parse(row.expires_at) <= nowMs;
}

async function noteUse(app: AppContext, row: ApiKeyRow, nowMs: number): Promise<void> {
  const staleBefore = new Date(nowMs - LAST_USED_RESOLUTION_MS).toISOString();
  if (row.last_used_at !== null && row.last_used_at >= staleBefore) return;
  // At most one write per key per minute. A failure costs only a stale lastUsedAt, never the
  // request; awaited so the next request (on any connection) already sees the new value.
  await touchApiKeyLastUsed(app.db, row.id, new Date(nowMs).toISOString(), staleBefore).catch(() => {});
}

/**
 * Resolves an API key into a principal, or throws SPEC §2's errors. Nothing is cached between
 * requests: a key revoked through any instance is refused on its very next request.
 */
export async function authenticateApiKey(app: AppContext, key: string, req: Request): Promise<Principal> {
  const mode = modeOfKey(key);
  if (!mode) throw unauthorized('Invalid API key');
  const row = await findApiKeyByHash(app.db, hashApiKey(app.secrets.apiKeyPepper, key));
  if (!row || row.mode !== mode) throw unauthorized('Invalid API key');
  if (row.revoked_at !== null) throw unauthorized('API key has been revoked');
  const now = app.now();
  if (isExpired(row, now)) throw unauthorized('API key has expired');
  if (!isAddressAllowedByStored(row.ip_allowlist, req.ip)) {
    throw new ApiError(403, 'ip_not_allowed', 'This API key may not be used from this IP address');
  }
  await noteUse(app, row, now);
  return {
    kind: 'apiKey',
    keyId: row.id,
    userId: row.created_by,
    organisationId: row.organisation_id,
    mode: row.mode,
    scopes: JSON.parse(row.scopes) as string[],
  };
}
