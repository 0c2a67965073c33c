import type { Tenant } from '../../auth/principal.js';
import { deleteMetadataEntries, replaceMetadataEntries } from '../../db/metadata.js';
import { findOrganisation } from '../../db/organisations.js';
import {
  deleteInvoice,
  findInvoice,
  findInvoiceLines,
  insertInvoice,
  replaceInvoiceLines,
  updateInvoice,
  type InvoiceLineRow,
  type InvoiceRow,
} from '../../db/invoices.js';
import type { DB } from '../../db/open.js';
import { withTransaction } from '../../db/transaction.js';
import { conflict, notFound, validationError } from '../../http/errors.js';
import { formatId } from '../../http/ids.js';
import { documentTotals } from '../../ledger/amounts.js';
import { addDays, todayIso } from '../common-schemas.js';
import { resolveContact } from '../contacts/resolve.js';
import { mergeMetadataOrThrow, parseStoredMetadata, type MetadataPatch } from '../metadata.js';
import { resolveLines, type LineInput } from './lines.js';

/** What a create, PUT or PATCH may say about a draft invoice. */
export interface InvoiceDraftInput {
  contactId?: string;
  issueDate?: string;
  dueDate?: string;
  currency?: string;
  reference?: string | null;
  notes?: string | null;
  lines?: LineInput[];
  metadata?: MetadataPatch;
}

export interface InvoiceWithLines {
  invoice: InvoiceRow;
  lines: InvoiceLineRow[];
}

export const INVOICE_NOT_FOUND = 'Invoice not found';

/** How messages name an invoice: its number once it has one. */
export function invoiceLabel(row: InvoiceRow): string {
  return row.number ?? formatId('inv', row.id);
}

export async function loadInvoice(db: DB, tenant: Tenant, id: number): Promise<InvoiceWithLines> {
  const invoice = await findInvoice(db, tenant, id);
  if (!invoice) throw notFound(INVOICE_NOT_FOUND);
  const lines = (await findInvoiceLines(db, tenant, [id])).get(id) ?? [];
  return { invoice, lines };
}

export async function baseCurrency(db: DB, tenant: Tenant): Promise<string> {
  return (await findOrganisation(db, tenant.organisationId))?.base_currency ?? 'GBP';
}

function checkDates(issueDate: string, dueDate: string): void {
  if (dueDate < issueDate) throw validationError([{ field: 'dueDate', message: `Must not be before the issue date (${issueDate})` }]);
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
    const issueDate = input.issueDate ?? todayIso(nowMs);
    const dueDate = input.dueDate ?? addDays(issueDate, 30);
    checkDates(issueDate, dueDate);
    const lines = await resolveLines(trx, tenant, input.lines ?? []);
    const totals = documentTotals(lines.map((l) => ({ netAmount: l.net_amount, taxAmount: l.tax_amount })));
    const invoice = await insertInvoice(trx, tenant, {
      contact_id: contact.id,
      number: null,
      status: 'draft',
      issue_date: issueDate,
      due_date: dueDate,
      currency: input.currency ?? (await baseCurrency(trx, tenant)),
      reference: input.reference ?? null,
      notes: input.notes ?? null,
      subtotal: totals.subtotal,
      tax_total: totals.taxTotal,
      total: totals.total,
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
    await replaceInvoiceLines(trx, tenant, invoice.id, lines);
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
    const issueDate = input.issueDate ?? (replace ? todayIso(nowMs) : existing.issue_date);
    const dueDate = input.dueDate ?? (replace ? addDays(issueDate, 30) : existing.due_date);
    checkDates(issueDate, dueDate);
    const changes: Parameters<typeof updateInvoice>[4] = {
      contact_id: contactId,
      issue_date: issueDate,
      due_date: dueDate,
      updated_at: new Date(nowMs).toISOString(),
    };
    if (input.currency !== undefined || replace) changes.currency = input.currency ?? (await baseCurrency(trx, tenant));
    if (input.reference !== undefined || replace) changes.reference = input.reference ?? null;
    if (input.notes !== undefined || replace) changes.notes = input.notes ?? null;
    if (input.lines !== undefined || replace) {
      const lines = await resolveLines(trx, tenant, input.lines ?? []);
      const totals = documentTotals(lines.map((l) => ({ netAmount: l.net_amount, taxAmount: l.tax_amount })));
      Object.assign(changes, { subtotal: totals.subtotal, tax_total: totals.taxTotal, total: totals.total });
      await replaceInvoiceLines(trx, tenant, id, lines);
    }
    if (input.metadata !== undefined) {
      const metadata = mergeMetadataOrThrow(parseStoredMetadata(existing.metadata), input.metadata);
      changes.metadata = JSON.stringify(metadata);
      await replaceMetadataEntries(trx, tenant, 'invoice', id, metadata);
    }
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
