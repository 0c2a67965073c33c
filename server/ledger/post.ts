import type { Tenant } from '../auth/principal.js';
import { insertJournalEntry, type NewJournalEntry } from '../db/journal.js';
import type { DB } from '../db/open.js';
import { isBalanced } from './entries.js';

/**
 * Posts a journal entry. An unbalanced entry is a bug in the caller, never a client error: it
 * throws (a 500) and the caller's transaction rolls back, so the ledger cannot go out of balance.
 * An entry with no lines (a zero-value invoice) posts nothing and returns null.
 */
export async function postEntry(db: DB, tenant: Tenant, entry: NewJournalEntry): Promise<number | null> {
  const lines = entry.lines.filter((line) => line.debit !== 0 || line.credit !== 0);
  if (!isBalanced(lines)) throw new Error(`refusing to post an unbalanced journal entry (${entry.sourceType} ${entry.sourceId})`);
  if (!lines.length) return null;
  return insertJournalEntry(db, tenant, { ...entry, lines });
}
