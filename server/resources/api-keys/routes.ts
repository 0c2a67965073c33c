import { z } from 'zod';
import { isExpired, keyMaterial } from '../../auth/api-keys.js';
import { normaliseAllowlistEntry } from '../../auth/ip-allowlist.js';
import type { Tenant } from '../../auth/principal.js';
import { isGrantableScope, SCOPES } from '../../auth/scopes.js';
import { findApiKey, insertApiKey, listApiKeys, revokeApiKey, updateApiKey, type ApiKeyRow } from '../../db/api-keys.js';
import type { DB } from '../../db/open.js';
import { withTransaction } from '../../db/transaction.js';
import { conflict, notFound, validationError } from '../../http/errors.js';
import { defineRoute, type RouteDef } from '../../http/route.js';
import { pageMeta, paginationQuery } from '../../http/validation.js';
import { apiKeyResource, apiKeyView, newApiKeyResource } from './view.js';

/**
 * Key management (SPEC §2). `access: 'user'`: only a signed-in user's session may call these —
 * an API key gets 403, so a leaked key can never mint, list or rotate keys. Keys live in the
 * session's mode (`X-Mode: test` manages test keys), like every other record.
 */

const scope = z.string().refine(isGrantableScope, { error: (issue) => `Unknown scope "${String(issue.input)}"` });
const scopes = z
  .array(scope)
  .min(1, { message: 'Give at least one scope' })
  .max(SCOPES.length + 1)
  .describe(`Any of: *, ${SCOPES.join(', ')}`);
const allowlistEntry = z
  .string()
  .max(64)
  .refine((value) => normaliseAllowlistEntry(value) !== null, { error: (issue) => `"${String(issue.input)}" is not an IP address or CIDR range` });
const ipAllowlist = z.array(allowlistEntry).max(100).describe('IPv4/IPv6 addresses and CIDR ranges; empty allows any address');
const name = z.string().trim().min(1).max(200);

const idParam = { id: 'key' } as const;
const KEY_NOT_FOUND = 'API key not found';

const iso = (ms: number) => new Date(ms).toISOString();

function normaliseAllowlist(entries: readonly string[]): string[] {
  return [...new Set(entries.map((entry) => normaliseAllowlistEntry(entry) as string))];
}

async function loadKey(db: DB, tenant: Tenant, id: number): Promise<ApiKeyRow> {
  const row = await findApiKey(db, tenant, id);
  if (!row) throw notFound(KEY_NOT_FOUND);
  return row;
}

export const apiKeyRoutes: RouteDef[] = [
  defineRoute({
    method: 'post',
    path: '/api-keys',
    operationId: 'createApiKey',
    summary: 'Create an API key (its secret is shown only in this response)',
    tag: 'API keys',
    access: 'user',
    status: 201,
    // An idempotent replay would have to store the response — the plaintext secret — for 24 h.
    idempotent: false,
    body: z.strictObject({
      name,
      scopes,
      mode: z.enum(['live', 'test']).optional().describe("Defaults to the session's mode; must match it (send X-Mode: test for test keys)"),
      expiresAt: z.iso.datetime({ offset: true }).nullable().optional(),
      ipAllowlist: ipAllowlist.optional(),
    }),
    response: { resource: newApiKeyResource },
    handler: async ({ app, db, principal, tenant, body }) => {
      // A session acts in one mode; a key for the other mode would be invisible to it.
      if (body.mode !== undefined && body.mode !== tenant.mode) {
        throw validationError([{ field: 'mode', message: `Must match the session's mode ("${tenant.mode}"); send X-Mode: ${body.mode} to manage ${body.mode} keys` }]);
      }
      const now = app.now();
      const expiresAt = body.expiresAt ? iso(Date.parse(body.expiresAt)) : null;
      if (expiresAt !== null && Date.parse(expiresAt) <= now) {
        throw validationError([{ field: 'expiresAt', message: 'Must be in the future' }]);
      }
      const material = keyMaterial(app, tenant.mode);
      const id = await insertApiKey(db, tenant, {
        name: body.name,
        keyHash: material.keyHash,
        last4: material.last4,
        scopes: [...new Set(body.scopes)],
        ipAllowlist: normaliseAllowlist(body.ipAllowlist ?? []),
        expiresAt,
        createdBy: principal.userId,
        createdAt: iso(now),
      });
      const row = await loadKey(db, tenant, id);
      return { status: 201, data: { ...apiKeyView(row, now), secret: material.key }, headers: { Location: `/api/v1/api-keys/key_${id}` } };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api-keys',
    operationId: 'listApiKeys',
    summary: "List the organisation's API keys in the session's mode, newest first",
    tag: 'API keys',
    access: 'user',
    query: z.strictObject({ ...paginationQuery }),
    response: { resource: apiKeyResource, list: true },
    handler: async ({ app, db, tenant, query }) => {
      const { rows, total } = await listApiKeys(db, tenant, { limit: query.perPage, offset: (query.page - 1) * query.perPage });
      const now = app.now();
      return { data: rows.map((row) => apiKeyView(row, now)), meta: pageMeta(query, total) };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api-keys/{id}',
    operationId: 'getApiKey',
    summary: 'Get an API key',
    tag: 'API keys',
    access: 'user',
    ids: idParam,
    response: { resource: apiKeyResource },
    handler: async ({ app, db, tenant, ids }) => ({ data: apiKeyView(await loadKey(db, tenant, ids.id as number), app.now()) }),
  }),
  defineRoute({
    method: 'patch',
    path: '/api-keys/{id}',
    operationId: 'updateApiKey',
    summary: "Rename an API key or change its IP allowlist",
    tag: 'API keys',
    access: 'user',
    ids: idParam,
    body: z.strictObject({ name: name.optional(), ipAllowlist: ipAllowlist.optional() }),
    response: { resource: apiKeyResource },
    handler: async ({ app, db, tenant, ids, body }) => {
      const id = ids.id as number;
      await loadKey(db, tenant, id);
      await updateApiKey(db, tenant, id, {
        name: body.name,
        ipAllowlist: body.ipAllowlist === undefined ? undefined : normaliseAllowlist(body.ipAllowlist),
      });
      return { data: apiKeyView(await loadKey(db, tenant, id), app.now()) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api-keys/{id}/revoke',
    operationId: 'revokeApiKey',
    summary: 'Revoke an API key; it is refused from the very next request',
    tag: 'API keys',
    access: 'user',
    ids: idParam,
    response: { resource: apiKeyResource },
    handler: async ({ app, db, tenant, ids }) => {
      const id = ids.id as number;
      await loadKey(db, tenant, id);
      // Revoking a revoked key changes nothing (its revokedAt stays the first revocation's).
      await revokeApiKey(db, tenant, id, iso(app.now()));
      return { data: apiKeyView(await loadKey(db, tenant, id), app.now()) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api-keys/{id}/rotate',
    operationId: 'rotateApiKey',
    summary: 'Replace an API key with a new secret (same name, scopes, mode, expiry, allowlist); the old key is revoked at once',
    tag: 'API keys',
    access: 'user',
    ids: idParam,
    status: 201,
    // Not replayable (the response holds the new secret); a repeated rotation is a 409 anyway.
    idempotent: false,
    response: { resource: newApiKeyResource },
    handler: async ({ app, db, principal, tenant, ids }) => {
      const oldId = ids.id as number;
      const now = app.now();
      const material = keyMaterial(app, tenant.mode);
      const newId = await withTransaction(db, async (trx) => {
        const old = await loadKey(trx, tenant, oldId);
        if (isExpired(old, now)) throw conflict('An expired API key cannot be rotated; create a new one');
        // The compare-and-set is the lock: of two concurrent rotations only one revokes the key,
        // and only that one creates a successor.
        if (!(await revokeApiKey(trx, tenant, oldId, iso(now)))) throw conflict('A revoked API key cannot be rotated');
        return insertApiKey(trx, tenant, {
          name: old.name,
          keyHash: material.keyHash,
          last4: material.last4,
          scopes: JSON.parse(old.scopes) as string[],
          ipAllowlist: JSON.parse(old.ip_allowlist) as string[],
          expiresAt: old.expires_at,
          createdBy: principal.userId,
          createdAt: iso(now),
          rotatedFromId: oldId,
        });
      });
      const row = await loadKey(db, tenant, newId);
      return { status: 201, data: { ...apiKeyView(row, now), secret: material.key }, headers: { Location: `/api/v1/api-keys/key_${newId}` } };
    },
  }),
];
