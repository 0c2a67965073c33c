import { z } from 'zod';
import type { PreviewRow } from '../../bank-imports/preview.js';
import type { BankImportRow } from '../../db/bank-imports.js';
import { formatId } from '../../http/ids.js';
import type { Resource } from '../../http/route.js';

/** How a bank import looks in responses, and the row record stored with it. */

/** A preview row as stored: the preview, plus what confirming did with it. */
export interface StoredImportRow extends PreviewRow {
  /** The transaction created from the row; null before confirmation and for skipped duplicates. */
  transactionId: number | null;
  /** Whether confirming posted the rule's category to the ledger. */
  categorised: boolean;
}

const CategorySchema = z.object({
  ruleId: z.string().describe('The first active rule, in priority order, that matches the row'),
  ruleName: z.string(),
  accountId: z.string().describe('The category account'),
  contactId: z.string().nullable(),
});

const ImportRowSchema = z.object({
  line: z.number().int().describe('The row number in the file, as a spreadsheet shows it'),
  date: z.string(),
  description: z.string(),
  amount: z.number().int().describe('Signed minor units: money in positive, money out negative'),
  reference: z.string().nullable(),
  duplicate: z.boolean().describe('Already in the books: skipped on confirm'),
  duplicateOf: z.string().nullable().describe('The existing transaction with the same date, amount, description and reference'),
  repeatsLine: z
    .number()
    .int()
    .nullable()
    .describe('An earlier row of this file with the same date, amount, description and reference (imported too: check it)'),
  category: CategorySchema.nullable().describe('What the rules assign (null for duplicates and when no rule matches)'),
  transactionId: z.string().nullable().describe('The transaction created on confirm'),
  categorised: z.boolean().describe('Whether confirming posted the category to the ledger'),
});

export const BankImportSchema = z.object({
  id: z.string().meta({ examples: ['imp_1'] }),
  status: z.enum(['preview', 'confirmed']),
  accountId: z.string().describe('The bank account the transactions belong to'),
  currency: z.string(),
  summary: z.object({
    rows: z.number().int(),
    new: z.number().int().describe('Rows that are (or will be) created as transactions'),
    duplicates: z.number().int(),
    categorised: z.number().int().describe('New rows a rule categorises'),
    uncategorised: z.number().int(),
  }),
  rows: z.array(ImportRowSchema),
  createdAt: z.string(),
  confirmedAt: z.string().nullable(),
});

export const bankImportResource: Resource = { name: 'BankImport', prefix: 'imp', schema: BankImportSchema };

const idOrNull = (prefix: 'acc' | 'cont' | 'txn', id: number | null) => (id === null ? null : formatId(prefix, id));

export function parseStoredRows(json: string): StoredImportRow[] {
  // Written only by this module from validated rows.
  return JSON.parse(json) as StoredImportRow[];
}

export function bankImportView(row: BankImportRow, rows: readonly StoredImportRow[]): z.output<typeof BankImportSchema> {
  const duplicates = rows.filter((r) => r.duplicateOf !== null).length;
  // Before confirmation: what the rules would categorise; after: what was posted.
  const categorised = rows.filter((r) => r.duplicateOf === null && (row.status === 'confirmed' ? r.categorised : r.category !== null)).length;
  return {
    id: formatId('imp', row.id),
    status: row.status,
    accountId: formatId('acc', row.bank_account_id),
    currency: row.currency,
    summary: { rows: rows.length, new: rows.length - duplicates, duplicates, categorised, uncategorised: rows.length - duplicates - categorised },
    rows: rows.map((r) => ({
      line: r.line,
      date: r.date,
      description: r.description,
      amount: r.amount,
      reference: r.reference,
      duplicate: r.duplicateOf !== null,
      duplicateOf: idOrNull('txn', r.duplicateOf),
      repeatsLine: r.repeatsLine,
      category: r.category
        ? {
            ruleId: formatId('rule', r.category.ruleId),
            ruleName: r.category.ruleName,
            accountId: formatId('acc', r.category.accountId),
            contactId: idOrNull('cont', r.category.contactId),
          }
        : null,
      transactionId: idOrNull('txn', r.transactionId),
      categorised: r.categorised,
    })),
    createdAt: row.created_at,
    confirmedAt: row.confirmed_at,
  };
}
