import type { Kysely } from 'kysely';
import { addIdColumn, engineOf } from '../engine.js';

/**
 * Categorisation rules and bank statement imports (SPEC §5).
 *
 * `categorisation_rule_sets` holds one row per organisation and mode that every change to the
 * set of rules (create, delete, reorder) upserts first: on PostgreSQL that row lock serialises
 * concurrent changes, so the 100-rule limit and "reorder lists exactly the rules" hold across
 * processes without read-then-write races; on SQLite the transaction is exclusive anyway.
 *
 * A rule's account_id and contact_id, and an import's bank_account_id, are not foreign keys:
 * deleting an account or contact that a rule or a pending import names must not fail with a
 * constraint error. The rule then simply no longer applies (or no longer sets a contact), and
 * confirming such an import is a 409.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const engine = engineOf(db);

  await db.schema
    .createTable('categorisation_rule_sets')
    .addColumn('organisation_id', 'integer', (c) => c.notNull().references('organisations.id'))
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('categorisation_rule_sets_pk', ['organisation_id', 'mode'])
    .execute();

  await addIdColumn(db.schema.createTable('categorisation_rules'), engine)
    .addColumn('organisation_id', 'integer', (c) => c.notNull().references('organisations.id'))
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    // JSON array of {field, operator, value}, validated before it is stored.
    .addColumn('conditions', 'text', (c) => c.notNull())
    .addColumn('match', 'text', (c) => c.notNull())
    .addColumn('account_id', 'integer', (c) => c.notNull())
    .addColumn('contact_id', 'integer')
    .addColumn('priority', 'integer', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('categorisation_rules_tenant_priority')
    .on('categorisation_rules')
    .columns(['organisation_id', 'mode', 'priority', 'id'])
    .execute();

  await addIdColumn(db.schema.createTable('bank_imports'), engine)
    .addColumn('organisation_id', 'integer', (c) => c.notNull().references('organisations.id'))
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('bank_account_id', 'integer', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    // JSON array of the parsed rows with their preview (and, once confirmed, their outcome).
    .addColumn('rows', 'text', (c) => c.notNull())
    .addColumn('row_count', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('confirmed_at', 'text')
    .execute();
  await db.schema.createIndex('bank_imports_tenant').on('bank_imports').columns(['organisation_id', 'mode', 'id']).execute();
  // Duplicate detection looks up a bank account's transactions by date range.
  await db.schema
    .createIndex('transactions_bank_account_date')
    .on('transactions')
    .columns(['organisation_id', 'mode', 'bank_account_id', 'date'])
    .execute();
}
