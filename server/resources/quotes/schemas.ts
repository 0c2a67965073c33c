import { z } from 'zod';
import type { Resource } from '../../http/route.js';
import { draftBodyFields } from '../invoices/document-drafts.js';
import { LineSchema, ROUNDING_NOTE } from '../invoices/lines.js';
import { metadataSchema } from '../metadata.js';

export const QUOTE_STATUSES = ['draft', 'sent', 'accepted', 'declined', 'converted'] as const;

export const QUOTE_LIFECYCLE =
  'Statuses: draft → sent (POST /send) → accepted (POST /accept) or declined (POST /decline); ' +
  'POST /convert turns a draft, sent or accepted quote into a draft invoice and marks the quote converted. ' +
  'Only drafts can be edited or deleted. Quotes are numbered QUO-0001… when created and never post to the ledger.';

const quoteFields = draftBodyFields('expiryDate');

export const quoteBody = z.strictObject(quoteFields);
export const quotePatchBody = z.strictObject(quoteFields).partial();

export const QuoteSchema = z
  .object({
    id: z.string().meta({ examples: ['quo_1'] }),
    number: z.string().describe('QUO-0001…'),
    status: z.enum(QUOTE_STATUSES),
    contactId: z.string().meta({ examples: ['cont_1'] }),
    issueDate: z.string(),
    expiryDate: z.string(),
    currency: z.string(),
    reference: z.string().nullable(),
    notes: z.string().nullable(),
    lines: z.array(LineSchema),
    subtotal: z.number().int(),
    taxTotal: z.number().int(),
    total: z.number().int(),
    invoiceId: z.string().nullable().describe('The draft invoice it was converted into'),
    sentAt: z.string().nullable(),
    acceptedAt: z.string().nullable(),
    declinedAt: z.string().nullable(),
    convertedAt: z.string().nullable(),
    metadata: metadataSchema,
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .describe(`A quote (estimate). ${QUOTE_LIFECYCLE} ${ROUNDING_NOTE}`);

export const QuoteResource: Resource = { name: 'Quote', prefix: 'quo', schema: QuoteSchema };
