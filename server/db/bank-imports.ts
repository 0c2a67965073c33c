import type { Selectable } from 'kysely';
import type { Tenant } from '../auth/principal.js';
import type { ExistingTransaction } from '../bank-imports/preview.js';
import type { DB } from './open.js';
import type { BankImportsTable } from './schema.js';

/** Bank statement imports: a parsed file waiting for confirmation, then the record of what it created. */

export type BankImportRow = Selectable<BankImportsTable>;

export async function insertBankImport(
  db: DB,
  tenant: Tenant,
  values: { bankAccountId: number; currency: string; rowsJson: string; rowCount: number; createdAt: string },
): Promise<number> {
  const row = await db
    .insertInto('bank_imports')
    .values({
      organisation_id: tenant.organisationId,
      mode: tenant.mode,
      status: 'preview',
      bank_account_id: values.bankAccountId,
      currency: values.currency,
      rows: values.rowsJson,
      row_count: values.rowCount,
      created_at: values.createdAt,
      confirmed_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function findBankImport(db: DB, tenant: Tenant, id: number): Promise<BankImportRow | undefined> {
  return db
    .selectFrom('bank_imports')
    .selectAll()
    .where('id', '=', id)
    .where('organisation_id', '=', tenant.organisationId)
    .where('mode', '=', tenant.mode)
    .executeTakeFirst();
}

/**
 * Moves an import from preview to confirmed; false when it is not (or no longer) a preview.
 * The conditional update is the claim: of two concurrent confirmations only one gets true.
 */
export async function claimBankImportConfirmation(db: DB, tenant: Tenant, id: number, confirmedAt: string): Promise<boolean> {
  const result = await db
    .updateTable('bank_imports')
    .set({ status: 'confirmed', confirmed_at: confirmedAt })
    .where('id', '=', id)
    .where('organisation_id', '=', tenant.organisationId)
    .where('mode', '=', tenant.mode)
    .where('status', '=', 'preview')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function saveBankImportRows(db: DB, tenant: Tenant, id: number, rowsJson: string): Promise<void> {
  await db
    .updateTable('bank_imports')
    .set({ rows: rowsJson })
    .where('id', '=', id)
    .where('organisation_id', '=', tenant.organisationId)
    .where('mode', '=', tenant.mode)
    .execute();
}

/** The bank account's transactions dated within [from, to]: the only ones a statement row can duplicate. */
export async function transactionsInDateRange(
  db: DB,
  tenant: Tenant,
  bankAccountId: number,
  range: { from: string; to: string },
): Promise<ExistingTransaction[]> {
  const rows = await db
    .selectFrom('transactions')
    .select(['id', 'date', 'amount', 'description', 'reference'])
    .where('organisation_id', '=', tenant.organisationId)
    .where('mode', '=', tenant.mode)
    .where('bank_account_id', '=', bankAccountId)
    .where('date', '>=', range.from)
    .where('date', '<=', range.to)
    .execute();
  return rows.map((r) => ({ ...r, amount: Number(r.amount) }));
}

