import type { Tenant } from '../auth/principal.js';
import type { AppContext } from '../context.js';
import { findAccountByCode } from '../db/accounts.js';
import { tenantHasContacts } from '../db/contacts.js';
import type { DB } from '../db/open.js';
import type { Mode } from '../db/schema.js';
import { withTransaction } from '../db/transaction.js';
import { formatId } from '../http/ids.js';
import { addDays, todayIso } from '../resources/common-schemas.js';
import { createInvoiceDraft } from '../resources/invoices/drafts.js';
import { finaliseInvoice, payInvoice, voidInvoice } from '../resources/invoices/transitions.js';
import { convertQuote, createQuote, transitionQuote } from '../resources/quotes/service.js';
import { createTransaction } from '../resources/transactions/service.js';
import { insertContact } from '../db/contacts.js';
import { replaceMetadataEntries } from '../db/metadata.js';
import { addressValue } from '../resources/contacts/schemas.js';
import type { LineInput } from '../resources/invoices/lines.js';
import type { InvoiceDraftInput } from '../resources/invoices/drafts.js';
import type { TransactionInput } from '../resources/transactions/service.js';

/**
 * Demo bookkeeping data so the shell has something to click: contacts, invoices in every status,
 * quotes, categorised and uncategorised bank transactions, metadata on some of each. Written
 * through the same services as the API (so the journal is exactly what the API would post), in
 * both modes, dated relative to today. Idempotent: a mode that already has contacts is left alone.
 */
export async function seedBookkeeping(app: Pick<AppContext, 'db' | 'now'>, organisationId: number): Promise<void> {
  for (const mode of ['test', 'live'] as Mode[]) {
    await withTransaction(app.db, async (trx) => {
      const tenant = { organisationId, mode };
      if (await tenantHasContacts(trx, tenant)) return;
      await seedTenant(trx, tenant, app.now());
    });
  }
}

const CONTACTS = [
  { key: 'acme', name: 'Acme Ltd', type: 'customer', email: 'accounts@acme.example', metadata: { crmId: 'CRM-1001', tier: 'gold' } },
  { key: 'brindle', name: 'Brindle & Co', type: 'customer', email: 'hello@brindle.example', address: { line1: '14 Mill Lane', city: 'York', postcode: 'YO1 7HH', country: 'GB' } },
  { key: 'northwind', name: 'Northwind Traders', type: 'both', email: 'ap@northwind.example', metadata: { region: 'north' } },
  { key: 'harbour', name: 'Harbour Café', type: 'customer', phone: '+44 1632 960123', metadata: { tier: 'silver' } },
  { key: 'paperclip', name: 'Paperclip Supplies', type: 'supplier', email: 'orders@paperclip.example' },
  { key: 'cloudly', name: 'Cloudly Hosting', type: 'supplier', metadata: { billing: 'monthly' } },
] as const;

async function seedTenant(db: DB, tenant: Tenant, nowMs: number): Promise<void> {
  const nowIso = new Date(nowMs).toISOString();
  const today = todayIso(nowMs);
  const day = (offset: number) => addDays(today, offset);
  const account = async (code: string) => formatId('acc', (await findAccountByCode(db, tenant, code))!.id);

  const contact: Record<string, string> = {};
  for (const c of CONTACTS) {
    const metadata = 'metadata' in c ? { ...c.metadata } : {};
    const row = await insertContact(db, tenant, {
      name: c.name,
      type: c.type,
      email: 'email' in c ? c.email : null,
      phone: 'phone' in c ? c.phone : null,
      tax_number: null,
      address: 'address' in c ? JSON.stringify(addressValue(c.address)) : null,
      metadata: JSON.stringify(metadata),
      created_at: nowIso,
      updated_at: nowIso,
    });
    await replaceMetadataEntries(db, tenant, 'contact', row.id, metadata);
    contact[c.key] = formatId('cont', row.id);
  }
  const consulting = await account('4100');

  // Invoices: paid, finalised (one overdue), void, and two drafts.
  const invoice = async (contactKey: string, issueOffset: number, lines: LineInput[], extra: InvoiceDraftInput = {}) =>
    (await createInvoiceDraft(db, tenant, { ...extra, contactId: contact[contactKey]!, issueDate: day(issueOffset), lines }, nowMs)).invoice.id;
  const paid = await invoice('acme', -60, [
    { description: 'Consulting — discovery workshop', quantity: 4, unitPrice: 65_000, taxRate: 20, accountId: consulting },
    { description: 'Travel expenses', unitPrice: 8_450, taxRate: 20 },
  ], { reference: 'PO-4471', metadata: { project: 'discovery' } });
  await finaliseInvoice(db, tenant, paid, nowMs);
  await payInvoice(db, tenant, paid, { date: day(-35) }, nowMs);
  const overdue = await invoice('northwind', -45, [{ description: 'Wholesale order — 120 units', quantity: 120, unitPrice: 1_250, taxRate: 20 }]);
  await finaliseInvoice(db, tenant, overdue, nowMs);
  const open = await invoice('brindle', -10, [
    { description: 'Website build — phase 1', unitPrice: 240_000, taxRate: 20 },
    { description: 'Hosting set-up', unitPrice: 4_999, taxRate: 20 },
  ], { notes: 'Payment within 30 days, please.' });
  await finaliseInvoice(db, tenant, open, nowMs);
  const voided = await invoice('harbour', -30, [{ description: 'Catering (cancelled)', quantity: 1.5, unitPrice: 12_000, taxRate: 20 }]);
  await finaliseInvoice(db, tenant, voided, nowMs);
  await voidInvoice(db, tenant, voided, nowMs);
  await invoice('harbour', -2, [{ description: 'Coffee beans, 1 kg', quantity: 12, unitPrice: 1_899, taxRate: 0 }], { metadata: { orderId: 'A-1001' } });
  await invoice('acme', 0, [
    { description: 'Consulting — follow-up', quantity: 1.5, unitPrice: 65_000, taxRate: 20, accountId: consulting },
    { description: 'Returning-customer discount', unitPrice: -5_000, taxRate: 20 },
  ]);

  // Quotes in every status.
  const quote = async (contactKey: string, issueOffset: number, lines: LineInput[], metadata?: Record<string, string>) =>
    (await createQuote(db, tenant, { contactId: contact[contactKey]!, issueDate: day(issueOffset), lines, metadata }, nowMs)).quote.id;
  await quote('northwind', -1, [{ description: 'Spring range — 200 units', quantity: 200, unitPrice: 1_150, taxRate: 20 }], { campaign: 'spring' });
  const sent = await quote('harbour', -7, [{ description: 'Monthly coffee supply', quantity: 12, unitPrice: 1_799, taxRate: 0 }]);
  await transitionQuote(db, tenant, sent, 'send', nowMs);
  const accepted = await quote('brindle', -12, [{ description: 'Website build — phase 2', unitPrice: 180_000, taxRate: 20 }]);
  await transitionQuote(db, tenant, accepted, 'send', nowMs);
  await transitionQuote(db, tenant, accepted, 'accept', nowMs);
  const converted = await quote('acme', -20, [{ description: 'Quarterly retainer', quantity: 3, unitPrice: 50_000, taxRate: 20, accountId: consulting }]);
  await transitionQuote(db, tenant, converted, 'send', nowMs);
  await convertQuote(db, tenant, converted, nowMs);
  const declined = await quote('northwind', -25, [{ description: 'Premium shelving', quantity: 10, unitPrice: 9_900, taxRate: 20 }]);
  await transitionQuote(db, tenant, declined, 'send', nowMs);
  await transitionQuote(db, tenant, declined, 'decline', nowMs);

  // Bank transactions: categorised (posted) and waiting to be categorised.
  const txn = async (offset: number, description: string, amount: number, extra: TransactionInput & { accountId?: string } = {}) =>
    createTransaction(db, tenant, { date: day(offset), description, amount, ...extra }, nowMs);
  await txn(-90, 'Owner capital introduced', 1_000_000, { accountId: await account('3000'), reference: 'CAPITAL' });
  await txn(-31, 'Office rent — Mill Lane', -120_000, { accountId: await account('7100'), reference: 'SO RENT' });
  await txn(-28, 'Cloudly Hosting', -4_999, { accountId: await account('7600'), contactId: contact.cloudly, metadata: { invoiceRef: 'CLD-2291' } });
  await txn(-21, 'Paperclip Supplies — stationery', -2_340, { accountId: await account('7500'), contactId: contact.paperclip });
  await txn(-14, 'Interest', 412, { accountId: await account('4900') });
  await txn(-5, 'Monthly account fee', -500, { reference: 'FEE' });
  await txn(-4, 'AMZN MKTP UK', -3_597, { metadata: { receipt: 'missing' } });
  await txn(-3, 'Faster payment — Harbour Cafe', 12_000, { contactId: contact.harbour, reference: 'HARBOUR' });
  await txn(-1, 'TRAINLINE', -6_450);
}
