import type { Insertable, Selectable } from 'kysely';
import type { Tenant } from '../auth/principal.js';
import type { DB } from './open.js';
import type { ApiKeysTable } from './schema.js';

export type ApiKeyRow = Selectable<ApiKeysTable>;

export interface NewApiKey {
  name: string;
  keyHash: string;
  last4: string;
  scopes: readonly string[];
  ipAllowlist: readonly string[];
  expiresAt: string | null;
  createdBy: number;
  createdAt: string;
  rotatedFromId?: number | null;
}

function apiKeyColumns(tenant: Tenant, key: NewApiKey): Insertable<ApiKeysTable> {
  return {
    organisation_id: tenant.organisationId,
    mode: tenant.mode,
    name: key.name,
    key_hash: key.keyHash,
    last4: key.last4,
    scopes: JSON.stringify(key.scopes),
    ip_allowlist: JSON.stringify(key.ipAllowlist),
    expires_at: key.expiresAt,
    created_by: key.createdBy,
    created_at: key.createdAt,
    rotated_from_id: key.rotatedFromId ?? null,
  };
}

export async function insertApiKey(db: DB, tenant: Tenant, key: NewApiKey): Promise<number> {
  const row = await db.insertInto('api_keys').values(apiKeyColumns(tenant, key)).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Inserts a key whose hash is fixed (the demo keys derived from the pepper), or restores it to
 * `key`'s properties when it already exists — so re-seeding is idempotent and the demo key works
 * after every start even if someone revoked it.
 */
export async function upsertApiKeyByHash(db: DB, tenant: Tenant, key: NewApiKey): Promise<void> {
  const columns = apiKeyColumns(tenant, key);
  await db
    .insertInto('api_keys')
    .values(columns)
    .onConflict((oc) =>
      oc.column('key_hash').doUpdateSet({ scopes: columns.scopes, ip_allowlist: columns.ip_allowlist, expires_at: columns.expires_at, revoked_at: null }),
    )
    .execute();
}

/**
 * The one query on the authentication path: by hash, through the unique index. It is not
 * filtered by tenant because the key is what names the tenant.
 */
export async function findApiKeyByHash(db: DB, keyHash: string): Promise<ApiKeyRow | undefined> {
  return db.selectFrom('api_keys').selectAll().where('key_hash', '=', keyHash).executeTakeFirst();
}

export async function findApiKey(db: DB, tenant: Tenant, id: number): Promise<ApiKeyRow | undefined> {
  return db
    .selectFrom('api_keys')
    .selectAll()
    .where('id', '=', id)
    .where('organisation_id', '=', tenant.organisationId)
    .where('mode', '=', tenant.mode)
    .executeTakeFirst();
}

export async function listApiKeys(db: DB, tenant: Tenant, page: { limit: number; offset: number }): Promise<{ rows: ApiKeyRow[]; total: number }> {
  const base = db.selectFrom('api_keys').where('organisation_id', '=', tenant.organisationId).where('mode', '=', tenant.mode);
  const rows = await base.selectAll().orderBy('id', 'desc').limit(page.limit).offset(page.offset).execute();
  const count = await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return { rows, total: Number(count.n) };
}

export async function updateApiKey(
  db: DB,
  tenant: Tenant,
  id: number,
  values: { name?: string; ipAllowlist?: readonly string[] },
): Promise<void> {
  const set: { name?: string; ip_allowlist?: string } = {};
  if (values.name !== undefined) set.name = values.name;
  if (values.ipAllowlist !== undefined) set.ip_allowlist = JSON.stringify(values.ipAllowlist);
  if (Object.keys(set).length === 0) return;
  await db
    .updateTable('api_keys')
    .set(set)
    .where('id', '=', id)
    .where('organisation_id', '=', tenant.organisationId)
    .where('mode', '=', tenant.mode)
    .execute();
}

/** Revokes the key unless it already is; true when this call revoked it (a compare-and-set). */
export async function revokeApiKey(db: DB, tenant: Tenant, id: number, revokedAt: string): Promise<boolean> {
  const result = await db
    .updateTable('api_keys')
    .set({ revoked_at: revokedAt })
    .where('id', '=', id)
    .where('organisation_id', '=', tenant.organisationId)
    .where('mode', '=', tenant.mode)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Records use, but only when the stored value is older than `staleBefore`: concurrent requests
 * at the minute boundary update nothing twice, and no other request writes at all.
 */
export async function touchApiKeyLastUsed(db: DB, id: number, usedAt: string, staleBefore: string): Promise<void> {
  await db
    .updateTable('api_keys')
    .set({ last_used_at: usedAt })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', staleBefore)]))
    .execute();
}
