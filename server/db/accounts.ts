import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Tenant } from '../auth/principal.js';
import type { DB } from './open.js';
import type { AccountsTable, AccountType } from './schema.js';
import type { Page } from '../http/validation.js';
import { isUniqueViolation } from './constraint-errors.js';

export type AccountRow = Selectable<AccountsTable>;
export type NewAccount = Omit<Insertable<AccountsTable>, 'id' | 'organisation_id' | 'mode'>;

export async function insertAccounts(db: DB, tenant: Tenant, accounts: readonly NewAccount[]): Promise<void> {
  if (!accounts.length) return;
  await db
    .insertInto('accounts')
    .values(accounts.map((a) => ({ ...a, organisation_id: tenant.organisationId, mode: tenant.mode })))
    .execute();
}

/** Inserts one account; null when the code is already taken in this organisation and mode. */
export async function insertAccount(db: DB, tenant: Tenant, account: NewAccount): Promise<AccountRow | null> {
  const row = await db
    .insertInto('accounts')
    .values({ ...account, organisation_id: tenant.organisationId, mode: tenant.mode })
    .onConflict((oc) => oc.columns(['organisation_id', 'mode', 'code']).doNothing())
    .returningAll()
    .executeTakeFirst();
  return row ?? null;
}

export async function findAccount(db: DB, tenant: Tenant, id: number): Promise<AccountRow | undefined> {
  return db
    .selectFrom('accounts')
    .selectAll()
    .where('id', '=', id)
    .where('organisation_id', '=', tenant.organisationId)
    .where('mode', '=', tenant.mode)
    .executeTakeFirst();
}

export async function findAccountsByIds(db: DB, tenant: Tenant, ids: readonly number[]): Promise<AccountRow[]> {
  if (!ids.length) return [];
  return db
    .selectFrom('accounts')
    .selectAll()
    .where('id', 'in', [...new Set(ids)])
    .where('organisation_id', '=', tenant.organisationId)
    .where('mode', '=', tenant.mode)
    .execute();
}

export async function findAccountBySystemKey(db: DB, tenant: Tenant, systemKey: string): Promise<AccountRow | undefined> {
  return db
    .selectFrom('accounts')
    .selectAll()
    .where('system_key', '=', systemKey)
    .where('organisation_id', '=', tenant.organisationId)
    .where('mode', '=', tenant.mode)
    .executeTakeFirst();
}

export async function findAccountByCode(db: DB, tenant: Tenant, code: string): Promise<AccountRow | undefined> {
  return db
    .selectFrom('accounts')
    .selectAll()
    .where('code', '=', code)
    .where('organisation_id', '=', tenant.organisationId)
    .where('mode', '=', tenant.mode)
    .executeTakeFirst();
}

/** The chart of accounts in code order (documented: a chart reads by code, not by age). */
export async function listAccounts(db: DB, tenant: Tenant, filter: { type?: AccountType }, page: Page): Promise<{ rows: AccountRow[]; total: number }> {
  let base = db.selectFrom('accounts').where('organisation_id', '=', tenant.organisationId).where('mode', '=', tenant.mode);
  if (filter.type) base = base.where('type', '=', filter.type);
  const [count, rows] = await Promise.all([
    base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
    base
      .selectAll()
      .orderBy('code', 'asc')
      .orderBy('id', 'asc')
      .limit(page.perPage)
      .offset((page.page - 1) * page.perPage)
      .execute(),
  ]);
  return { rows, total: Number(count.n) };
}

/** Updates and returns the account; null when the new code is already taken. */
export async function updateAccount(
  db: DB,
  tenant: Tenant,
  id: number,
  values: Pick<Updateable<AccountsTable>, 'code' | 'name' | 'type' | 'description' | 'updated_at'>,
): Promise<AccountRow | null> {
  if (values.code !== undefined) {
    const clash = await db
      .selectFrom('accounts')
      .select('id')
      .where('code', '=', values.code)
      .where('id', '!=', id)
      .where('organisation_id', '=', tenant.organisationId)
      .where('mode', '=', tenant.mode)
      .executeTakeFirst();
    if (clash) return null;
  }
  try {
    const row = await db
      .updateTable('accounts')
      .set(values)
      .where('id', '=', id)
      .where('organisation_id', '=', tenant.organisationId)
      .where('mode', '=', tenant.mode)
      .returningAll()
      .executeTakeFirst();
    return row ?? null;
  } catch (err) {
    // A concurrent writer took the code between the check and the update.
    if (isUniqueViolation(err)) return null;
    throw err;
  }
}

export async function deleteAccount(db: DB, tenant: Tenant, id: number): Promise<void> {
  await db
    .deleteFrom('accounts')
    .where('id', '=', id)
    .where('organisation_id', '=', tenant.organisationId)
    .where('mode', '=', tenant.mode)
    .execute();
}

/** What refers to an account, so deleting it can be refused with a reason. */
export async function accountUsage(
  db: DB,
  tenant: Tenant,
  id: number,
): Promise<{ postings: number; transactions: number; documentLines: number; rules: number }> {
  const scoped = <T extends 'journal_lines' | 'invoice_lines' | 'quote_lines' | 'categorisation_rules'>(table: T) =>
    db
      .selectFrom(table as 'journal_lines')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('account_id', '=', id)
      .where('organisation_id', '=', tenant.organisationId)
      .where('mode', '=', tenant.mode);
  const [postings, invoiceLines, quoteLines, rules, transactions] = await Promise.all([
    scoped('journal_lines').executeTakeFirstOrThrow(),
    scoped('invoice_lines').executeTakeFirstOrThrow(),
    scoped('quote_lines').executeTakeFirstOrThrow(),
    scoped('categorisation_rules').executeTakeFirstOrThrow(),
    db
      .selectFrom('transactions')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('organisation_id', '=', tenant.organisationId)
      .where('mode', '=', tenant.mode)
      .where((eb) => eb.or([eb('account_id', '=', id), eb('bank_account_id', '=', id)]))
      .executeTakeFirstOrThrow(),
  ]);
  return {
    postings: Number(postings.n),
    transactions: Number(transactions.n),
    documentLines: Number(invoiceLines.n) + Number(quoteLines.n),
    rules: Number(rules.n),
  };
}
