import type { Insertable, Selectable } from 'kysely';
import type { Tenant } from '../auth/principal.js';
import type { DB } from './open.js';
import type { DocumentLinesColumns } from './schema.js';

/**
 * The lines of invoices and quotes. `invoice_lines` and `quote_lines` have the same columns but
 * for the key naming their document (`invoice_id`, `quote_id`), so one set of queries serves both.
 */

export type DocumentKind = 'invoice' | 'quote';
export type DocumentLineRow = Selectable<DocumentLinesColumns>;
/** A line as stored, without its keys. */
export type NewDocumentLine = Omit<Insertable<DocumentLinesColumns>, 'id' | 'organisation_id' | 'mode' | 'position'>;

const LINE_TABLES = {
  invoice: { table: 'invoice_lines', documentColumn: 'invoice_id' },
  quote: { table: 'quote_lines', documentColumn: 'quote_id' },
} as const satisfies Record<DocumentKind, { table: string; documentColumn: string }>;

/**
 * Kysely cannot type a table chosen at run time. Both line tables are DocumentLinesColumns plus
 * their document key, so the queries are typed as over invoice_lines with the kind's document
 * column standing in for invoice_id; the SQL names the kind's own table and column.
 */
function linesOf(kind: DocumentKind): { table: 'invoice_lines'; documentColumn: 'invoice_id' } {
  return LINE_TABLES[kind] as unknown as { table: 'invoice_lines'; documentColumn: 'invoice_id' };
}

export async function deleteDocumentLines(db: DB, tenant: Tenant, kind: DocumentKind, documentId: number): Promise<void> {
  const { table, documentColumn } = linesOf(kind);
  await db
    .deleteFrom(table)
    .where(documentColumn, '=', documentId)
    .where('organisation_id', '=', tenant.organisationId)
    .where('mode', '=', tenant.mode)
    .execute();
}

/** Replaces a document's lines with `lines`, numbered by their order. */
export async function replaceDocumentLines(db: DB, tenant: Tenant, kind: DocumentKind, documentId: number, lines: readonly NewDocumentLine[]): Promise<void> {
  await deleteDocumentLines(db, tenant, kind, documentId);
  if (!lines.length) return;
  const { table, documentColumn } = linesOf(kind);
  await db
    .insertInto(table)
    .values(lines.map((line, position) => ({ ...line, [documentColumn]: documentId, position, organisation_id: tenant.organisationId, mode: tenant.mode })))
    .execute();
}

/** The lines of several documents at once (a list page), each document's in order. */
export async function findDocumentLines(db: DB, tenant: Tenant, kind: DocumentKind, documentIds: readonly number[]): Promise<Map<number, DocumentLineRow[]>> {
  const byDocument = new Map<number, DocumentLineRow[]>(documentIds.map((id) => [id, []]));
  if (!documentIds.length) return byDocument;
  const { table, documentColumn } = linesOf(kind);
  const rows = await db
    .selectFrom(table)
    .selectAll()
    .where(documentColumn, 'in', [...documentIds])
    .where('organisation_id', '=', tenant.organisationId)
    .where('mode', '=', tenant.mode)
    .orderBy(documentColumn)
    .orderBy('position')
    .execute();
  for (const row of rows) {
    byDocument.get(row[documentColumn])?.push({
      ...row,
      quantity_e4: Number(row.quantity_e4),
      unit_price: Number(row.unit_price),
      net_amount: Number(row.net_amount),
      tax_amount: Number(row.tax_amount),
    });
  }
  return byDocument;
}
