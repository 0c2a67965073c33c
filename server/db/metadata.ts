import type { Tenant } from '../auth/principal.js';
import type { DB } from './open.js';
import type { MetadataEntriesTable } from './schema.js';

export type MetadataResource = MetadataEntriesTable['resource'];

/**
 * The side table behind `?metadata[k]=v`: one row per key, indexed on
 * (organisation, mode, resource, key, value). The JSON column on the record stays the source of
 * what a record returns; callers rewrite both in one transaction so they never disagree.
 */
export async function replaceMetadataEntries(
  db: DB,
  tenant: Tenant,
  resource: MetadataResource,
  resourceId: number,
  metadata: Record<string, string>,
): Promise<void> {
  await deleteMetadataEntries(db, tenant, resource, resourceId);
  const rows = Object.entries(metadata).map(([key, value]) => ({
    organisation_id: tenant.organisationId,
    mode: tenant.mode,
    resource,
    resource_id: resourceId,
    key,
    value,
  }));
  if (rows.length) await db.insertInto('metadata_entries').values(rows).execute();
}

export async function deleteMetadataEntries(db: DB, tenant: Tenant, resource: MetadataResource, resourceId: number): Promise<void> {
  await db
    .deleteFrom('metadata_entries')
    .where('resource', '=', resource)
    .where('resource_id', '=', resourceId)
    .where('organisation_id', '=', tenant.organisationId)
    .where('mode', '=', tenant.mode)
    .execute();
}

/** IDs of the tenant's records of `resource` whose metadata has `key` = `value` (an index range). */
export function idsWithMetadata(db: DB, tenant: Tenant, resource: MetadataResource, key: string, value: string) {
  return db
    .selectFrom('metadata_entries')
    .select('resource_id')
    .where('organisation_id', '=', tenant.organisationId)
    .where('mode', '=', tenant.mode)
    .where('resource', '=', resource)
    .where('key', '=', key)
    .where('value', '=', value);
}
