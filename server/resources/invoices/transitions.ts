import type { Tenant } from '../../auth/principal.js';
import { findAccount } from '../../db/accounts.js';
import { findJournalEntriesBySource, findJournalLines } from '../../db/journal.js';
import { updateInvoice, type InvoiceRow } from '../../db/invoices.js';
import type { DB } from '../../db/open.js';
import { nextDocumentNumber } from '../../db/sequences.js';
import { withTransaction } from '../../db/transaction.js';
import { conflict, validationError } from '../../http/errors.js';
import { invoiceFinalisation, invoicePayment, reversal } from '../../ledger/entries.js';
import { postEntry } from '../../ledger/post.js';
import { systemAccount } from '../../ledger/system-accounts.js';
import { parseRef, refNotFound, todayIso } from '../common-schemas.js';
import { baseCurrency } from '../organisation/base-currency.js';
import { invoiceLabel, loadInvoice, type InvoiceWithLines } from './drafts.js';

/**
 * The invoice lifecycle: draft → finalised → paid, and void from draft or finalised. Each
 * transition is one transaction: a conditional status update (so two racing requests cannot both
 * win) plus its journal entry.
 */

export function formatInvoiceNumber(n: number): string {
  return `INV-${String(n).padStart(4, '0')}`;
}

function illegal(invoice: InvoiceRow, action: string, allowed: string): never {
  throw conflict(`Only ${allowed} invoices can be ${action}; ${invoiceLabel(invoice)} is ${invoice.status}`);
}

/** Applies a status change guarded by the statuses it may come from; a lost race is a 409. */
async function transition(db: DB, tenant: Tenant, invoice: InvoiceRow, from: InvoiceRow['status'][], changes: Parameters<typeof updateInvoice>[4]) {
  const updated = await updateInvoice(db, tenant, invoice.id, from, changes);
  if (!updated) throw conflict(`${invoiceLabel(invoice)} changed while this request ran; fetch it and try again`);
  return updated;
}

/** Allocates the next INV-number and posts debtors Dr / income Cr / VAT Cr, dated the issue date. */
export async function finaliseInvoice(db: DB, tenant: Tenant, id: number, nowMs: number): Promise<InvoiceWithLines> {
  const now = new Date(nowMs).toISOString();
  return withTransaction(db, async (trx) => {
    const { invoice, lines } = await loadInvoice(trx, tenant, id);
    if (invoice.status === 'finalised') throw conflict(`${invoiceLabel(invoice)} is already finalised`);
    if (invoice.status !== 'draft') illegal(invoice, 'finalised', 'draft');
    if (!lines.length) throw conflict(`${invoiceLabel(invoice)} has no lines; add at least one before finalising it`);
    if (invoice.total < 0) throw conflict(`${invoiceLabel(invoice)} has a negative total; an invoice must be worth zero or more`);
    const currency = await baseCurrency(trx, tenant);
    if (invoice.currency !== currency) {
      throw conflict(`${invoiceLabel(invoice)} is in ${invoice.currency}; only invoices in the base currency (${currency}) can be posted to the ledger`);
    }
    const number = formatInvoiceNumber(await nextDocumentNumber(trx, tenant, 'invoice'));
    const finalised = await transition(trx, tenant, invoice, ['draft'], { status: 'finalised', number, finalised_at: now, updated_at: now });
    const [debtors, vat] = [await systemAccount(trx, tenant, 'debtors'), await systemAccount(trx, tenant, 'vat')];
    await postEntry(trx, tenant, {
      date: invoice.issue_date,
      description: `Invoice ${number}`,
      currency,
      sourceType: 'invoice',
      sourceId: invoice.id,
      createdAt: now,
      lines: invoiceFinalisation({
        debtorsAccountId: debtors.id,
        vatAccountId: vat.id,
        lines: lines.map((l) => ({ accountId: l.account_id, netAmount: l.net_amount, taxAmount: l.tax_amount })),
      }),
    });
    return { invoice: finalised, lines };
  });
}

/** Records payment in full: bank (or the given asset account) Dr, debtors Cr, on the payment date. */
export async function payInvoice(
  db: DB,
  tenant: Tenant,
  id: number,
  input: { date?: string; accountId?: string },
  nowMs: number,
): Promise<InvoiceWithLines> {
  const now = new Date(nowMs).toISOString();
  return withTransaction(db, async (trx) => {
    const { invoice, lines } = await loadInvoice(trx, tenant, id);
    if (invoice.status === 'paid') throw conflict(`${invoiceLabel(invoice)} is already paid`);
    if (invoice.status !== 'finalised') illegal(invoice, 'paid', 'finalised');
    const date = input.date ?? todayIso(nowMs);
    if (date < invoice.issue_date) throw validationError([{ field: 'date', message: `Must not be before the invoice's issue date (${invoice.issue_date})` }]);
    let bank;
    if (input.accountId === undefined) {
      bank = await systemAccount(trx, tenant, 'bank');
    } else {
      bank = await findAccount(trx, tenant, parseRef('acc', input.accountId));
      if (!bank) throw refNotFound('acc', input.accountId);
      if (bank.type !== 'asset') {
        throw validationError([{ field: 'accountId', message: `Must be an asset (bank) account; ${bank.code} ${bank.name} is a ${bank.type} account` }]);
      }
      if (bank.system_key === 'debtors') throw validationError([{ field: 'accountId', message: 'Must be a bank account, not Debtors' }]);
    }
    const debtors = await systemAccount(trx, tenant, 'debtors');
    const paid = await transition(trx, tenant, invoice, ['finalised'], {
      status: 'paid',
      paid_at: now,
      payment_date: date,
      payment_account_id: bank.id,
      updated_at: now,
    });
    await postEntry(trx, tenant, {
      date,
      description: `Payment of invoice ${invoiceLabel(invoice)}`,
      currency: invoice.currency,
      sourceType: 'invoice_payment',
      sourceId: invoice.id,
      createdAt: now,
      lines: invoicePayment({ bankAccountId: bank.id, debtorsAccountId: debtors.id, amount: invoice.total }),
    });
    return { invoice: paid, lines };
  });
}

/**
 * Voids a draft (nothing was posted) or a finalised invoice (its finalisation is reversed, dated
 * today — or the issue date if that is later — so earlier reports stay as they were). A paid
 * invoice cannot be voided: the money was received.
 */
export async function voidInvoice(db: DB, tenant: Tenant, id: number, nowMs: number): Promise<InvoiceWithLines> {
  const now = new Date(nowMs).toISOString();
  return withTransaction(db, async (trx) => {
    const { invoice, lines } = await loadInvoice(trx, tenant, id);
    if (invoice.status === 'void') throw conflict(`${invoiceLabel(invoice)} is already void`);
    if (invoice.status === 'paid') throw conflict(`${invoiceLabel(invoice)} is paid; a paid invoice cannot be voided`);
    const voided = await transition(trx, tenant, invoice, ['draft', 'finalised'], { status: 'void', voided_at: now, updated_at: now });
    if (invoice.status === 'finalised') {
      const today = todayIso(nowMs);
      for (const entry of await findJournalEntriesBySource(trx, tenant, 'invoice', invoice.id)) {
        await postEntry(trx, tenant, {
          date: today > invoice.issue_date ? today : invoice.issue_date,
          description: `Void of invoice ${invoiceLabel(invoice)}`,
          currency: entry.currency,
          sourceType: 'invoice_void',
          sourceId: invoice.id,
          createdAt: now,
          lines: reversal((await findJournalLines(trx, tenant, entry.id)).map((l) => ({ accountId: l.account_id, debit: l.debit, credit: l.credit }))),
        });
      }
    }
    return { invoice: voided, lines };
  });
}
