import type { z } from 'zod';
import type { DocumentLineRow } from '../../db/document-lines.js';
import type { QuoteRow } from '../../db/quotes.js';
import { formatId } from '../../http/ids.js';
import { lineView } from '../invoices/lines.js';
import { parseStoredMetadata } from '../metadata.js';
import type { QuoteSchema } from './schemas.js';

export function quoteView(row: QuoteRow, lines: readonly DocumentLineRow[]): z.infer<typeof QuoteSchema> {
  return {
    id: formatId('quo', row.id),
    number: row.number,
    status: row.status,
    contactId: formatId('cont', row.contact_id),
    issueDate: row.issue_date,
    expiryDate: row.expiry_date,
    currency: row.currency,
    reference: row.reference,
    notes: row.notes,
    lines: lines.map(lineView),
    subtotal: row.subtotal,
    taxTotal: row.tax_total,
    total: row.total,
    invoiceId: row.invoice_id === null ? null : formatId('inv', row.invoice_id),
    sentAt: row.sent_at,
    acceptedAt: row.accepted_at,
    declinedAt: row.declined_at,
    convertedAt: row.converted_at,
    metadata: parseStoredMetadata(row.metadata),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
