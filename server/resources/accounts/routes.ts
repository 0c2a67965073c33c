import { z } from 'zod';
import { accountUsage, deleteAccount, findAccount, insertAccount, listAccounts, updateAccount, type AccountRow } from '../../db/accounts.js';
import { withTransaction } from '../../db/transaction.js';
import { conflict, notFound } from '../../http/errors.js';
import { defineRoute, type RouteDef } from '../../http/route.js';
import { pageMeta, paginationQuery } from '../../http/validation.js';
import { deletedSchema, deletedView, isoNow } from '../responses.js';
import { ACCOUNT_TYPES, accountBody, accountPatchBody, AccountResource } from './schemas.js';
import { accountView } from './view.js';

const NOT_FOUND = 'Account not found';

const codeTaken = (code: string) => conflict(`An account with code ${code} already exists`);

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function updateRoute(method: 'put' | 'patch'): RouteDef {
  const replace = method === 'put';
  return defineRoute({
    method,
    path: '/accounts/{id}',
    operationId: replace ? 'replaceAccount' : 'updateAccount',
    summary: replace ? 'Replace an account (description is cleared if left out)' : 'Update some fields of an account',
    description: 'The type of a system account, or of an account with postings, cannot change (409).',
    tag: 'Accounts',
    access: 'principal',
    scope: 'accounts:write',
    ids: { id: 'acc' },
    body: replace ? accountBody : accountPatchBody,
    response: { resource: AccountResource },
    handler: async ({ app, db, tenant, ids, body }) => {
      const row = await withTransaction(db, async (trx) => {
        const existing = await findAccount(trx, tenant, ids.id!);
        if (!existing) throw notFound(NOT_FOUND);
        if (body.type !== undefined && body.type !== existing.type) await assertTypeMayChange(trx, tenant, existing);
        const updated = await updateAccount(trx, tenant, existing.id, {
          ...(body.code !== undefined ? { code: body.code } : {}),
          ...(body.name !== undefined ? { name: body.name } : {}),
          ...(body.type !== undefined ? { type: body.type } : {}),
          ...(body.description !== undefined || replace ? { description: body.description ?? null } : {}),
          updated_at: isoNow(app),
        });
        if (!updated) throw codeTaken(body.code ?? existing.code);
        return updated;
      });
      return { data: accountView(row) };
    },
  });
}

/** Changing type would move posted amounts between the P&L and the balance sheet. */
async function assertTypeMayChange(db: Parameters<typeof accountUsage>[0], tenant: Parameters<typeof accountUsage>[1], account: AccountRow) {
  if (account.system_key) throw conflict(`Account ${account.code} is the system ${account.system_key} account; its type cannot change`);
  const usage = await accountUsage(db, tenant, account.id);
  if (usage.postings) throw conflict(`Account ${account.code} has ${plural(usage.postings, 'posting')}; its type cannot change`);
}

export const accountRoutes: RouteDef[] = [
  defineRoute({
    method: 'get',
    path: '/accounts',
    operationId: 'listAccounts',
    summary: 'List the chart of accounts, in code order',
    description: 'Unlike other lists, accounts are ordered by code (then ID), the way a chart of accounts reads.',
    tag: 'Accounts',
    access: 'principal',
    scope: 'accounts:read',
    query: z.strictObject({ ...paginationQuery, type: z.enum(ACCOUNT_TYPES).optional() }),
    response: { resource: AccountResource, list: true },
    handler: async ({ db, tenant, query }) => {
      const { rows, total } = await listAccounts(db, tenant, { type: query.type }, query);
      return { data: rows.map(accountView), meta: pageMeta(query, total) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/accounts',
    operationId: 'createAccount',
    summary: 'Add an account to the chart',
    tag: 'Accounts',
    access: 'principal',
    scope: 'accounts:write',
    status: 201,
    body: accountBody,
    response: { resource: AccountResource },
    handler: async ({ app, db, tenant, body }) => {
      const now = isoNow(app);
      const row = await insertAccount(db, tenant, {
        code: body.code,
        name: body.name,
        type: body.type,
        description: body.description ?? null,
        system_key: null,
        created_at: now,
        updated_at: now,
      });
      if (!row) throw codeTaken(body.code);
      const data = accountView(row);
      return { status: 201, data, headers: { Location: `/api/v1/accounts/${data.id}` } };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/accounts/{id}',
    operationId: 'getAccount',
    summary: 'Get an account',
    tag: 'Accounts',
    access: 'principal',
    scope: 'accounts:read',
    ids: { id: 'acc' },
    response: { resource: AccountResource },
    handler: async ({ db, tenant, ids }) => {
      const row = await findAccount(db, tenant, ids.id!);
      if (!row) throw notFound(NOT_FOUND);
      return { data: accountView(row) };
    },
  }),
  updateRoute('put'),
  updateRoute('patch'),
  defineRoute({
    method: 'delete',
    path: '/accounts/{id}',
    operationId: 'deleteAccount',
    summary: 'Delete an account nothing uses',
    description: 'An account with postings, one that transactions or invoice/quote lines use, or a system account cannot be deleted (409).',
    tag: 'Accounts',
    access: 'principal',
    scope: 'accounts:write',
    ids: { id: 'acc' },
    response: { schema: deletedSchema },
    handler: async ({ db, tenant, ids }) => {
      await withTransaction(db, async (trx) => {
        const existing = await findAccount(trx, tenant, ids.id!);
        if (!existing) throw notFound(NOT_FOUND);
        if (existing.system_key) {
          throw conflict(`Account ${existing.code} is the system ${existing.system_key} account that postings use; it cannot be deleted`);
        }
        const usage = await accountUsage(trx, tenant, existing.id);
        if (usage.postings) throw conflict(`Account ${existing.code} has ${plural(usage.postings, 'posting')} in the ledger; it cannot be deleted`);
        const uses = [
          usage.transactions && plural(usage.transactions, 'transaction'),
          usage.documentLines && plural(usage.documentLines, 'invoice or quote line'),
          usage.rules && plural(usage.rules, 'categorisation rule'),
        ].filter(Boolean);
        if (uses.length) throw conflict(`Account ${existing.code} cannot be deleted: it is used by ${uses.join(' and ')}`);
        await deleteAccount(trx, tenant, existing.id);
      });
      return { data: deletedView('acc', ids.id!) };
    },
  }),
];
