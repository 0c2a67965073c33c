import type { Tenant } from '../auth/principal.js';
import type { DB } from '../db/open.js';
import { insertTransaction } from '../db/transactions.js';
import { postTransactionCategorisation } from '../ledger/categorise.js';

/**
 * The two bookkeeping operations an import needs — create a bank transaction, categorise it —
 * done by the transactions module's own functions, so an imported transaction is exactly what
 * `POST /transactions` would have made and its posting what `/categorise` would have posted.
 */

export interface ImportedTransaction {
  date: string;
  description: string;
  amount: number;
  currency: string;
  reference: string | null;
  contactId: number | null;
  bankAccountId: number;
  nowIso: string;
}

export async function createImportedTransaction(db: DB, tenant: Tenant, values: ImportedTransaction): Promise<number> {
  const row = await insertTransaction(db, tenant, {
    date: values.date,
    description: values.description,
    amount: values.amount,
    currency: values.currency,
    reference: values.reference,
    contact_id: values.contactId,
    account_id: null,
    bank_account_id: values.bankAccountId,
    status: 'uncategorised',
    journal_entry_id: null,
    created_at: values.nowIso,
    updated_at: values.nowIso,
  });
  return row.id;
}

/** Posts bank against the category (a balanced journal entry) and marks the transaction categorised. */
export async function categoriseImportedTransaction(db: DB, tenant: Tenant, transactionId: number, accountId: number, nowIso: string): Promise<void> {
  await postTransactionCategorisation(db, tenant, transactionId, accountId, nowIso);
}
