import { z } from 'zod';
import { findTransaction, listTransactions } from '../../db/transactions.js';
import { notFound } from '../../http/errors.js';
import { tryParseId } from '../../http/ids.js';
import { defineRoute, type RouteDef } from '../../http/route.js';
import { pageMeta, paginationQuery } from '../../http/validation.js';
import { refSchema } from '../common-schemas.js';
import { metadataFilterFromUrl, metadataFilterQuery } from '../metadata.js';
import { deletedSchema, deletedView } from '../responses.js';
import {
  categoriseBody,
  TRANSACTION_STATUSES,
  transactionBody,
  transactionPatchBody,
  transactionReplaceBody,
  TransactionResource,
} from './schemas.js';
import {
  categoriseTransaction,
  createTransaction,
  removeTransaction,
  TRANSACTION_NOT_FOUND,
  uncategoriseTransaction,
  updateTransactionDetails,
} from './service.js';
import { transactionView } from './view.js';

const common = { tag: 'Transactions', access: 'principal' as const, response: { resource: TransactionResource } };

function updateRoute(method: 'put' | 'patch'): RouteDef {
  const replace = method === 'put';
  return defineRoute({
    ...common,
    method,
    path: '/transactions/{id}',
    operationId: replace ? 'replaceTransaction' : 'updateTransaction',
    summary: replace ? 'Replace a transaction’s details (fields left out reset; metadata merges)' : 'Update some details of a transaction',
    description:
      'A categorised transaction’s date, amount, currency and bank account cannot change (409: uncategorise it first); ' +
      'its description, reference, contact and metadata can. The category changes only through /categorise.',
    scope: 'transactions:write',
    ids: { id: 'txn' },
    body: replace ? transactionReplaceBody : transactionPatchBody,
    handler: async ({ app, db, tenant, ids, body }) => ({ data: transactionView(await updateTransactionDetails(db, tenant, ids.id!, body, replace, app.now())) }),
  });
}

/** Optional ID filters: one that cannot exist matches nothing (rather than a 404 for a list). */
function filterId(prefix: 'acc' | 'cont', value: string | undefined): number | undefined | null {
  return value === undefined ? undefined : tryParseId(prefix, value);
}

export const transactionRoutes: RouteDef[] = [
  defineRoute({
    ...common,
    method: 'get',
    path: '/transactions',
    operationId: 'listTransactions',
    summary: 'List bank transactions, newest first',
    scope: 'transactions:read',
    query: z.strictObject({
      ...paginationQuery,
      status: z.enum(TRANSACTION_STATUSES).optional(),
      accountId: refSchema('acc').optional().describe('Only transactions categorised to this account'),
      bankAccountId: refSchema('acc').optional(),
      contactId: refSchema('cont').optional(),
      metadata: metadataFilterQuery,
    }),
    response: { resource: TransactionResource, list: true },
    handler: async ({ db, tenant, query, req }) => {
      const accountId = filterId('acc', query.accountId);
      const bankAccountId = filterId('acc', query.bankAccountId);
      const contactId = filterId('cont', query.contactId);
      if (accountId === null || bankAccountId === null || contactId === null) return { data: [], meta: pageMeta(query, 0) };
      const { rows, total } = await listTransactions(db, tenant, { status: query.status, accountId, bankAccountId, contactId, metadata: metadataFilterFromUrl(req.originalUrl) }, query);
      return { data: rows.map(transactionView), meta: pageMeta(query, total) };
    },
  }),
  defineRoute({
    ...common,
    method: 'post',
    path: '/transactions',
    operationId: 'createTransaction',
    summary: 'Record a bank transaction (optionally categorised at once)',
    scope: 'transactions:write',
    status: 201,
    body: transactionBody,
    handler: async ({ app, db, tenant, body }) => {
      const data = transactionView(await createTransaction(db, tenant, body, app.now()));
      return { status: 201, data, headers: { Location: `/api/v1/transactions/${data.id}` } };
    },
  }),
  defineRoute({
    ...common,
    method: 'get',
    path: '/transactions/{id}',
    operationId: 'getTransaction',
    summary: 'Get a bank transaction',
    scope: 'transactions:read',
    ids: { id: 'txn' },
    handler: async ({ db, tenant, ids }) => {
      const row = await findTransaction(db, tenant, ids.id!);
      if (!row) throw notFound(TRANSACTION_NOT_FOUND);
      return { data: transactionView(row) };
    },
  }),
  updateRoute('put'),
  updateRoute('patch'),
  defineRoute({
    method: 'delete',
    path: '/transactions/{id}',
    operationId: 'deleteTransaction',
    summary: 'Delete an uncategorised transaction',
    description: 'A categorised transaction is in the ledger: uncategorise it first (409 otherwise).',
    tag: 'Transactions',
    access: 'principal',
    scope: 'transactions:write',
    ids: { id: 'txn' },
    response: { schema: deletedSchema },
    handler: async ({ db, tenant, ids }) => {
      await removeTransaction(db, tenant, ids.id!);
      return { data: deletedView('txn', ids.id!) };
    },
  }),
  defineRoute({
    ...common,
    method: 'post',
    path: '/transactions/{id}/categorise',
    operationId: 'categoriseTransaction',
    summary: 'Categorise a transaction: post bank against the chosen account',
    description:
      'Money in: Bank Dr / account Cr; money out: account Dr / Bank Cr, dated the transaction date. ' +
      'Recategorising reverses the previous posting first; the same account again changes nothing.',
    scope: 'transactions:write',
    ids: { id: 'txn' },
    body: categoriseBody,
    handler: async ({ app, db, tenant, ids, body }) => ({ data: transactionView(await categoriseTransaction(db, tenant, ids.id!, body.accountId, app.now())) }),
  }),
  defineRoute({
    ...common,
    method: 'post',
    path: '/transactions/{id}/uncategorise',
    operationId: 'uncategoriseTransaction',
    summary: 'Take a transaction back out of the ledger',
    description: 'Posts the reversal of its categorisation and clears the category. 409 when it is not categorised.',
    scope: 'transactions:write',
    ids: { id: 'txn' },
    handler: async ({ app, db, tenant, ids }) => ({ data: transactionView(await uncategoriseTransaction(db, tenant, ids.id!, app.now())) }),
  }),
];
