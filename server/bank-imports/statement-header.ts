/**
 * Finding the columns of a bank statement. Banks name them differently ("Transaction Date",
 * "Paid out", "Narrative"…), so each role has a list of case-insensitive aliases.
 */

export type ColumnRole = 'date' | 'description' | 'amount' | 'debit' | 'credit' | 'reference';

const ALIASES: Record<ColumnRole, readonly string[]> = {
  date: ['date', 'posted', 'posted date', 'posting date', 'transaction date', 'booking date'],
  description: ['description', 'details', 'narrative', 'memo', 'transaction description', 'transaction details'],
  amount: ['amount', 'value'],
  debit: ['debit', 'paid out', 'money out', 'debit amount'],
  credit: ['credit', 'paid in', 'money in', 'credit amount'],
  reference: ['reference', 'ref'],
};

/** Where each role sits in a row (0-based cell index), and the header text shown in messages. */
export interface StatementColumns {
  date: number;
  description: number;
  /** A signed amount column, or else separate debit (money out) and credit (money in) columns. */
  amount: number | null;
  debit: number | null;
  credit: number | null;
  reference: number | null;
  /** The header text of each cell, for messages ("Paid out"); the role name when there is no header. */
  labels: string[];
}

/** "Paid Out (£)" → "paid out"; "Ref." → "ref". */
export function normaliseHeader(cell: string): string {
  return cell
    .toLowerCase()
    .replace(/\(.*?\)/g, ' ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

function roleOf(cell: string): ColumnRole | null {
  const name = normaliseHeader(cell);
  for (const [role, aliases] of Object.entries(ALIASES) as Array<[ColumnRole, readonly string[]]>) {
    if (aliases.includes(name)) return role;
  }
  return null;
}

/**
 * The columns named by a header row, or null when the row is not a usable header: it needs a
 * date, a description and an amount (or at least one of debit/credit). When a role appears
 * twice, the first column wins.
 */
export function columnsFromHeader(cells: readonly string[]): StatementColumns | null {
  const found: Partial<Record<ColumnRole, number>> = {};
  cells.forEach((cell, index) => {
    const role = roleOf(cell);
    if (role && found[role] === undefined) found[role] = index;
  });
  if (found.date === undefined || found.description === undefined) return null;
  const amount = found.amount ?? null;
  const debit = amount === null ? (found.debit ?? null) : null;
  const credit = amount === null ? (found.credit ?? null) : null;
  if (amount === null && debit === null && credit === null) return null;
  return {
    date: found.date,
    description: found.description,
    amount,
    debit,
    credit,
    reference: found.reference ?? null,
    labels: cells.map((c) => c.trim()),
  };
}

/** A statement without a header row is read as SPEC §5 lists it: date, description, amount, reference. */
export const HEADERLESS_COLUMNS: StatementColumns = {
  date: 0,
  description: 1,
  amount: 2,
  debit: null,
  credit: null,
  reference: 3,
  labels: ['date', 'description', 'amount', 'reference'],
};
