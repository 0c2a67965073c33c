import { z } from 'zod';
import type { Resource } from '../../http/route.js';
import { dateSchema, refSchema } from '../common-schemas.js';
import { metadataSchema } from '../metadata.js';
import { draftBodyFields } from './document-drafts.js';
import { LineSchema, ROUNDING_NOTE } from './lines.js';

export const INVOICE_STATUSES = ['draft', 'finalised', 'paid', 'void'] as const;

const invoiceFields = draftBodyFields('dueDate');

/** POST and PUT (a PUT resets what it leaves out, except metadata, which merges). */
export const invoiceBody = z.strictObject(invoiceFields);
export const invoicePatchBody = z.strictObject(invoiceFields).partial();

export const payInvoiceBody = z.strictObject({
  date: dateSchema.optional().describe('Payment date; default today, not before the issue date'),
  accountId: refSchema('acc').optional().describe('The asset (bank) account that received the money; default the Bank account (1200)'),
});

export const InvoiceSchema = z
  .object({
    id: z.string().meta({ examples: ['inv_1'] }),
    number: z.string().nullable().describe('INV-0001…, allocated when the invoice is finalised'),
    status: z.enum(INVOICE_STATUSES),
    contactId: z.string().meta({ examples: ['cont_1'] }),
    issueDate: z.string(),
    dueDate: z.string(),
    currency: z.string(),
    reference: z.string().nullable(),
    notes: z.string().nullable(),
    lines: z.array(LineSchema),
    subtotal: z.number().int(),
    taxTotal: z.number().int(),
    total: z.number().int(),
    amountDue: z.number().int().describe('What is still owed: the total until paid or voided, then 0'),
    quoteId: z.string().nullable().describe('The quote this invoice was converted from'),
    finalisedAt: z.string().nullable(),
    paidAt: z.string().nullable(),
    paymentDate: z.string().nullable(),
    paymentAccountId: z.string().nullable(),
    voidedAt: z.string().nullable(),
    metadata: metadataSchema,
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .describe(`A sales invoice: draft → finalised → paid, or void. ${ROUNDING_NOTE}`);

export const InvoiceResource: Resource = { name: 'Invoice', prefix: 'inv', schema: InvoiceSchema };
