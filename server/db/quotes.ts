import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Tenant } from '../auth/principal.js';
import type { Page } from '../http/validation.js';
import type { DB } from './open.js';
import type { QuoteLinesTable, QuotesTable } from './schema.js';
import type { NewDocumentLine } from './invoices.js';
import { idsWithMetadata } from './metadata.js';

export type QuoteRow = Selectable<QuotesTable>;
export type QuoteLineRow = Selectable<QuoteLinesTable>;
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
  let base = db.selectFrom('quotes').where('organisation_id', '=', tenant.organisationId).where('mode', '=', tenant.mode);
  if (filter.status) base = base.where('status', '=', filter.status);
  if (filter.contactId !== undefined) base = base.where('contact_id', '=', filter.contactId);
  for (const [key, value] of Object.entries(filter.metadata ?? {})) {
    base = base.where('id', 'in', idsWithMetadata(db, tenant, 'quote', key, value));
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
  await db
    .deleteFrom('quote_lines')
    .where('quote_id', '=', id)
    .where('organisation_id', '=', tenant.organisationId)
    .where('mode', '=', tenant.mode)
    .execute();
  await db
    .deleteFrom('quotes')
    .where('id', '=', id)
    .where('organisation_id', '=', tenant.organisationId)
    .where('mode', '=', tenant.mode)
    .execute();
}

export async function replaceQuoteLines(db: DB, tenant: Tenant, quoteId: number, lines: readonly NewDocumentLine[]): Promise<void> {
  await db
    .deleteFrom('quote_lines')
    .where('quote_id', '=', quoteId)
    .where('organisation_id', '=', tenant.organisationId)
    .where('mode', '=', tenant.mode)
    .execute();
  if (!lines.length) return;
  await db
    .insertInto('quote_lines')
    .values(lines.map((line, position) => ({ ...line, quote_id: quoteId, position, organisation_id: tenant.organisationId, mode: tenant.mode })))
    .execute();
}

export async function findQuoteLines(db: DB, tenant: Tenant, quoteIds: readonly number[]): Promise<Map<number, QuoteLineRow[]>> {
  const byQuote = new Map<number, QuoteLineRow[]>(quoteIds.map((id) => [id, []]));
  if (!quoteIds.length) return byQuote;
  const rows = await db
    .selectFrom('quote_lines')
    .selectAll()
    .where('quote_id', 'in', [...quoteIds])
    .where('organisation_id', '=', tenant.organisationId)
    .where('mode', '=', tenant.mode)
    .orderBy('quote_id')
    .orderBy('position')
    .execute();
  for (const row of rows) {
    byQuote.get(row.quote_id)?.push({
      ...row,
      quantity_e4: Number(row.quantity_e4),
      unit_price: Number(row.unit_price),
      net_amount: Number(row.net_amount),
      tax_amount: Number(row.tax_amount),
    });
  }
  return byQuote;
}
