import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Tenant } from '../auth/principal.js';
import type { Page } from '../http/validation.js';
import type { DB } from './open.js';
import type { QuotesTable } from './schema.js';
import { deleteDocumentLines } from './document-lines.js';
import { listNewestFirst } from './record-lists.js';

export type QuoteRow = Selectable<QuotesTable>;
export type QuoteStatus = QuoteRow['status'];
export type NewQuote = Omit<Insertable<QuotesTable>, 'id' | 'organisation_id' | 'mode'>;
export type QuoteChanges = Omit<Updateable<QuotesTable>, 'id' | 'organisation_id' | 'mode' | 'created_at' | 'number'>;

export interface QuoteFilter {
  status?: QuoteStatus;
  contactId?: number;
  metadata?: Record<string, string>;
}

function money<T extends { subtotal: number; tax_total: number; total: number }>(row: T): T {
  return { ...row, subtotal: Number(row.subtotal), tax_total: Number(row.tax_total), total: Number(row.total) };
}

export async function insertQuote(db: DB, tenant: Tenant, values: NewQuote): Promise<QuoteRow> {
  const row = await db
    .insertInto('quotes')
    .values({ ...values, organisation_id: tenant.organisationId, mode: tenant.mode })
    .returningAll()
    .executeTakeFirstOrThrow();
  return money(row);
}

export async function findQuote(db: DB, tenant: Tenant, id: number): Promise<QuoteRow | undefined> {
  const row = await db
    .selectFrom('quotes')
    .selectAll()
    .where('id', '=', id)
    .where('organisation_id', '=', tenant.organisationId)
    .where('mode', '=', tenant.mode)
    .executeTakeFirst();
  return row && money(row);
}

export async function listQuotes(db: DB, tenant: Tenant, filter: QuoteFilter, page: Page): Promise<{ rows: QuoteRow[]; total: number }> {
  const { rows, total } = await listNewestFirst(db, tenant, 'quotes', { status: filter.status, contact_id: filter.contactId }, filter.metadata, page);
  return { rows: rows.map(money), total };
}

/** Updates the quote only while its status is one of `fromStatuses`: transitions cannot race. */
export async function updateQuote(db: DB, tenant: Tenant, id: number, fromStatuses: readonly QuoteStatus[], changes: QuoteChanges): Promise<QuoteRow | undefined> {
  const row = await db
    .updateTable('quotes')
    .set(changes)
    .where('id', '=', id)
    .where('organisation_id', '=', tenant.organisationId)
    .where('mode', '=', tenant.mode)
    .where('status', 'in', [...fromStatuses])
    .returningAll()
    .executeTakeFirst();
  return row && money(row);
}

export async function deleteQuote(db: DB, tenant: Tenant, id: number): Promise<void> {
  await deleteDocumentLines(db, tenant, 'quote', id);
  await db
    .deleteFrom('quotes')
    .where('id', '=', id)
    .where('organisation_id', '=', tenant.organisationId)
    .where('mode', '=', tenant.mode)
    .execute();
}
