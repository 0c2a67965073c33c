import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Tenant } from '../auth/principal.js';
import type { Page } from '../http/validation.js';
import type { DB } from './open.js';
import type { DocumentLinesColumns, InvoiceLinesTable, InvoicesTable } from './schema.js';
import { idsWithMetadata } from './metadata.js';

export type InvoiceRow = Selectable<InvoicesTable>;
export type InvoiceLineRow = Selectable<InvoiceLinesTable>;
export type InvoiceStatus = InvoiceRow['status'];
export type NewInvoice = Omit<Insertable<InvoicesTable>, 'id' | 'organisation_id' | 'mode'>;
export type InvoiceChanges = Omit<Updateable<InvoicesTable>, 'id' | 'organisation_id' | 'mode' | 'created_at'>;
/** A line as stored, without its keys. */
export type NewDocumentLine = Omit<Insertable<DocumentLinesColumns>, 'id' | 'organisation_id' | 'mode' | 'position'>;

export interface InvoiceFilter {
  status?: InvoiceStatus;
  contactId?: number;
  metadata?: Record<string, string>;
}

/** PostgreSQL returns bigint columns as numbers (see open.ts); this keeps SQLite and PG rows alike. */
function money<T extends { subtotal: number; tax_total: number; total: number }>(row: T): T {
  return { ...row, subtotal: Number(row.subtotal), tax_total: Number(row.tax_total), total: Number(row.total) };
}

export async function insertInvoice(db: DB, tenant: Tenant, values: NewInvoice): Promise<InvoiceRow> {
  const row = await db
    .insertInto('invoices')
    .values({ ...values, organisation_id: tenant.organisationId, mode: tenant.mode })
    .returningAll()
    .executeTakeFirstOrThrow();
  return money(row);
}

export async function findInvoice(db: DB, tenant: Tenant, id: number): Promise<InvoiceRow | undefined> {
  const row = await db
    .selectFrom('invoices')
    .selectAll()
    .where('id', '=', id)
    .where('organisation_id', '=', tenant.organisationId)
    .where('mode', '=', tenant.mode)
    .executeTakeFirst();
  return row && money(row);
}

export async function listInvoices(db: DB, tenant: Tenant, filter: InvoiceFilter, page: Page): Promise<{ rows: InvoiceRow[]; total: number }> {
  let base = db.selectFrom('invoices').where('organisation_id', '=', tenant.organisationId).where('mode', '=', tenant.mode);
  if (filter.status) base = base.where('status', '=', filter.status);
  if (filter.contactId !== undefined) base = base.where('contact_id', '=', filter.contactId);
  for (const [key, value] of Object.entries(filter.metadata ?? {})) {
    base = base.where('id', 'in', idsWithMetadata(db, tenant, 'invoice', key, value));
  }
  const [count, rows] = await Promise.all([
    base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
    base
      .selectAll()
      .orderBy('id', 'desc')
      .limit(page.perPage)
      .offset((page.page - 1) * page.perPage)
      .execute(),
  ]);
  return { rows: rows.map(money), total: Number(count.n) };
}

/** Updates the invoice only while its status is one of `fromStatuses`: transitions cannot race. */
export async function updateInvoice(
  db: DB,
  tenant: Tenant,
  id: number,
  fromStatuses: readonly InvoiceStatus[],
  changes: InvoiceChanges,
): Promise<InvoiceRow | undefined> {
  const row = await db
    .updateTable('invoices')
    .set(changes)
    .where('id', '=', id)
    .where('organisation_id', '=', tenant.organisationId)
    .where('mode', '=', tenant.mode)
    .where('status', 'in', [...fromStatuses])
    .returningAll()
    .executeTakeFirst();
  return row && money(row);
}

export async function deleteInvoice(db: DB, tenant: Tenant, id: number): Promise<void> {
  await db
    .deleteFrom('invoice_lines')
    .where('invoice_id', '=', id)
    .where('organisation_id', '=', tenant.organisationId)
    .where('mode', '=', tenant.mode)
    .execute();
  await db
    .deleteFrom('invoices')
    .where('id', '=', id)
    .where('organisation_id', '=', tenant.organisationId)
    .where('mode', '=', tenant.mode)
    .execute();
}

export async function replaceInvoiceLines(db: DB, tenant: Tenant, invoiceId: number, lines: readonly NewDocumentLine[]): Promise<void> {
  await db
    .deleteFrom('invoice_lines')
    .where('invoice_id', '=', invoiceId)
    .where('organisation_id', '=', tenant.organisationId)
    .where('mode', '=', tenant.mode)
    .execute();
  if (!lines.length) return;
  await db
    .insertInto('invoice_lines')
    .values(lines.map((line, position) => ({ ...line, invoice_id: invoiceId, position, organisation_id: tenant.organisationId, mode: tenant.mode })))
    .execute();
}

/** The lines of several invoices at once (a list page), each invoice's in order. */
export async function findInvoiceLines(db: DB, tenant: Tenant, invoiceIds: readonly number[]): Promise<Map<number, InvoiceLineRow[]>> {
  const byInvoice = new Map<number, InvoiceLineRow[]>(invoiceIds.map((id) => [id, []]));
  if (!invoiceIds.length) return byInvoice;
  const rows = await db
    .selectFrom('invoice_lines')
    .selectAll()
    .where('invoice_id', 'in', [...invoiceIds])
    .where('organisation_id', '=', tenant.organisationId)
    .where('mode', '=', tenant.mode)
    .orderBy('invoice_id')
    .orderBy('position')
    .execute();
  for (const row of rows) {
    byInvoice.get(row.invoice_id)?.push({
      ...row,
      quantity_e4: Number(row.quantity_e4),
      unit_price: Number(row.unit_price),
      net_amount: Number(row.net_amount),
      tax_amount: Number(row.tax_amount),
    });
  }
  return byInvoice;
}
