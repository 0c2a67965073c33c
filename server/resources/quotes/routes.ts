import { z } from 'zod';
import { findDocumentLines } from '../../db/document-lines.js';
import { listQuotes } from '../../db/quotes.js';
import { tryParseId } from '../../http/ids.js';
import { defineRoute, type RouteDef } from '../../http/route.js';
import { pageMeta, paginationQuery } from '../../http/validation.js';
import { refSchema } from '../common-schemas.js';
import { ROUNDING_NOTE } from '../invoices/lines.js';
import { metadataFilterFromUrl, metadataFilterQuery } from '../metadata.js';
import { deletedSchema, deletedView } from '../responses.js';
import { QUOTE_LIFECYCLE, QUOTE_STATUSES, quoteBody, quotePatchBody, QuoteResource } from './schemas.js';
import { convertQuote, createQuote, deleteQuoteDraft, loadQuote, transitionQuote, updateQuoteDraft, type QuoteAction, type QuoteWithLines } from './service.js';
import { quoteView } from './view.js';

const view = ({ quote, lines }: QuoteWithLines) => quoteView(quote, lines);

const common = { tag: 'Quotes', access: 'principal' as const, response: { resource: QuoteResource } };

function updateRoute(method: 'put' | 'patch'): RouteDef {
  const replace = method === 'put';
  return defineRoute({
    ...common,
    method,
    path: '/quotes/{id}',
    operationId: replace ? 'replaceQuote' : 'updateQuote',
    summary: replace ? 'Replace a draft quote (fields left out reset to their defaults; metadata merges)' : 'Update some fields of a draft quote',
    description: `Only drafts can be edited (409 otherwise). Sending \`lines\` replaces all lines. ${ROUNDING_NOTE}`,
    scope: 'quotes:write',
    ids: { id: 'quo' },
    body: replace ? quoteBody : quotePatchBody,
    handler: async ({ app, db, tenant, ids, body }) => ({ data: view(await updateQuoteDraft(db, tenant, ids.id!, body, replace, app.now())) }),
  });
}

function transitionRoute(action: QuoteAction, summary: string): RouteDef {
  return defineRoute({
    ...common,
    method: 'post',
    path: `/quotes/{id}/${action}`,
    operationId: `${action}Quote`,
    summary,
    description: QUOTE_LIFECYCLE,
    scope: 'quotes:write',
    ids: { id: 'quo' },
    handler: async ({ app, db, tenant, ids }) => ({ data: view(await transitionQuote(db, tenant, ids.id!, action, app.now())) }),
  });
}

export const quoteRoutes: RouteDef[] = [
  defineRoute({
    ...common,
    method: 'get',
    path: '/quotes',
    operationId: 'listQuotes',
    summary: 'List quotes, newest first',
    scope: 'quotes:read',
    query: z.strictObject({ ...paginationQuery, status: z.enum(QUOTE_STATUSES).optional(), contactId: refSchema('cont').optional(), metadata: metadataFilterQuery }),
    response: { resource: QuoteResource, list: true },
    handler: async ({ db, tenant, query, req }) => {
      const contactId = query.contactId === undefined ? undefined : tryParseId('cont', query.contactId);
      if (contactId === null) return { data: [], meta: pageMeta(query, 0) };
      const { rows, total } = await listQuotes(db, tenant, { status: query.status, contactId, metadata: metadataFilterFromUrl(req.originalUrl) }, query);
      const lines = await findDocumentLines(db, tenant, 'quote', rows.map((r) => r.id));
      return { data: rows.map((row) => quoteView(row, lines.get(row.id) ?? [])), meta: pageMeta(query, total) };
    },
  }),
  defineRoute({
    ...common,
    method: 'post',
    path: '/quotes',
    operationId: 'createQuote',
    summary: 'Create a draft quote',
    description: `${QUOTE_LIFECYCLE} ${ROUNDING_NOTE}`,
    scope: 'quotes:write',
    status: 201,
    body: quoteBody,
    handler: async ({ app, db, tenant, body }) => {
      const data = view(await createQuote(db, tenant, body, app.now()));
      return { status: 201, data, headers: { Location: `/api/v1/quotes/${data.id}` } };
    },
  }),
  defineRoute({
    ...common,
    method: 'get',
    path: '/quotes/{id}',
    operationId: 'getQuote',
    summary: 'Get a quote',
    scope: 'quotes:read',
    ids: { id: 'quo' },
    handler: async ({ db, tenant, ids }) => ({ data: view(await loadQuote(db, tenant, ids.id!)) }),
  }),
  updateRoute('put'),
  updateRoute('patch'),
  defineRoute({
    method: 'delete',
    path: '/quotes/{id}',
    operationId: 'deleteQuote',
    summary: 'Delete a draft quote',
    description: 'Only drafts can be deleted (409 otherwise).',
    tag: 'Quotes',
    access: 'principal',
    scope: 'quotes:write',
    ids: { id: 'quo' },
    response: { schema: deletedSchema },
    handler: async ({ db, tenant, ids }) => {
      await deleteQuoteDraft(db, tenant, ids.id!);
      return { data: deletedView('quo', ids.id!) };
    },
  }),
  transitionRoute('send', 'Mark a draft quote as sent'),
  transitionRoute('accept', 'Mark a sent quote as accepted'),
  transitionRoute('decline', 'Mark a sent quote as declined'),
  defineRoute({
    ...common,
    method: 'post',
    path: '/quotes/{id}/convert',
    operationId: 'convertQuote',
    summary: 'Convert a quote into a draft invoice',
    description:
      'Creates a draft invoice with the quote’s contact, currency, reference (or the quote number), notes and lines, and marks the quote converted; ' +
      'the response is the quote, whose invoiceId names the new invoice. Declined and converted quotes cannot be converted (409). ' +
      'An API key also needs invoices:write, since this creates an invoice.',
    scope: 'quotes:write',
    alsoRequires: ['invoices:write'],
    ids: { id: 'quo' },
    handler: async ({ app, db, tenant, ids }) => {
      return { data: view(await convertQuote(db, tenant, ids.id!, app.now())) };
    },
  }),
];
