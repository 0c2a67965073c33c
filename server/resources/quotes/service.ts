import type { Tenant } from '../../auth/principal.js';
import { deleteMetadataEntries, replaceMetadataEntries } from '../../db/metadata.js';
import type { DB } from '../../db/open.js';
import { findDocumentLines, replaceDocumentLines, type DocumentLineRow } from '../../db/document-lines.js';
import { deleteQuote, findQuote, insertQuote, updateQuote, type QuoteChanges, type QuoteRow, type QuoteStatus } from '../../db/quotes.js';
import { nextDocumentNumber } from '../../db/sequences.js';
import { withTransaction } from '../../db/transaction.js';
import { conflict, notFound } from '../../http/errors.js';
import { formatId } from '../../http/ids.js';
import { resolveContact } from '../contacts/resolve.js';
import { draftDates, editDraftContent, priceLines, type DraftInput } from '../invoices/document-drafts.js';
import { createInvoiceDraft } from '../invoices/drafts.js';
import { lineAsInput } from '../invoices/lines.js';
import { mergeMetadataOrThrow } from '../metadata.js';
import { baseCurrency } from '../organisation/base-currency.js';

export interface QuoteInput extends DraftInput {
  expiryDate?: string;
}

export interface QuoteWithLines {
  quote: QuoteRow;
  lines: DocumentLineRow[];
}

export const QUOTE_NOT_FOUND = 'Quote not found';

export function formatQuoteNumber(n: number): string {
  return `QUO-${String(n).padStart(4, '0')}`;
}

export async function loadQuote(db: DB, tenant: Tenant, id: number): Promise<QuoteWithLines> {
  const quote = await findQuote(db, tenant, id);
  if (!quote) throw notFound(QUOTE_NOT_FOUND);
  return { quote, lines: (await findDocumentLines(db, tenant, 'quote', [id])).get(id) ?? [] };
}

/** Quotes are numbered at creation (a quote is sent as soon as it exists, often); deleted drafts leave gaps. */
export async function createQuote(db: DB, tenant: Tenant, input: QuoteInput & { contactId: string }, nowMs: number): Promise<QuoteWithLines> {
  const now = new Date(nowMs).toISOString();
  const metadata = mergeMetadataOrThrow({}, input.metadata);
  return withTransaction(db, async (trx) => {
    const contact = await resolveContact(trx, tenant, input.contactId);
    const { issueDate, secondDate: expiryDate } = draftDates('expiryDate', { issueDate: input.issueDate, secondDate: input.expiryDate }, null, nowMs);
    const { lines, totals } = await priceLines(trx, tenant, input.lines ?? []);
    const quote = await insertQuote(trx, tenant, {
      contact_id: contact.id,
      number: formatQuoteNumber(await nextDocumentNumber(trx, tenant, 'quote')),
      status: 'draft',
      issue_date: issueDate,
      expiry_date: expiryDate,
      currency: input.currency ?? (await baseCurrency(trx, tenant)),
      reference: input.reference ?? null,
      notes: input.notes ?? null,
      ...totals,
      invoice_id: null,
      sent_at: null,
      accepted_at: null,
      declined_at: null,
      converted_at: null,
      metadata: JSON.stringify(metadata),
      created_at: now,
      updated_at: now,
    });
    await replaceDocumentLines(trx, tenant, 'quote', quote.id, lines);
    await replaceMetadataEntries(trx, tenant, 'quote', quote.id, metadata);
    return loadQuote(trx, tenant, quote.id);
  });
}

function assertDraft(quote: QuoteRow, action: 'edited' | 'deleted'): void {
  if (quote.status !== 'draft') throw conflict(`Only draft quotes can be ${action}; ${quote.number} is ${quote.status}`);
}

export async function updateQuoteDraft(db: DB, tenant: Tenant, id: number, input: QuoteInput, replace: boolean, nowMs: number): Promise<QuoteWithLines> {
  return withTransaction(db, async (trx) => {
    const { quote: existing } = await loadQuote(trx, tenant, id);
    assertDraft(existing, 'edited');
    const contactId = input.contactId !== undefined ? (await resolveContact(trx, tenant, input.contactId)).id : existing.contact_id;
    const stored = replace ? null : { issueDate: existing.issue_date, secondDate: existing.expiry_date };
    const { issueDate, secondDate: expiryDate } = draftDates('expiryDate', { issueDate: input.issueDate, secondDate: input.expiryDate }, stored, nowMs);
    const changes: QuoteChanges = {
      contact_id: contactId,
      issue_date: issueDate,
      expiry_date: expiryDate,
      updated_at: new Date(nowMs).toISOString(),
      ...(await editDraftContent(trx, tenant, 'quote', existing, input, replace)),
    };
    if (!(await updateQuote(trx, tenant, id, ['draft'], changes))) throw conflict(`${existing.number} changed while this request ran; fetch it and try again`);
    return loadQuote(trx, tenant, id);
  });
}

export async function deleteQuoteDraft(db: DB, tenant: Tenant, id: number): Promise<void> {
  await withTransaction(db, async (trx) => {
    const { quote } = await loadQuote(trx, tenant, id);
    assertDraft(quote, 'deleted');
    await deleteMetadataEntries(trx, tenant, 'quote', id);
    await deleteQuote(trx, tenant, id);
  });
}

export type QuoteAction = 'send' | 'accept' | 'decline';

const TRANSITIONS: Record<QuoteAction, { from: QuoteStatus[]; to: QuoteStatus; stamp: 'sent_at' | 'accepted_at' | 'declined_at'; past: string }> = {
  send: { from: ['draft'], to: 'sent', stamp: 'sent_at', past: 'sent' },
  accept: { from: ['sent'], to: 'accepted', stamp: 'accepted_at', past: 'accepted' },
  decline: { from: ['sent'], to: 'declined', stamp: 'declined_at', past: 'declined' },
};

export async function transitionQuote(db: DB, tenant: Tenant, id: number, action: QuoteAction, nowMs: number): Promise<QuoteWithLines> {
  const now = new Date(nowMs).toISOString();
  const rule = TRANSITIONS[action];
  return withTransaction(db, async (trx) => {
    const { quote } = await loadQuote(trx, tenant, id);
    if (quote.status === rule.to) throw conflict(`${quote.number} is already ${rule.to}`);
    if (!rule.from.includes(quote.status)) {
      const need = action === 'send' ? 'Only draft quotes can be sent' : `Only sent quotes can be ${rule.past}`;
      throw conflict(`${need}; ${quote.number} is ${quote.status}`);
    }
    if (!(await updateQuote(trx, tenant, id, rule.from, { status: rule.to, [rule.stamp]: now, updated_at: now }))) {
      throw conflict(`${quote.number} changed while this request ran; fetch it and try again`);
    }
    return loadQuote(trx, tenant, id);
  });
}

/** Makes a draft invoice with the quote's contact, currency, reference, notes and lines; marks the quote converted. */
export async function convertQuote(db: DB, tenant: Tenant, id: number, nowMs: number): Promise<QuoteWithLines> {
  const now = new Date(nowMs).toISOString();
  return withTransaction(db, async (trx) => {
    const { quote, lines } = await loadQuote(trx, tenant, id);
    if (quote.status === 'converted') throw conflict(`${quote.number} was already converted into invoice ${formatId('inv', quote.invoice_id!)}`);
    if (quote.status === 'declined') throw conflict(`${quote.number} was declined; a declined quote cannot be converted`);
    const converting: QuoteStatus[] = ['draft', 'sent', 'accepted'];
    // Claim the quote before creating the invoice, so a racing conversion makes no second invoice.
    if (!(await updateQuote(trx, tenant, id, converting, { status: 'converted', converted_at: now, updated_at: now }))) {
      throw conflict(`${quote.number} changed while this request ran; fetch it and try again`);
    }
    const { invoice } = await createInvoiceDraft(
      trx,
      tenant,
      {
        contactId: formatId('cont', quote.contact_id),
        currency: quote.currency,
        reference: quote.reference ?? quote.number,
        notes: quote.notes,
        lines: lines.map(lineAsInput),
      },
      nowMs,
      { quoteId: quote.id },
    );
    await updateQuote(trx, tenant, id, ['converted'], { invoice_id: invoice.id });
    return loadQuote(trx, tenant, id);
  });
}
