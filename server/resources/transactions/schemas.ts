import { z } from 'zod';
import type { Resource } from '../../http/route.js';
import { MAX_LINE_AMOUNT } from '../../ledger/amounts.js';
import { currencySchema, dateSchema, optionalText, refSchema, requiredText } from '../common-schemas.js';
import { metadataPatchSchema, metadataSchema } from '../metadata.js';

export const TRANSACTION_STATUSES = ['uncategorised', 'categorised'] as const;

const editableFields = {
  date: dateSchema,
  description: requiredText(500),
  amount: z
    .number()
    .int({ message: 'Must be a whole number of minor units (pence)' })
    .min(-MAX_LINE_AMOUNT)
    .max(MAX_LINE_AMOUNT)
    .refine((v) => v !== 0, { message: 'Must not be zero' })
    .describe('Signed minor units: money in positive, money out negative'),
  currency: currencySchema.optional().describe("Default the organisation's base currency"),
  reference: optionalText(200),
  contactId: refSchema('cont').nullable().optional(),
  bankAccountId: refSchema('acc').optional().describe('The asset account the money moved through; default the Bank account (1200)'),
  metadata: metadataPatchSchema.optional(),
};

export const transactionBody = z.strictObject({
  ...editableFields,
  accountId: refSchema('acc').optional().describe('Categorise at once against this account (posts to the ledger)'),
});

/** PUT: date, description and amount are required; the category changes only through /categorise. */
export const transactionReplaceBody = z.strictObject(editableFields);
export const transactionPatchBody = z.strictObject(editableFields).partial();

export const categoriseBody = z.strictObject({ accountId: refSchema('acc') });

export const TransactionSchema = z
  .object({
    id: z.string().meta({ examples: ['txn_1'] }),
    date: z.string(),
    description: z.string(),
    amount: z.number().int().describe('Signed minor units: money in positive, money out negative'),
    currency: z.string(),
    reference: z.string().nullable(),
    contactId: z.string().nullable(),
    accountId: z.string().nullable().describe('The category account; null while uncategorised'),
    bankAccountId: z.string(),
    status: z.enum(TRANSACTION_STATUSES),
    metadata: metadataSchema,
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .describe('A bank transaction. Categorising it posts bank against the category account.');

export const TransactionResource: Resource = { name: 'Transaction', prefix: 'txn', schema: TransactionSchema };
