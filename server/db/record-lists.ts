import type { Selectable } from 'kysely';
import type { Tenant } from '../auth/principal.js';
import type { Page } from '../http/validation.js';
import type { DB } from './open.js';
import type { Database } from './schema.js';
import { idsWithMetadata, type MetadataResource } from './metadata.js';

/**
 * The list endpoints of records that carry metadata (SPEC §4): the tenant's rows, narrowed by
 * column equalities and `?metadata[k]=v` pairs (all must match), newest first, one page of them
 * and the total that matched.
 */

const METADATA_RESOURCE = {
  contacts: 'contact',
  invoices: 'invoice',
  quotes: 'quote',
  transactions: 'transaction',
} as const satisfies Record<string, MetadataResource>;

export type ListedTable = keyof typeof METADATA_RESOURCE;

/** Column = value filters; an undefined value filters nothing. */
export type ColumnEqualities<T extends ListedTable> = { [C in keyof Selectable<Database[T]>]?: Selectable<Database[T]>[C] };

export async function listNewestFirst<T extends ListedTable>(
  db: DB,
  tenant: Tenant,
  table: T,
  equalities: ColumnEqualities<T>,
  metadata: Record<string, string> | undefined,
  page: Page,
): Promise<{ rows: Selectable<Database[T]>[]; total: number }> {
  // Kysely cannot type a table chosen at run time. Every listed table has the id,
  // organisation_id and mode columns used here, so the query is typed as over contacts, the
  // caller-typed equality columns go in as dynamic references, and the rows are cast back to T's.
  let base = db.selectFrom(table as 'contacts').where('organisation_id', '=', tenant.organisationId).where('mode', '=', tenant.mode);
  for (const [column, value] of Object.entries(equalities)) {
    if (value !== undefined) base = base.where(db.dynamic.ref(column), '=', value);
  }
  for (const [key, value] of Object.entries(metadata ?? {})) {
    base = base.where('id', 'in', idsWithMetadata(db, tenant, METADATA_RESOURCE[table], key, value));
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
  return { rows: rows as unknown as Selectable<Database[T]>[], total: Number(count.n) };
}
