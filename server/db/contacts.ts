import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Tenant } from '../auth/principal.js';
import type { Page } from '../http/validation.js';
import type { DB } from './open.js';
import type { ContactsTable } from './schema.js';
import { listNewestFirst } from './record-lists.js';

export type ContactRow = Selectable<ContactsTable>;
export type NewContact = Omit<Insertable<ContactsTable>, 'id' | 'organisation_id' | 'mode'>;
export type ContactChanges = Omit<Updateable<ContactsTable>, 'id' | 'organisation_id' | 'mode' | 'created_at'>;

export interface ContactFilter {
  type?: ContactRow['type'];
  metadata?: Record<string, string>;
}

export async function insertContact(db: DB, tenant: Tenant, values: NewContact): Promise<ContactRow> {
  return db
    .insertInto('contacts')
    .values({ ...values, organisation_id: tenant.organisationId, mode: tenant.mode })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findContact(db: DB, tenant: Tenant, id: number): Promise<ContactRow | undefined> {
  return db
    .selectFrom('contacts')
    .selectAll()
    .where('id', '=', id)
    .where('organisation_id', '=', tenant.organisationId)
    .where('mode', '=', tenant.mode)
    .executeTakeFirst();
}

export async function findContactsByIds(db: DB, tenant: Tenant, ids: readonly number[]): Promise<ContactRow[]> {
  if (!ids.length) return [];
  return db
    .selectFrom('contacts')
    .selectAll()
    .where('id', 'in', [...new Set(ids)])
    .where('organisation_id', '=', tenant.organisationId)
    .where('mode', '=', tenant.mode)
    .execute();
}

/** Newest first; `metadata` pairs must all match (each an index lookup on metadata_entries). */
export async function listContacts(db: DB, tenant: Tenant, filter: ContactFilter, page: Page): Promise<{ rows: ContactRow[]; total: number }> {
  return listNewestFirst(db, tenant, 'contacts', { type: filter.type }, filter.metadata, page);
}

export async function updateContact(db: DB, tenant: Tenant, id: number, values: ContactChanges): Promise<ContactRow | undefined> {
  return db
    .updateTable('contacts')
    .set(values)
    .where('id', '=', id)
    .where('organisation_id', '=', tenant.organisationId)
    .where('mode', '=', tenant.mode)
    .returningAll()
    .executeTakeFirst();
}

export async function deleteContact(db: DB, tenant: Tenant, id: number): Promise<void> {
  await db
    .deleteFrom('contacts')
    .where('id', '=', id)
    .where('organisation_id', '=', tenant.organisationId)
    .where('mode', '=', tenant.mode)
    .execute();
}

/** How many invoices, quotes, bank transactions and categorisation rules name the contact. */
export async function contactReferences(
  db: DB,
  tenant: Tenant,
  id: number,
): Promise<{ invoices: number; quotes: number; transactions: number; rules: number }> {
  const count = (table: 'invoices' | 'quotes' | 'transactions' | 'categorisation_rules') =>
    db
      .selectFrom(table as 'invoices')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('contact_id', '=', id)
      .where('organisation_id', '=', tenant.organisationId)
      .where('mode', '=', tenant.mode)
      .executeTakeFirstOrThrow();
  const [invoices, quotes, transactions, rules] = await Promise.all([
    count('invoices'),
    count('quotes'),
    count('transactions'),
    count('categorisation_rules'),
  ]);
  return { invoices: Number(invoices.n), quotes: Number(quotes.n), transactions: Number(transactions.n), rules: Number(rules.n) };
}

export async function tenantHasContacts(db: DB, tenant: Tenant): Promise<boolean> {
  const row = await db
    .selectFrom('contacts')
    .select('id')
    .where('organisation_id', '=', tenant.organisationId)
    .where('mode', '=', tenant.mode)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
