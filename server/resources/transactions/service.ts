import type { Tenant } from '../../auth/principal.js';
import { findAccount, type AccountRow } from '../../db/accounts.js';
import { deleteMetadataEntries, replaceMetadataEntries } from '../../db/metadata.js';
import type { DB } from '../../db/open.js';
import { deleteTransaction, findTransaction, insertTransaction, updateTransaction, type TransactionChanges, type TransactionRow } from '../../db/transactions.js';
import { withTransaction } from '../../db/transaction.js';
import { conflict, notFound, validationError } from '../../http/errors.js';
import { formatId } from '../../http/ids.js';
import { postTransactionCategorisation, reverseTransactionCategorisation } from '../../ledger/categorise.js';
import { systemAccount } from '../../ledger/system-accounts.js';
import { parseRef, refNotFound } from '../common-schemas.js';
import { resolveContact } from '../contacts/resolve.js';
import { baseCurrency } from '../organisation/base-currency.js';
import { mergeMetadataOrThrow, parseStoredMetadata, type MetadataPatch } from '../metadata.js';

export interface TransactionInput {
  date?: string;
  description?: string;
  amount?: number;
  currency?: string;
  reference?: string | null;
  contactId?: string | null;
  bankAccountId?: string;
  metadata?: MetadataPatch;
}

export const TRANSACTION_NOT_FOUND = 'Transaction not found';

async function loadTransaction(db: DB, tenant: Tenant, id: number): Promise<TransactionRow> {
  const txn = await findTransaction(db, tenant, id);
  if (!txn) throw notFound(TRANSACTION_NOT_FOUND);
  return txn;
}

/** A `bankAccountId` from a body: the tenant's asset account (default the Bank account). */
async function resolveBankAccount(db: DB, tenant: Tenant, publicId: string | undefined): Promise<AccountRow> {
  if (publicId === undefined) return systemAccount(db, tenant, 'bank');
  const account = await findAccount(db, tenant, parseRef('acc', publicId));
  if (!account) throw refNotFound('acc', publicId);
  if (account.type !== 'asset' || account.system_key === 'debtors') {
    throw validationError([{ field: 'bankAccountId', message: `Must be a bank (asset) account; ${account.code} ${account.name} is not` }]);
  }
  return account;
}

/** A category `accountId` from a body, as a row number (the tenant check happens when posting). */
function categoryId(publicId: string): number {
  return parseRef('acc', publicId);
}

export async function createTransaction(
  db: DB,
  tenant: Tenant,
  input: TransactionInput & { date: string; description: string; amount: number; accountId?: string },
  nowMs: number,
): Promise<TransactionRow> {
  const now = new Date(nowMs).toISOString();
  const metadata = mergeMetadataOrThrow({}, input.metadata);
  return withTransaction(db, async (trx) => {
    const contact = input.contactId ? await resolveContact(trx, tenant, input.contactId) : null;
    const bank = await resolveBankAccount(trx, tenant, input.bankAccountId);
    const txn = await insertTransaction(trx, tenant, {
      date: input.date,
      description: input.description,
      amount: input.amount,
      currency: input.currency ?? (await baseCurrency(trx, tenant)),
      reference: input.reference ?? null,
      contact_id: contact?.id ?? null,
      account_id: null,
      bank_account_id: bank.id,
      status: 'uncategorised',
      journal_entry_id: null,
      metadata: JSON.stringify(metadata),
      created_at: now,
      updated_at: now,
    });
    await replaceMetadataEntries(trx, tenant, 'transaction', txn.id, metadata);
    if (input.accountId === undefined) return txn;
    return postTransactionCategorisation(trx, tenant, txn.id, categoryId(input.accountId), now);
  });
}

/**
 * PUT (`replace`) and PATCH. A categorised transaction is in the ledger: its date, amount,
 * currency and bank account are fixed until it is uncategorised; its description, reference,
 * contact and metadata can always change.
 */
export async function updateTransactionDetails(
  db: DB,
  tenant: Tenant,
  id: number,
  input: TransactionInput,
  replace: boolean,
  nowMs: number,
): Promise<TransactionRow> {
  return withTransaction(db, async (trx) => {
    const existing = await loadTransaction(trx, tenant, id);
    const changes: TransactionChanges = { updated_at: new Date(nowMs).toISOString() };
    if (input.date !== undefined) changes.date = input.date;
    if (input.description !== undefined) changes.description = input.description;
    if (input.amount !== undefined) changes.amount = input.amount;
    if (input.currency !== undefined || replace) changes.currency = input.currency ?? (await baseCurrency(trx, tenant));
    if (input.bankAccountId !== undefined || replace) changes.bank_account_id = (await resolveBankAccount(trx, tenant, input.bankAccountId)).id;
    if (input.reference !== undefined || replace) changes.reference = input.reference ?? null;
    if (input.contactId !== undefined || replace) changes.contact_id = input.contactId ? (await resolveContact(trx, tenant, input.contactId)).id : null;
    if (existing.status === 'categorised') {
      const posted = { date: existing.date, amount: existing.amount, currency: existing.currency, bank_account_id: existing.bank_account_id } as const;
      const moved = (Object.keys(posted) as Array<keyof typeof posted>).filter((k) => changes[k] !== undefined && changes[k] !== posted[k]);
      if (moved.length) {
        throw conflict(
          `${formatId('txn', existing.id)} is categorised, so its ${moved.map((k) => (k === 'bank_account_id' ? 'bank account' : k)).join(', ')} cannot change; uncategorise it first`,
        );
      }
      if (changes.bank_account_id === existing.bank_account_id) delete changes.bank_account_id;
    }
    if (input.metadata !== undefined) {
      const metadata = mergeMetadataOrThrow(parseStoredMetadata(existing.metadata), input.metadata);
      changes.metadata = JSON.stringify(metadata);
      await replaceMetadataEntries(trx, tenant, 'transaction', id, metadata);
    }
    // Guarded by the posting it had when read: a concurrent (un)categorisation makes this a 409.
    const updated = await updateTransaction(trx, tenant, id, changes, { expectEntryId: existing.journal_entry_id });
    if (!updated) throw conflict(`${formatId('txn', existing.id)} changed while this request ran; fetch it and try again`);
    return updated;
  });
}

export async function removeTransaction(db: DB, tenant: Tenant, id: number): Promise<void> {
  await withTransaction(db, async (trx) => {
    const existing = await loadTransaction(trx, tenant, id);
    if (existing.status === 'categorised') {
      throw conflict(`${formatId('txn', existing.id)} is categorised and in the ledger; uncategorise it before deleting it`);
    }
    await deleteMetadataEntries(trx, tenant, 'transaction', id);
    await deleteTransaction(trx, tenant, id);
  });
}

export async function categoriseTransaction(db: DB, tenant: Tenant, id: number, accountId: string, nowMs: number): Promise<TransactionRow> {
  return withTransaction(db, async (trx) => {
    await loadTransaction(trx, tenant, id);
    return postTransactionCategorisation(trx, tenant, id, categoryId(accountId), new Date(nowMs).toISOString());
  });
}

export async function uncategoriseTransaction(db: DB, tenant: Tenant, id: number, nowMs: number): Promise<TransactionRow> {
  return withTransaction(db, (trx) => reverseTransactionCategorisation(trx, tenant, id, new Date(nowMs).toISOString()));
}
