/**
 * The double entries each bookkeeping event makes, as pure functions. A posting line is a debit
 * or a credit (never both, never negative); every entry built here balances, and `postEntry`
 * refuses one that does not.
 */

export interface PostingLine {
  accountId: number;
  debit: number;
  credit: number;
}

/** A signed amount on an account: positive debits it, negative credits it, zero is no line. */
export function signedLine(accountId: number, amount: number): PostingLine[] {
  if (amount === 0) return [];
  return [amount > 0 ? { accountId, debit: amount, credit: 0 } : { accountId, debit: 0, credit: -amount }];
}

export function isBalanced(lines: readonly PostingLine[]): boolean {
  let debit = 0;
  let credit = 0;
  for (const line of lines) {
    if (line.debit < 0 || line.credit < 0 || !Number.isSafeInteger(line.debit) || !Number.isSafeInteger(line.credit)) return false;
    debit += line.debit;
    credit += line.credit;
  }
  return debit === credit;
}

/**
 * Finalising an invoice: debtors Dr total; each income account Cr the net of its lines; VAT Cr
 * the tax. Lines on the same account are summed into one credit.
 */
export function invoiceFinalisation(input: {
  debtorsAccountId: number;
  vatAccountId: number;
  lines: ReadonlyArray<{ accountId: number; netAmount: number; taxAmount: number }>;
}): PostingLine[] {
  const netByAccount = new Map<number, number>();
  let tax = 0;
  let total = 0;
  for (const line of input.lines) {
    netByAccount.set(line.accountId, (netByAccount.get(line.accountId) ?? 0) + line.netAmount);
    tax += line.taxAmount;
    total += line.netAmount + line.taxAmount;
  }
  return [
    ...signedLine(input.debtorsAccountId, total),
    ...[...netByAccount].flatMap(([accountId, net]) => signedLine(accountId, -net)),
    ...signedLine(input.vatAccountId, -tax),
  ];
}

/** Receiving an invoice's payment: bank Dr, debtors Cr. */
export function invoicePayment(input: { bankAccountId: number; debtorsAccountId: number; amount: number }): PostingLine[] {
  return [...signedLine(input.bankAccountId, input.amount), ...signedLine(input.debtorsAccountId, -input.amount)];
}

/**
 * A bank transaction against its category: money in (positive) debits the bank and credits the
 * category; money out (negative) debits the category and credits the bank.
 */
export function bankTransaction(input: { bankAccountId: number; categoryAccountId: number; amount: number }): PostingLine[] {
  return [...signedLine(input.bankAccountId, input.amount), ...signedLine(input.categoryAccountId, -input.amount)];
}

/** The entry that undoes `lines`: every debit becomes a credit and vice versa. */
export function reversal(lines: readonly PostingLine[]): PostingLine[] {
  return lines.map((line) => ({ accountId: line.accountId, debit: line.credit, credit: line.debit }));
}
