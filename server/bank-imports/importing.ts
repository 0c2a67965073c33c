import type { Tenant } from '../auth/principal.js';
import { findAccountsByIds } from '../db/accounts.js';
import { transactionsInDateRange } from '../db/bank-imports.js';
import { listAllRules, type StoredRule } from '../db/categorisation-rules.js';
import { findContactsByIds } from '../db/contacts.js';
import type { DB } from '../db/open.js';
import { ruleMatcher } from '../rules/engine.js';
import { categoriseImportedTransaction, createImportedTransaction } from './bookkeeping-adapter.js';
import type { StatementRow } from './csv.js';
import { dateRange, previewRows, type PreviewRow, type RuleLookup } from './preview.js';

/**
 * The database side of an import: previewing parsed rows against the books and the rules, and
 * confirming them. Confirmation runs inside the caller's transaction, so the transactions, their
 * journal entries and the import's new status commit together or not at all.
 */

/**
 * The tenant's rules as a lookup. A rule whose account has since been deleted no longer applies,
 * and a deleted contact is no longer set (neither is a foreign key: see migration 007).
 */
export async function loadRuleLookup(db: DB, tenant: Tenant): Promise<RuleLookup> {
  const rules = await listAllRules(db, tenant);
  const accounts = new Set((await findAccountsByIds(db, tenant, rules.map((r) => r.accountId))).map((a) => a.id));
  const contactIds = rules.map((r) => r.contactId).filter((id): id is number => id !== null);
  const contacts = new Set((await findContactsByIds(db, tenant, contactIds)).map((c) => c.id));
  const usable: StoredRule[] = rules
    .filter((r) => accounts.has(r.accountId))
    .map((r) => ({ ...r, contactId: r.contactId !== null && contacts.has(r.contactId) ? r.contactId : null }));
  return ruleMatcher(usable);
}

/** Each row with its duplicate flags and the category the rules would assign. */
export async function previewImport(db: DB, tenant: Tenant, bankAccountId: number, rows: readonly StatementRow[]): Promise<PreviewRow[]> {
  const range = dateRange(rows);
  const existing = range ? await transactionsInDateRange(db, tenant, bankAccountId, range) : [];
  return previewRows(rows, existing, await loadRuleLookup(db, tenant));
}

export interface ConfirmedRow extends PreviewRow {
  transactionId: number | null;
  categorised: boolean;
}

/**
 * Creates a transaction for every row that is not (by now) a duplicate and posts the category
 * the rules assign — duplicates and rules are worked out again at this moment, because the
 * books and the rules may have changed since the preview. Call inside a transaction.
 */
export async function confirmRows(
  db: DB,
  tenant: Tenant,
  input: { bankAccountId: number; currency: string; rows: readonly StatementRow[]; nowIso: string },
): Promise<ConfirmedRow[]> {
  const preview = await previewImport(db, tenant, input.bankAccountId, input.rows);
  const confirmed: ConfirmedRow[] = [];
  for (const row of preview) {
    if (row.duplicateOf !== null) {
      confirmed.push({ ...row, transactionId: null, categorised: false });
      continue;
    }
    const category = row.category;
    const transactionId = await createImportedTransaction(db, tenant, {
      date: row.date,
      description: row.description,
      amount: row.amount,
      currency: input.currency,
      reference: row.reference,
      contactId: category?.contactId ?? null,
      bankAccountId: input.bankAccountId,
      nowIso: input.nowIso,
    });
    // A rule pointing at the import's own bank account would post bank against itself: skip it.
    const categorised = category !== null && category.accountId !== input.bankAccountId;
    if (categorised) await categoriseImportedTransaction(db, tenant, transactionId, category.accountId, input.nowIso);
    confirmed.push({ ...row, transactionId, categorised });
  }
  return confirmed;
}
