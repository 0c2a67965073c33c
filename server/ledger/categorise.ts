import type { Tenant } from '../auth/principal.js';
import { findAccount } from '../db/accounts.js';
import { findJournalLines } from '../db/journal.js';
import type { DB } from '../db/open.js';
import { findOrganisation } from '../db/organisations.js';
import { findTransaction, updateTransaction, type TransactionRow } from '../db/transactions.js';
import { conflict, notFound, validationError } from '../http/errors.js';
import { formatId } from '../http/ids.js';
import { bankTransaction, reversal } from './entries.js';
import { postEntry } from './post.js';

/**
 * Categorising a bank transaction posts it: bank against the chosen account. Recategorising
 * reverses the previous posting first; uncategorising only reverses. The ledger is append-only,
 * so history stays explainable.
 *
 * For reuse by bank imports and categorisation rules: call inside the caller's transaction with
 * that transaction's `db`. Errors are API errors (404 for a transaction or account that is not
 * the tenant's, 400 for the bank account itself, 409 for a lost race or a foreign currency).
 */
export async function postTransactionCategorisation(
  db: DB,
  tenant: Tenant,
  transactionId: number,
  accountId: number,
  nowIso: string,
): Promise<TransactionRow> {
  const txn = await findTransaction(db, tenant, transactionId);
  if (!txn) throw notFound('Transaction not found');
  const account = await findAccount(db, tenant, accountId);
  if (!account) throw notFound(`Account ${formatId('acc', accountId)} not found`);
  if (account.id === txn.bank_account_id) {
    throw validationError([{ field: 'accountId', message: 'Must be a category account, not the bank account the transaction is in' }]);
  }
  if (txn.status === 'categorised' && txn.account_id === account.id) return txn;
  const base = (await findOrganisation(db, tenant.organisationId))?.base_currency;
  if (txn.currency !== base) {
    throw conflict(`${formatId('txn', txn.id)} is in ${txn.currency}; only transactions in the base currency (${base}) can be posted to the ledger`);
  }
  // Claim the row first: a concurrent categorisation now fails this guard instead of double-posting.
  const claimed = await updateTransaction(
    db,
    tenant,
    txn.id,
    { status: 'categorised', account_id: account.id, updated_at: nowIso },
    { expectEntryId: txn.journal_entry_id },
  );
  if (!claimed) throw conflict(`${formatId('txn', txn.id)} changed while this request ran; fetch it and try again`);
  if (txn.journal_entry_id !== null) await reverseEntry(db, tenant, txn, nowIso);
  const entryId = await postEntry(db, tenant, {
    date: txn.date,
    description: txn.description,
    currency: txn.currency,
    sourceType: 'transaction',
    sourceId: txn.id,
    createdAt: nowIso,
    lines: bankTransaction({ bankAccountId: txn.bank_account_id, categoryAccountId: account.id, amount: txn.amount }),
  });
  return (await updateTransaction(db, tenant, txn.id, { journal_entry_id: entryId }))!;
}

/** Takes a categorised transaction back out of the ledger (a reversing entry) and clears its category. */
export async function reverseTransactionCategorisation(db: DB, tenant: Tenant, transactionId: number, nowIso: string): Promise<TransactionRow> {
  const txn = await findTransaction(db, tenant, transactionId);
  if (!txn) throw notFound('Transaction not found');
  if (txn.status !== 'categorised') throw conflict(`${formatId('txn', txn.id)} is not categorised`);
  const cleared = await updateTransaction(
    db,
    tenant,
    txn.id,
    { status: 'uncategorised', account_id: null, journal_entry_id: null, updated_at: nowIso },
    { expectEntryId: txn.journal_entry_id },
  );
  if (!cleared) throw conflict(`${formatId('txn', txn.id)} changed while this request ran; fetch it and try again`);
  if (txn.journal_entry_id !== null) await reverseEntry(db, tenant, txn, nowIso);
  return cleared;
}

/** Reverses the transaction's current posting on the transaction's own date, so the bank balance history stays right. */
async function reverseEntry(db: DB, tenant: Tenant, txn: TransactionRow, nowIso: string): Promise<void> {
  const lines = await findJournalLines(db, tenant, txn.journal_entry_id!);
  await postEntry(db, tenant, {
    date: txn.date,
    description: `Reversal: ${txn.description}`,
    currency: txn.currency,
    sourceType: 'transaction_reversal',
    sourceId: txn.id,
    createdAt: nowIso,
    lines: reversal(lines.map((l) => ({ accountId: l.account_id, debit: l.debit, credit: l.credit }))),
  });
}
