import type { Kysely } from 'kysely';
import { addIdColumn, engineOf } from '../engine.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const engine = engineOf(db);
  await addIdColumn(db.schema.createTable('idempotency_keys'), engine)
    // `key:<id>` or `user:<id>`: a key string means nothing outside its principal.
    .addColumn('principal', 'text', (c) => c.notNull())
    .addColumn('idem_key', 'text', (c) => c.notNull())
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    // Random per claim: completion and release only touch the row while this claim still owns it.
    .addColumn('claim_token', 'text', (c) => c.notNull())
    .addColumn('claimed_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('response_status', 'integer')
    .addColumn('response_body', 'text')
    .addColumn('response_content_type', 'text')
    .addColumn('response_location', 'text')
    // The claim is atomic through this constraint and INSERT … ON CONFLICT DO NOTHING.
    .addUniqueConstraint('idempotency_keys_principal_key', ['principal', 'idem_key'])
    .execute();
  await db.schema.createIndex('idempotency_keys_expires').on('idempotency_keys').column('expires_at').execute();
}
