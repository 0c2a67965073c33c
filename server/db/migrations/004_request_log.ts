import type { Kysely } from 'kysely';
import { addIdColumn, engineOf } from '../engine.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const engine = engineOf(db);
  // No foreign keys: this is an append-only log written in batches and pruned after 30 days.
  await addIdColumn(db.schema.createTable('request_log'), engine)
    .addColumn('organisation_id', 'integer', (c) => c.notNull())
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('status', 'integer', (c) => c.notNull())
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addColumn('key_id', 'integer')
    .addColumn('user_id', 'integer', (c) => c.notNull())
    .addColumn('ip', 'text')
    .addColumn('replayed', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('request_log_tenant').on('request_log').columns(['organisation_id', 'mode', 'id']).execute();
  await db.schema.createIndex('request_log_tenant_key').on('request_log').columns(['organisation_id', 'mode', 'key_id', 'id']).execute();
  await db.schema.createIndex('request_log_created').on('request_log').column('created_at').execute();
}
