import { z } from 'zod';
import type { Tenant } from '../../auth/principal.js';
import { findAccount } from '../../db/accounts.js';
import {
  deleteRule,
  findRule,
  insertRuleWithinLimit,
  listAllRules,
  listRulesPage,
  reorderRules,
  updateRule,
  type StoredRule,
} from '../../db/categorisation-rules.js';
import { findContact } from '../../db/contacts.js';
import type { DB } from '../../db/open.js';
import { withTransaction } from '../../db/transaction.js';
import { conflict, notFound, validationError } from '../../http/errors.js';
import { formatId } from '../../http/ids.js';
import { defineRoute, type RouteDef } from '../../http/route.js';
import { pageMeta, paginationQuery } from '../../http/validation.js';
import { CreateRuleBody, ReorderRulesBody, TestRuleBody, UpdateRuleBody } from '../../rules/schema.js';
import { parseRef, refNotFound } from '../common-schemas.js';
import { deletedSchema, deletedView, isoNow } from '../responses.js';
import { MAX_LISTED_MATCHES, RuleTestResultSchema, testRule } from './rule-test.js';
import { categorisationRuleResource, ruleView } from './view.js';

/**
 * Categorisation rules (SPEC §5), under the `transactions` scopes. A rule's conditions decide
 * which bank transactions it matches; the first active rule in priority order wins at import.
 */

/** SPEC §5: at most 100 rules per organisation (and mode). */
export const MAX_RULES = 100;

const idParam = { id: 'rule' } as const;
const RULE_NOT_FOUND = 'Categorisation rule not found';

async function loadRule(db: DB, tenant: Tenant, id: number): Promise<StoredRule> {
  const rule = await findRule(db, tenant, id);
  if (!rule) throw notFound(RULE_NOT_FOUND);
  return rule;
}

/** Resolves `acc_…` to a row of this tenant, or the same 404 as any other unknown ID. */
async function resolveAccount(db: DB, tenant: Tenant, publicId: string): Promise<number> {
  const account = await findAccount(db, tenant, parseRef('acc', publicId));
  if (!account) throw refNotFound('acc', publicId);
  return account.id;
}

async function resolveContact(db: DB, tenant: Tenant, publicId: string | null | undefined): Promise<number | null | undefined> {
  if (publicId === null || publicId === undefined) return publicId;
  const contact = await findContact(db, tenant, parseRef('cont', publicId));
  if (!contact) throw refNotFound('cont', publicId);
  return contact.id;
}

export const categorisationRuleRoutes: RouteDef[] = [
  defineRoute({
    method: 'post',
    path: '/categorisation-rules',
    operationId: 'createCategorisationRule',
    summary: `Create a categorisation rule (at most ${MAX_RULES} per organisation and mode)`,
    description:
      'Conditions `{field, operator, value}` test description, contactName, reference or metadata.<key> (text, ' +
      'case-insensitive: equals, contains, startsWith, endsWith) or amount (signed minor units: equals, gt, gte, lt, lte, ' +
      'between [min, max] inclusive). `match` all/any combines them. Without `priority` the rule runs after every existing one.',
    tag: 'Categorisation rules',
    access: 'principal',
    scope: 'transactions:write',
    status: 201,
    body: CreateRuleBody,
    response: { resource: categorisationRuleResource },
    handler: async ({ app, db, tenant, body }) => {
      const accountId = await resolveAccount(db, tenant, body.accountId);
      const contactId = (await resolveContact(db, tenant, body.contactId)) ?? null;
      const now = isoNow(app);
      const id = await withTransaction(db, async (trx) => {
        const inserted = await insertRuleWithinLimit(trx, tenant, { ...body, accountId, contactId, priority: body.priority }, MAX_RULES, now);
        // Thrown inside the transaction so the rule-set lock's version bump rolls back with it.
        if (inserted === null) {
          throw conflict(`This organisation already has the maximum of ${MAX_RULES} categorisation rules in ${tenant.mode} mode; delete or combine rules before adding another`);
        }
        return inserted;
      });
      return {
        status: 201,
        data: ruleView(await loadRule(db, tenant, id)),
        headers: { Location: `/api/v1/categorisation-rules/${formatId('rule', id)}` },
      };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/categorisation-rules',
    operationId: 'listCategorisationRules',
    summary: 'List categorisation rules in the order they run (priority, then oldest first)',
    tag: 'Categorisation rules',
    access: 'principal',
    scope: 'transactions:read',
    query: z.strictObject({ ...paginationQuery }),
    response: { resource: categorisationRuleResource, list: true },
    handler: async ({ db, tenant, query }) => {
      const { rules, total } = await listRulesPage(db, tenant, query);
      return { data: rules.map(ruleView), meta: pageMeta(query, total) };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/categorisation-rules/{id}',
    operationId: 'getCategorisationRule',
    summary: 'Get a categorisation rule',
    tag: 'Categorisation rules',
    access: 'principal',
    scope: 'transactions:read',
    ids: idParam,
    response: { resource: categorisationRuleResource },
    handler: async ({ db, tenant, ids }) => ({ data: ruleView(await loadRule(db, tenant, ids.id as number)) }),
  }),
  defineRoute({
    method: 'patch',
    path: '/categorisation-rules/{id}',
    operationId: 'updateCategorisationRule',
    summary: 'Change a categorisation rule (conditions, when given, replace the old ones)',
    tag: 'Categorisation rules',
    access: 'principal',
    scope: 'transactions:write',
    ids: idParam,
    body: UpdateRuleBody,
    response: { resource: categorisationRuleResource },
    handler: async ({ app, db, tenant, ids, body }) => {
      const id = ids.id as number;
      await loadRule(db, tenant, id);
      const accountId = body.accountId === undefined ? undefined : await resolveAccount(db, tenant, body.accountId);
      const contactId = await resolveContact(db, tenant, body.contactId);
      const changed = await updateRule(db, tenant, id, { ...body, accountId, contactId }, isoNow(app));
      if (!changed) throw notFound(RULE_NOT_FOUND);
      return { data: ruleView(await loadRule(db, tenant, id)) };
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/categorisation-rules/{id}',
    operationId: 'deleteCategorisationRule',
    summary: 'Delete a categorisation rule (transactions it categorised keep their category)',
    tag: 'Categorisation rules',
    access: 'principal',
    scope: 'transactions:write',
    ids: idParam,
    response: { schema: deletedSchema },
    handler: async ({ db, tenant, ids }) => {
      const id = ids.id as number;
      // Thrown inside the transaction so the rule-set lock's version bump rolls back with it.
      await withTransaction(db, async (trx) => {
        if (!(await deleteRule(trx, tenant, id))) throw notFound(RULE_NOT_FOUND);
      });
      return { data: deletedView('rule', id) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/categorisation-rules/test',
    operationId: 'testCategorisationRule',
    summary: 'Preview which existing transactions a saved or unsaved rule would match, changing nothing',
    description:
      'Send `{ruleId}` to try a saved rule (even an inactive one), or an unsaved rule as `{conditions, match?, accountId?, contactId?}`. ' +
      `Lists up to ${MAX_LISTED_MATCHES} matches, newest first, with what each would become; \`matched\` counts them all.`,
    tag: 'Categorisation rules',
    access: 'principal',
    scope: 'transactions:read',
    body: TestRuleBody,
    response: { schema: RuleTestResultSchema },
    handler: async ({ db, tenant, body }) => {
      const allRules = await listAllRules(db, tenant);
      if (body.ruleId !== undefined) {
        const id = parseRef('rule', body.ruleId);
        const saved = allRules.find((r) => r.id === id);
        if (!saved) throw refNotFound('rule', body.ruleId);
        return { data: await testRule(db, tenant, { ...saved, saved }, allRules) };
      }
      const accountId = body.accountId === undefined ? null : await resolveAccount(db, tenant, body.accountId);
      const contactId = (await resolveContact(db, tenant, body.contactId)) ?? null;
      const rule = { conditions: body.conditions ?? [], match: body.match ?? 'all', accountId, contactId, saved: null };
      return { data: await testRule(db, tenant, rule, allRules) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/categorisation-rules/reorder',
    operationId: 'reorderCategorisationRules',
    summary: 'Set the order of all rules at once: `ids` lists every rule, first to run first',
    tag: 'Categorisation rules',
    access: 'principal',
    scope: 'transactions:write',
    body: ReorderRulesBody,
    response: { resource: categorisationRuleResource, list: true },
    handler: async ({ app, db, tenant, body }) => {
      await withTransaction(db, async (trx) => {
        const outcome = await reorderRules(trx, tenant, body.ids, isoNow(app));
        if (outcome.ok) return;
        const list = (ids: number[]) => ids.map((id) => formatId('rule', id)).join(', ');
        const problems = [
          outcome.missing.length ? `leaves out ${list(outcome.missing)}` : '',
          outcome.unknown.length ? `names ${list(outcome.unknown)}, which ${outcome.unknown.length === 1 ? 'is not a rule' : 'are not rules'} of this organisation` : '',
          outcome.repeated.length ? `repeats ${list(outcome.repeated)}` : '',
        ].filter(Boolean);
        // Thrown inside the transaction so the rule-set lock's version bump rolls back with it.
        throw validationError(
          [{ field: 'ids', message: `Must list every categorisation rule exactly once; this list ${problems.join('; ')}` }],
        );
      });
      const rules = await listAllRules(db, tenant);
      return { data: rules.map(ruleView), meta: pageMeta({ page: 1, perPage: Math.max(rules.length, 1) }, rules.length) };
    },
  }),
];
