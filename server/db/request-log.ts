import type { Insertable, Selectable } from 'kysely';
import type { Tenant } from '../auth/principal.js';
import type { DB } from './open.js';
import type { RequestLogTable } from './schema.js';

export type RequestLogRow = Selectable<RequestLogTable>;
export type NewRequestLogRow = Insertable<RequestLogTable>;

/** One multi-row insert per batch: the request log costs one write per flush, not per request. */
export async function insertRequestLogBatch(db: DB, rows: readonly NewRequestLogRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db.insertInto('request_log').values([...rows]).execute();
}

export interface RequestLogFilter {
  keyId?: number;
  /** Inclusive status range (`404` is 404–404, `4xx` is 400–499). */
  status?: { min: number; max: number };
}

export async function listRequestLog(
  db: DB,
  tenant: Tenant,
  filter: RequestLogFilter,
  page: { limit: number; offset: number },
): Promise<{ rows: RequestLogRow[]; total: number }> {
  let base = db.selectFrom('request_log').where('organisation_id', '=', tenant.organisationId).where('mode', '=', tenant.mode);
  if (filter.keyId !== undefined) base = base.where('key_id', '=', filter.keyId);
  if (filter.status) base = base.where('status', '>=', filter.status.min).where('status', '<=', filter.status.max);
  const rows = await base.selectAll().orderBy('id', 'desc').limit(page.limit).offset(page.offset).execute();
  const count = await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return { rows, total: Number(count.n) };
}

/**
 * Deletes up to `batchSize` entries older than `before`; returns how many went. Small batches
 * keep each statement short, so pruning never holds SQLite's single connection for long.
 */
export async function pruneRequestLog(db: DB, before: string, batchSize: number): Promise<number> {
  const result = await db
    .deleteFrom('request_log')
    .where('id', 'in', (eb) => eb.selectFrom('request_log').select('id').where('created_at', '<', before).limit(batchSize))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
