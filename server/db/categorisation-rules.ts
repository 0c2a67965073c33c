import type { Selectable } from 'kysely';
import type { Tenant } from '../auth/principal.js';
import type { Condition, MatchMode } from '../rules/engine.js';
import type { DB } from './open.js';
import type { CategorisationRulesTable } from './schema.js';

/**
 * Categorisation rules, always within one organisation and mode. Changes to the set of rules
 * (create, delete, reorder) first upsert the tenant's `categorisation_rule_sets` row: the row lock
 * that makes the 100-rule limit and reorder race-free on PostgreSQL. Callers run them inside a
 * transaction (`withTransaction`) so the lock lasts until the change commits.
 */

export type RuleRow = Selectable<CategorisationRulesTable>;

export interface StoredRule {
  id: number;
  name: string;
  conditions: Condition[];
  match: MatchMode;
  accountId: number;
  contactId: number | null;
  priority: number;
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface RuleValues {
  name: string;
  conditions: readonly Condition[];
  match: MatchMode;
  accountId: number;
  contactId: number | null;
  active: boolean;
}

function toStoredRule(row: RuleRow): StoredRule {
  return {
    id: row.id,
    name: row.name,
    // Written only from validated conditions, so the stored JSON is trusted.
    conditions: JSON.parse(row.conditions) as Condition[],
    match: row.match,
    accountId: row.account_id,
    contactId: row.contact_id,
    priority: Number(row.priority),
    active: Number(row.active) === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

const tenantRules = (db: DB, tenant: Tenant) =>
  db.selectFrom('categorisation_rules').where('organisation_id', '=', tenant.organisationId).where('mode', '=', tenant.mode);

/** Takes the tenant's rule-set lock until the surrounding transaction ends. */
export async function lockRuleSet(db: DB, tenant: Tenant): Promise<void> {
  await db
    .insertInto('categorisation_rule_sets')
    .values({ organisation_id: tenant.organisationId, mode: tenant.mode, version: 1 })
    .onConflict((oc) =>
      oc.columns(['organisation_id', 'mode']).doUpdateSet((eb) => ({ version: eb(eb.ref('categorisation_rule_sets.version'), '+', 1) })),
    )
    .execute();
}

export async function countRules(db: DB, tenant: Tenant): Promise<number> {
  const row = await tenantRules(db, tenant).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Every rule of the tenant in the order they run (priority, then age). At most 100. */
export async function listAllRules(db: DB, tenant: Tenant): Promise<StoredRule[]> {
  const rows = await tenantRules(db, tenant).selectAll().orderBy('priority').orderBy('id').execute();
  return rows.map(toStoredRule);
}

export async function listRulesPage(db: DB, tenant: Tenant, page: { page: number; perPage: number }): Promise<{ rules: StoredRule[]; total: number }> {
  const [rows, total] = await Promise.all([
    tenantRules(db, tenant)
      .selectAll()
      .orderBy('priority')
      .orderBy('id')
      .limit(page.perPage)
      .offset((page.page - 1) * page.perPage)
      .execute(),
    countRules(db, tenant),
  ]);
  return { rules: rows.map(toStoredRule), total };
}

export async function findRule(db: DB, tenant: Tenant, id: number): Promise<StoredRule | undefined> {
  const row = await tenantRules(db, tenant).selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toStoredRule(row) : undefined;
}

/**
 * Inserts a rule unless the tenant already has `limit` rules; returns its id, or null at the
 * limit. Without a priority the rule goes after every existing one. Run inside a transaction.
 */
export async function insertRuleWithinLimit(
  db: DB,
  tenant: Tenant,
  values: RuleValues & { priority: number | undefined },
  limit: number,
  nowIso: string,
): Promise<number | null> {
  await lockRuleSet(db, tenant);
  if ((await countRules(db, tenant)) >= limit) return null;
  let priority = values.priority;
  if (priority === undefined) {
    const last = await tenantRules(db, tenant).select((eb) => eb.fn.max('priority').as('p')).executeTakeFirst();
    priority = last?.p === null || last?.p === undefined ? 1 : Number(last.p) + 1;
  }
  const row = await db
    .insertInto('categorisation_rules')
    .values({
      organisation_id: tenant.organisationId,
      mode: tenant.mode,
      name: values.name,
      conditions: JSON.stringify(values.conditions),
      match: values.match,
      account_id: values.accountId,
      contact_id: values.contactId,
      priority,
      active: values.active ? 1 : 0,
      created_at: nowIso,
      updated_at: nowIso,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateRule(db: DB, tenant: Tenant, id: number, values: Partial<RuleValues & { priority: number }>, nowIso: string): Promise<boolean> {
  const result = await db
    .updateTable('categorisation_rules')
    .set({
      ...(values.name !== undefined ? { name: values.name } : {}),
      ...(values.conditions !== undefined ? { conditions: JSON.stringify(values.conditions) } : {}),
      ...(values.match !== undefined ? { match: values.match } : {}),
      ...(values.accountId !== undefined ? { account_id: values.accountId } : {}),
      ...(values.contactId !== undefined ? { contact_id: values.contactId } : {}),
      ...(values.priority !== undefined ? { priority: values.priority } : {}),
      ...(values.active !== undefined ? { active: values.active ? 1 : 0 } : {}),
      updated_at: nowIso,
    })
    .where('id', '=', id)
    .where('organisation_id', '=', tenant.organisationId)
    .where('mode', '=', tenant.mode)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function deleteRule(db: DB, tenant: Tenant, id: number): Promise<boolean> {
  await lockRuleSet(db, tenant);
  const result = await db
    .deleteFrom('categorisation_rules')
    .where('id', '=', id)
    .where('organisation_id', '=', tenant.organisationId)
    .where('mode', '=', tenant.mode)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export type ReorderOutcome = { ok: true } | { ok: false; missing: number[]; unknown: number[]; repeated: number[] };

/**
 * Gives the tenant's rules priorities 1, 2, 3… in the order of `orderedIds`, which must list
 * every rule of the tenant exactly once; otherwise nothing changes. Run inside a transaction.
 */
export async function reorderRules(db: DB, tenant: Tenant, orderedIds: readonly number[], nowIso: string): Promise<ReorderOutcome> {
  await lockRuleSet(db, tenant);
  const existing = new Set((await tenantRules(db, tenant).select('id').execute()).map((r) => r.id));
  const seen = new Set<number>();
  const repeated: number[] = [];
  const unknown: number[] = [];
  for (const id of orderedIds) {
    if (seen.has(id)) repeated.push(id);
    else if (!existing.has(id)) unknown.push(id);
    seen.add(id);
  }
  const missing = [...existing].filter((id) => !seen.has(id));
  if (missing.length || unknown.length || repeated.length) return { ok: false, missing, unknown, repeated };
  for (const [index, id] of orderedIds.entries()) {
    await db
      .updateTable('categorisation_rules')
      .set({ priority: index + 1, updated_at: nowIso })
      .where('id', '=', id)
      .where('organisation_id', '=', tenant.organisationId)
      .where('mode', '=', tenant.mode)
      .execute();
  }
  return { ok: true };
}

/** A transaction with what rule conditions test: its contact's name and its metadata. */
export interface RuleSubjectRow {
  id: number;
  date: string;
  description: string;
  amount: number;
  reference: string | null;
  contactId: number | null;
  contactName: string | null;
  accountId: number | null;
  status: string;
  /** JSON text, as stored. */
  metadata: string;
}

/** One batch of the tenant's transactions, newest (highest id) first, below `beforeId`. */
export async function transactionsForRules(db: DB, tenant: Tenant, batch: { beforeId: number | null; limit: number }): Promise<RuleSubjectRow[]> {
  let query = db
    .selectFrom('transactions as t')
    .leftJoin('contacts as c', (join) =>
      join.onRef('c.id', '=', 't.contact_id').on('c.organisation_id', '=', tenant.organisationId).on('c.mode', '=', tenant.mode),
    )
    .select([
      't.id as id',
      't.date as date',
      't.description as description',
      't.amount as amount',
      't.reference as reference',
      't.contact_id as contactId',
      'c.name as contactName',
      't.account_id as accountId',
      't.status as status',
      't.metadata as metadata',
    ])
    .where('t.organisation_id', '=', tenant.organisationId)
    .where('t.mode', '=', tenant.mode);
  if (batch.beforeId !== null) query = query.where('t.id', '<', batch.beforeId);
  const rows = await query.orderBy('t.id', 'desc').limit(batch.limit).execute();
  return rows.map((r) => ({ ...r, amount: Number(r.amount) }));
}
