import type { StatementRow } from './csv.js';
import type { PrioritisedRule, RuleSubject } from '../rules/engine.js';

/**
 * What importing a statement would do, row by row: which rows are already in the books
 * (duplicates, skipped on confirm) and which rule would categorise each new row. Pure.
 *
 * Duplicates are counted, not just detected: a statement may genuinely hold two identical card
 * payments on one day. Each existing transaction therefore accounts for at most one row, so
 * re-importing a file marks every row a duplicate, while a second identical coffee that is not
 * in the books yet is still imported. Rows repeated within the file are flagged (`repeatsLine`)
 * for the bookkeeper to check, but imported.
 */

export interface ExistingTransaction {
  id: number;
  date: string;
  amount: number;
  description: string;
  reference: string | null;
}

export interface RuleChoice {
  ruleId: number;
  ruleName: string;
  accountId: number;
  contactId: number | null;
}

export interface PreviewRow extends StatementRow {
  /** The existing transaction this row repeats; such a row is skipped on confirm. */
  duplicateOf: number | null;
  /** An earlier row of this file with the same date, amount, description and reference. */
  repeatsLine: number | null;
  /** What the rules would do with the row (null for duplicates, and when no rule matches). */
  category: RuleChoice | null;
}

const normaliseText = (text: string | null) => (text ?? '').trim().replace(/\s+/g, ' ').toLowerCase();

/** Same date, amount, description and reference — text compared case- and spacing-insensitively. */
export function duplicateKey(t: { date: string; amount: number; description: string; reference: string | null }): string {
  return JSON.stringify([t.date, t.amount, normaliseText(t.description), normaliseText(t.reference)]);
}

/** What rules can see of a statement row: it has no contact or metadata yet. */
export function statementRowSubject(row: StatementRow): RuleSubject {
  return { description: row.description, contactName: null, amount: row.amount, reference: row.reference, metadata: {} };
}

export type RuleLookup = (subject: RuleSubject) => (PrioritisedRule & { name: string; accountId: number; contactId: number | null }) | null;

export function previewRows(rows: readonly StatementRow[], existing: readonly ExistingTransaction[], findRule: RuleLookup): PreviewRow[] {
  // Oldest first, so the same file re-imported lines up row for row with what it created.
  const unclaimed = new Map<string, number[]>();
  for (const t of [...existing].sort((a, b) => a.id - b.id)) {
    const key = duplicateKey(t);
    const ids = unclaimed.get(key);
    if (ids) ids.push(t.id);
    else unclaimed.set(key, [t.id]);
  }
  const firstLine = new Map<string, number>();
  return rows.map((row) => {
    const key = duplicateKey(row);
    const duplicateOf = unclaimed.get(key)?.shift() ?? null;
    const repeatsLine = firstLine.get(key) ?? null;
    if (repeatsLine === null) firstLine.set(key, row.line);
    const rule = duplicateOf === null ? findRule(statementRowSubject(row)) : null;
    const category = rule ? { ruleId: rule.id, ruleName: rule.name, accountId: rule.accountId, contactId: rule.contactId } : null;
    return { ...row, duplicateOf, repeatsLine, category };
  });
}

/** The date range a statement covers, to look up only the transactions that could be duplicates. */
export function dateRange(rows: readonly StatementRow[]): { from: string; to: string } | null {
  if (rows.length === 0) return null;
  let from = (rows[0] as StatementRow).date;
  let to = from;
  for (const row of rows) {
    if (row.date < from) from = row.date;
    if (row.date > to) to = row.date;
  }
  return { from, to };
}
