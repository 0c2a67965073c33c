import type { z } from 'zod';
import type { DocumentLineRow } from '../../db/document-lines.js';
import type { InvoiceRow } from '../../db/invoices.js';
import { formatId } from '../../http/ids.js';
import { parseStoredMetadata } from '../metadata.js';
import { lineView } from './lines.js';
import type { InvoiceSchema } from './schemas.js';

export function invoiceView(row: InvoiceRow, lines: readonly DocumentLineRow[]): z.infer<typeof InvoiceSchema> {
  return {
    id: formatId('inv', row.id),
    number: row.number,
    status: row.status,
    contactId: formatId('cont', row.contact_id),
    issueDate: row.issue_date,
    dueDate: row.due_date,
    currency: row.currency,
    reference: row.reference,
    notes: row.notes,
    lines: lines.map(lineView),
    subtotal: row.subtotal,
    taxTotal: row.tax_total,
    total: row.total,
    amountDue: row.status === 'draft' || row.status === 'finalised' ? row.total : 0,
    quoteId: row.quote_id === null ? null : formatId('quo', row.quote_id),
    finalisedAt: row.finalised_at,
    paidAt: row.paid_at,
    paymentDate: row.payment_date,
    paymentAccountId: row.payment_account_id === null ? null : formatId('acc', row.payment_account_id),
    voidedAt: row.voided_at,
    metadata: parseStoredMetadata(row.metadata),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
