import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Tenant } from '../auth/principal.js';
import type { Page } from '../http/validation.js';
import type { DB } from './open.js';
import type { InvoicesTable } from './schema.js';
import { deleteDocumentLines } from './document-lines.js';
import { listNewestFirst } from './record-lists.js';

export type InvoiceRow = Selectable<InvoicesTable>;
export type InvoiceStatus = InvoiceRow['status'];
export type NewInvoice = Omit<Insertable<InvoicesTable>, 'id' | 'organisation_id' | 'mode'>;
export type InvoiceChanges = Omit<Updateable<InvoicesTable>, 'id' | 'organisation_id' | 'mode' | 'created_at'>;

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
  const { rows, total } = await listNewestFirst(db, tenant, 'invoices', { status: filter.status, contact_id: filter.contactId }, filter.metadata, page);
  return { rows: rows.map(money), total };
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
  await deleteDocumentLines(db, tenant, 'invoice', id);
  await db
    .deleteFrom('invoices')
    .where('id', '=', id)
    .where('organisation_id', '=', tenant.organisationId)
    .where('mode', '=', tenant.mode)
    .execute();
}
