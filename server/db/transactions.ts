import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Tenant } from '../auth/principal.js';
import type { Page } from '../http/validation.js';
import type { DB } from './open.js';
import type { TransactionsTable } from './schema.js';
import { listNewestFirst } from './record-lists.js';

export type TransactionRow = Selectable<TransactionsTable>;
export type NewTransaction = Omit<Insertable<TransactionsTable>, 'id' | 'organisation_id' | 'mode'>;
export type TransactionChanges = Omit<Updateable<TransactionsTable>, 'id' | 'organisation_id' | 'mode' | 'created_at'>;

export interface TransactionFilter {
  status?: TransactionRow['status'];
  accountId?: number;
  bankAccountId?: number;
  contactId?: number;
  metadata?: Record<string, string>;
}

const withNumbers = (row: TransactionRow): TransactionRow => ({ ...row, amount: Number(row.amount) });

export async function insertTransaction(db: DB, tenant: Tenant, values: NewTransaction): Promise<TransactionRow> {
  const row = await db
    .insertInto('transactions')
    .values({ ...values, organisation_id: tenant.organisationId, mode: tenant.mode })
    .returningAll()
    .executeTakeFirstOrThrow();
  return withNumbers(row);
}

export async function findTransaction(db: DB, tenant: Tenant, id: number): Promise<TransactionRow | undefined> {
  const row = await db
    .selectFrom('transactions')
    .selectAll()
    .where('id', '=', id)
    .where('organisation_id', '=', tenant.organisationId)
    .where('mode', '=', tenant.mode)
    .executeTakeFirst();
  return row && withNumbers(row);
}

export async function listTransactions(db: DB, tenant: Tenant, filter: TransactionFilter, page: Page): Promise<{ rows: TransactionRow[]; total: number }> {
  const { rows, total } = await listNewestFirst(
    db,
    tenant,
    'transactions',
    { status: filter.status, account_id: filter.accountId, bank_account_id: filter.bankAccountId, contact_id: filter.contactId },
    filter.metadata,
    page,
  );
  return { rows: rows.map(withNumbers), total };
}

/**
 * Updates the transaction; with `expectEntryId`, only while its posting is still that one (null:
 * uncategorised), so two racing categorisations cannot both post.
 */
export async function updateTransaction(
  db: DB,
  tenant: Tenant,
  id: number,
  changes: TransactionChanges,
  guard: { expectEntryId?: number | null } = {},
): Promise<TransactionRow | undefined> {
  let query = db
    .updateTable('transactions')
    .set(changes)
    .where('id', '=', id)
    .where('organisation_id', '=', tenant.organisationId)
    .where('mode', '=', tenant.mode);
  if (guard.expectEntryId !== undefined) {
    query = guard.expectEntryId === null ? query.where('journal_entry_id', 'is', null) : query.where('journal_entry_id', '=', guard.expectEntryId);
  }
  const row = await query.returningAll().executeTakeFirst();
  return row && withNumbers(row);
}

export async function deleteTransaction(db: DB, tenant: Tenant, id: number): Promise<void> {
  await db
    .deleteFrom('transactions')
    .where('id', '=', id)
    .where('organisation_id', '=', tenant.organisationId)
    .where('mode', '=', tenant.mode)
    .execute();
}
