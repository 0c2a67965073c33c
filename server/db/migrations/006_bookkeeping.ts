import type { Kysely } from 'kysely';
import { addIdColumn, bigIntType, engineOf } from '../engine.js';

/**
 * The bookkeeping tables. Every row carries `organisation_id` and `mode` (`live`/`test`) and every
 * index starts with them, so each query the data layer makes is a tenant-scoped index range.
 * Money is integer minor units (bigint on PostgreSQL), dates `YYYY-MM-DD` text, metadata a JSON
 * text column mirrored into `metadata_entries` for indexed filtering.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const engine = engineOf(db);
  const money = bigIntType(engine);

  await addIdColumn(db.schema.createTable('accounts'), engine)
    .addColumn('organisation_id', 'integer', (c) => c.notNull().references('organisations.id'))
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    // The role postings look the account up by (bank, debtors, vat…); null for user accounts.
    .addColumn('system_key', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('accounts_tenant_code', ['organisation_id', 'mode', 'code'])
    .addUniqueConstraint('accounts_tenant_system_key', ['organisation_id', 'mode', 'system_key'])
    .execute();
  await db.schema.createIndex('accounts_tenant').on('accounts').columns(['organisation_id', 'mode', 'id']).execute();

  await addIdColumn(db.schema.createTable('contacts'), engine)
    .addColumn('organisation_id', 'integer', (c) => c.notNull().references('organisations.id'))
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('phone', 'text')
    .addColumn('tax_number', 'text')
    .addColumn('address', 'text')
    .addColumn('metadata', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('contacts_tenant').on('contacts').columns(['organisation_id', 'mode', 'id']).execute();

  // Per-tenant counters for document numbers (INV-0001, QUO-0001), bumped by one atomic upsert.
  await db.schema
    .createTable('document_sequences')
    .addColumn('organisation_id', 'integer', (c) => c.notNull().references('organisations.id'))
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('last_value', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('document_sequences_pk', ['organisation_id', 'mode', 'kind'])
    .execute();

  await addIdColumn(db.schema.createTable('invoices'), engine)
    .addColumn('organisation_id', 'integer', (c) => c.notNull().references('organisations.id'))
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('contact_id', 'integer', (c) => c.notNull().references('contacts.id'))
    .addColumn('number', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('issue_date', 'text', (c) => c.notNull())
    .addColumn('due_date', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('reference', 'text')
    .addColumn('notes', 'text')
    .addColumn('subtotal', money, (c) => c.notNull())
    .addColumn('tax_total', money, (c) => c.notNull())
    .addColumn('total', money, (c) => c.notNull())
    .addColumn('quote_id', 'integer')
    .addColumn('finalised_at', 'text')
    .addColumn('paid_at', 'text')
    .addColumn('payment_date', 'text')
    .addColumn('payment_account_id', 'integer', (c) => c.references('accounts.id'))
    .addColumn('voided_at', 'text')
    .addColumn('metadata', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    // Numbers are unique per organisation and mode; drafts have none (NULLs are distinct).
    .addUniqueConstraint('invoices_tenant_number', ['organisation_id', 'mode', 'number'])
    .execute();
  await db.schema.createIndex('invoices_tenant').on('invoices').columns(['organisation_id', 'mode', 'id']).execute();
  await db.schema.createIndex('invoices_contact').on('invoices').columns(['contact_id']).execute();

  await addIdColumn(db.schema.createTable('invoice_lines'), engine)
    .addColumn('invoice_id', 'integer', (c) => c.notNull().references('invoices.id').onDelete('cascade'))
    .addColumn('organisation_id', 'integer', (c) => c.notNull())
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    // Quantity in ten-thousandths (1.5 → 15000), so line arithmetic stays in integers.
    .addColumn('quantity_e4', money, (c) => c.notNull())
    .addColumn('unit_price', money, (c) => c.notNull())
    // Tax rate in hundredths of a percent (20% → 2000).
    .addColumn('tax_rate_bp', 'integer', (c) => c.notNull())
    .addColumn('account_id', 'integer', (c) => c.notNull().references('accounts.id'))
    .addColumn('net_amount', money, (c) => c.notNull())
    .addColumn('tax_amount', money, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('invoice_lines_invoice').on('invoice_lines').columns(['invoice_id', 'position']).execute();
  await db.schema.createIndex('invoice_lines_account').on('invoice_lines').columns(['account_id']).execute();

  await addIdColumn(db.schema.createTable('quotes'), engine)
    .addColumn('organisation_id', 'integer', (c) => c.notNull().references('organisations.id'))
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('contact_id', 'integer', (c) => c.notNull().references('contacts.id'))
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('issue_date', 'text', (c) => c.notNull())
    .addColumn('expiry_date', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('reference', 'text')
    .addColumn('notes', 'text')
    .addColumn('subtotal', money, (c) => c.notNull())
    .addColumn('tax_total', money, (c) => c.notNull())
    .addColumn('total', money, (c) => c.notNull())
    .addColumn('invoice_id', 'integer', (c) => c.references('invoices.id'))
    .addColumn('sent_at', 'text')
    .addColumn('accepted_at', 'text')
    .addColumn('declined_at', 'text')
    .addColumn('converted_at', 'text')
    .addColumn('metadata', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('quotes_tenant_number', ['organisation_id', 'mode', 'number'])
    .execute();
  await db.schema.createIndex('quotes_tenant').on('quotes').columns(['organisation_id', 'mode', 'id']).execute();
  await db.schema.createIndex('quotes_contact').on('quotes').columns(['contact_id']).execute();

  await addIdColumn(db.schema.createTable('quote_lines'), engine)
    .addColumn('quote_id', 'integer', (c) => c.notNull().references('quotes.id').onDelete('cascade'))
    .addColumn('organisation_id', 'integer', (c) => c.notNull())
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('quantity_e4', money, (c) => c.notNull())
    .addColumn('unit_price', money, (c) => c.notNull())
    .addColumn('tax_rate_bp', 'integer', (c) => c.notNull())
    .addColumn('account_id', 'integer', (c) => c.notNull().references('accounts.id'))
    .addColumn('net_amount', money, (c) => c.notNull())
    .addColumn('tax_amount', money, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('quote_lines_quote').on('quote_lines').columns(['quote_id', 'position']).execute();
  await db.schema.createIndex('quote_lines_account').on('quote_lines').columns(['account_id']).execute();

  await addIdColumn(db.schema.createTable('transactions'), engine)
    .addColumn('organisation_id', 'integer', (c) => c.notNull().references('organisations.id'))
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    // Signed: money in positive, money out negative.
    .addColumn('amount', money, (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('reference', 'text')
    .addColumn('contact_id', 'integer', (c) => c.references('contacts.id'))
    .addColumn('account_id', 'integer', (c) => c.references('accounts.id'))
    .addColumn('bank_account_id', 'integer', (c) => c.notNull().references('accounts.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    // The posting that categorised it; a recategorisation reverses it and records the new one.
    .addColumn('journal_entry_id', 'integer')
    .addColumn('metadata', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('transactions_tenant').on('transactions').columns(['organisation_id', 'mode', 'id']).execute();
  await db.schema.createIndex('transactions_contact').on('transactions').columns(['contact_id']).execute();
  await db.schema.createIndex('transactions_account').on('transactions').columns(['account_id']).execute();
  await db.schema.createIndex('transactions_bank_account').on('transactions').columns(['bank_account_id']).execute();

  await addIdColumn(db.schema.createTable('journal_entries'), engine)
    .addColumn('organisation_id', 'integer', (c) => c.notNull().references('organisations.id'))
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    // What caused it: invoice / invoice_payment / invoice_void / transaction / transaction_reversal.
    .addColumn('source_type', 'text', (c) => c.notNull())
    .addColumn('source_id', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('journal_entries_tenant_date').on('journal_entries').columns(['organisation_id', 'mode', 'date']).execute();
  await db.schema.createIndex('journal_entries_source').on('journal_entries').columns(['source_type', 'source_id']).execute();

  await addIdColumn(db.schema.createTable('journal_lines'), engine)
    .addColumn('entry_id', 'integer', (c) => c.notNull().references('journal_entries.id'))
    .addColumn('organisation_id', 'integer', (c) => c.notNull())
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('account_id', 'integer', (c) => c.notNull().references('accounts.id'))
    // Non-negative; exactly one of the two is non-zero.
    .addColumn('debit', money, (c) => c.notNull())
    .addColumn('credit', money, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('journal_lines_entry').on('journal_lines').columns(['entry_id']).execute();
  await db.schema.createIndex('journal_lines_tenant_account').on('journal_lines').columns(['organisation_id', 'mode', 'account_id']).execute();

  await db.schema
    .createTable('metadata_entries')
    .addColumn('organisation_id', 'integer', (c) => c.notNull())
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('resource', 'text', (c) => c.notNull())
    .addColumn('resource_id', 'integer', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('metadata_entries_pk', ['resource', 'resource_id', 'key'])
    .execute();
  // `?metadata[k]=v` is an index range on this, never a scan of JSON text.
  await db.schema
    .createIndex('metadata_entries_lookup')
    .on('metadata_entries')
    .columns(['organisation_id', 'mode', 'resource', 'key', 'value'])
    .execute();
}
