import type { Selectable } from 'kysely';
import type { Tenant } from '../auth/principal.js';
import type { DB } from './open.js';
import type { AccountType, JournalEntriesTable, JournalLinesTable } from './schema.js';

export type JournalEntryRow = Selectable<JournalEntriesTable>;
export type JournalLineRow = Selectable<JournalLinesTable>;
export type SourceType = JournalEntriesTable['source_type'];

export interface NewJournalEntry {
  date: string;
  description: string;
  currency: string;
  sourceType: SourceType;
  sourceId: number;
  createdAt: string;
  lines: ReadonlyArray<{ accountId: number; debit: number; credit: number }>;
}

/** Writes an entry and its lines; callers run it inside their transaction and check the balance first. */
export async function insertJournalEntry(db: DB, tenant: Tenant, entry: NewJournalEntry): Promise<number> {
  const { id } = await db
    .insertInto('journal_entries')
    .values({
      organisation_id: tenant.organisationId,
      mode: tenant.mode,
      date: entry.date,
      description: entry.description,
      currency: entry.currency,
      source_type: entry.sourceType,
      source_id: entry.sourceId,
      created_at: entry.createdAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('journal_lines')
    .values(
      entry.lines.map((line) => ({
        entry_id: id,
        organisation_id: tenant.organisationId,
        mode: tenant.mode,
        account_id: line.accountId,
        debit: line.debit,
        credit: line.credit,
      })),
    )
    .execute();
  return id;
}

export async function findJournalEntry(db: DB, tenant: Tenant, id: number): Promise<JournalEntryRow | undefined> {
  return db
    .selectFrom('journal_entries')
    .selectAll()
    .where('id', '=', id)
    .where('organisation_id', '=', tenant.organisationId)
    .where('mode', '=', tenant.mode)
    .executeTakeFirst();
}

/** The entries a source produced, oldest first. */
export async function findJournalEntriesBySource(db: DB, tenant: Tenant, sourceType: SourceType, sourceId: number): Promise<JournalEntryRow[]> {
  return db
    .selectFrom('journal_entries')
    .selectAll()
    .where('source_type', '=', sourceType)
    .where('source_id', '=', sourceId)
    .where('organisation_id', '=', tenant.organisationId)
    .where('mode', '=', tenant.mode)
    .orderBy('id', 'asc')
    .execute();
}

export async function findJournalLines(db: DB, tenant: Tenant, entryId: number): Promise<JournalLineRow[]> {
  const rows = await db
    .selectFrom('journal_lines')
    .selectAll()
    .where('entry_id', '=', entryId)
    .where('organisation_id', '=', tenant.organisationId)
    .where('mode', '=', tenant.mode)
    .orderBy('id', 'asc')
    .execute();
  return rows.map((r) => ({ ...r, debit: Number(r.debit), credit: Number(r.credit) }));
}

export interface AccountTotalsRow {
  accountId: number;
  code: string;
  name: string;
  type: AccountType;
  debit: number;
  credit: number;
}

/**
 * Debits and credits per account over entries dated within [from, to] (either bound optional).
 * Only accounts with postings in the range appear.
 */
export async function accountTotals(db: DB, tenant: Tenant, range: { from?: string; to?: string }): Promise<AccountTotalsRow[]> {
  let query = db
    .selectFrom('journal_lines as l')
    .innerJoin('journal_entries as e', 'e.id', 'l.entry_id')
    .innerJoin('accounts as a', 'a.id', 'l.account_id')
    .where('l.organisation_id', '=', tenant.organisationId)
    .where('l.mode', '=', tenant.mode)
    .where('e.organisation_id', '=', tenant.organisationId)
    .where('e.mode', '=', tenant.mode);
  if (range.from) query = query.where('e.date', '>=', range.from);
  if (range.to) query = query.where('e.date', '<=', range.to);
  const rows = await query
    .select((eb) => ['a.id', 'a.code', 'a.name', 'a.type', eb.fn.sum<number | string>('l.debit').as('debit'), eb.fn.sum<number | string>('l.credit').as('credit')])
    .groupBy(['a.id', 'a.code', 'a.name', 'a.type'])
    .execute();
  // PostgreSQL's sum of bigint is numeric, which arrives as a string.
  return rows.map((r) => ({ accountId: r.id, code: r.code, name: r.name, type: r.type, debit: Number(r.debit), credit: Number(r.credit) }));
}

/** Whether the tenant's ledger has any entry (the base currency is fixed from then on). */
export async function tenantHasPostings(db: DB, tenant: Tenant): Promise<boolean> {
  const row = await db
    .selectFrom('journal_entries')
    .select('id')
    .where('organisation_id', '=', tenant.organisationId)
    .where('mode', '=', tenant.mode)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
