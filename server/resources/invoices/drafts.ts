import type { Tenant } from '../../auth/principal.js';
import { deleteMetadataEntries, replaceMetadataEntries } from '../../db/metadata.js';
import { findDocumentLines, replaceDocumentLines, type DocumentLineRow } from '../../db/document-lines.js';
import { deleteInvoice, findInvoice, insertInvoice, updateInvoice, type InvoiceChanges, type InvoiceRow } from '../../db/invoices.js';
import type { DB } from '../../db/open.js';
import { withTransaction } from '../../db/transaction.js';
import { conflict, notFound } from '../../http/errors.js';
import { formatId } from '../../http/ids.js';
import { resolveContact } from '../contacts/resolve.js';
import { mergeMetadataOrThrow } from '../metadata.js';
import { baseCurrency } from '../organisation/base-currency.js';
import { draftDates, editDraftContent, priceLines, type DraftInput } from './document-drafts.js';

/** What a create, PUT or PATCH may say about a draft invoice. */
export interface InvoiceDraftInput extends DraftInput {
  dueDate?: string;
}

export interface InvoiceWithLines {
  invoice: InvoiceRow;
  lines: DocumentLineRow[];
}

export const INVOICE_NOT_FOUND = 'Invoice not found';

/** How messages name an invoice: its number once it has one. */
export function invoiceLabel(row: InvoiceRow): string {
  return row.number ?? formatId('inv', row.id);
}

export async function loadInvoice(db: DB, tenant: Tenant, id: number): Promise<InvoiceWithLines> {
  const invoice = await findInvoice(db, tenant, id);
  if (!invoice) throw notFound(INVOICE_NOT_FOUND);
  const lines = (await findDocumentLines(db, tenant, 'invoice', [id])).get(id) ?? [];
  return { invoice, lines };
}

/** Creates a draft. `quoteId` records the quote it was converted from. */
export async function createInvoiceDraft(
  db: DB,
  tenant: Tenant,
  input: InvoiceDraftInput & { contactId: string },
  nowMs: number,
  origin: { quoteId?: number } = {},
): Promise<InvoiceWithLines> {
  const now = new Date(nowMs).toISOString();
  const metadata = mergeMetadataOrThrow({}, input.metadata);
  return withTransaction(db, async (trx) => {
    const contact = await resolveContact(trx, tenant, input.contactId);
    const { issueDate, secondDate: dueDate } = draftDates('dueDate', { issueDate: input.issueDate, secondDate: input.dueDate }, null, nowMs);
    const { lines, totals } = await priceLines(trx, tenant, input.lines ?? []);
    const invoice = await insertInvoice(trx, tenant, {
      contact_id: contact.id,
      number: null,
      status: 'draft',
      issue_date: issueDate,
      due_date: dueDate,
      currency: input.currency ?? (await baseCurrency(trx, tenant)),
      reference: input.reference ?? null,
      notes: input.notes ?? null,
      ...totals,
      quote_id: origin.quoteId ?? null,
      finalised_at: null,
      paid_at: null,
      payment_date: null,
      payment_account_id: null,
      voided_at: null,
      metadata: JSON.stringify(metadata),
      created_at: now,
      updated_at: now,
    });
    await replaceDocumentLines(trx, tenant, 'invoice', invoice.id, lines);
    await replaceMetadataEntries(trx, tenant, 'invoice', invoice.id, metadata);
    return loadInvoice(trx, tenant, invoice.id);
  });
}

function assertDraft(invoice: InvoiceRow, action: 'edited' | 'deleted'): void {
  if (invoice.status === 'draft') return;
  const hint = action === 'deleted' && invoice.status === 'finalised' ? '; void it instead' : '';
  throw conflict(`Only draft invoices can be ${action}; ${invoiceLabel(invoice)} is ${invoice.status}${hint}`);
}

/**
 * PUT (`replace`) and PATCH of a draft. PUT resets what it leaves out to the create defaults
 * (except metadata, which always merges); PATCH changes only what it names.
 */
export async function updateInvoiceDraft(
  db: DB,
  tenant: Tenant,
  id: number,
  input: InvoiceDraftInput,
  replace: boolean,
  nowMs: number,
): Promise<InvoiceWithLines> {
  return withTransaction(db, async (trx) => {
    const { invoice: existing } = await loadInvoice(trx, tenant, id);
    assertDraft(existing, 'edited');
    const contactId = input.contactId !== undefined ? (await resolveContact(trx, tenant, input.contactId)).id : existing.contact_id;
    const stored = replace ? null : { issueDate: existing.issue_date, secondDate: existing.due_date };
    const { issueDate, secondDate: dueDate } = draftDates('dueDate', { issueDate: input.issueDate, secondDate: input.dueDate }, stored, nowMs);
    const changes: InvoiceChanges = {
      contact_id: contactId,
      issue_date: issueDate,
      due_date: dueDate,
      updated_at: new Date(nowMs).toISOString(),
      ...(await editDraftContent(trx, tenant, 'invoice', existing, input, replace)),
    };
    const updated = await updateInvoice(trx, tenant, id, ['draft'], changes);
    // Only a concurrent finalise between the read and this update can get here.
    if (!updated) throw conflict(`Only draft invoices can be edited; ${invoiceLabel(existing)} changed while this request ran`);
    return loadInvoice(trx, tenant, id);
  });
}

export async function deleteInvoiceDraft(db: DB, tenant: Tenant, id: number): Promise<void> {
  await withTransaction(db, async (trx) => {
    const { invoice } = await loadInvoice(trx, tenant, id);
    assertDraft(invoice, 'deleted');
    // The quote keeps pointing at the invoice it became; voiding keeps that trail, deleting would break it.
    if (invoice.quote_id !== null) {
      throw conflict(`${invoiceLabel(invoice)} was converted from quote ${formatId('quo', invoice.quote_id)}; void it instead of deleting it`);
    }
    await deleteMetadataEntries(trx, tenant, 'invoice', id);
    await deleteInvoice(trx, tenant, id);
  });
}
