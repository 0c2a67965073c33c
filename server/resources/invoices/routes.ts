import { z } from 'zod';
import { findDocumentLines } from '../../db/document-lines.js';
import { listInvoices } from '../../db/invoices.js';
import { defineRoute, type RouteDef } from '../../http/route.js';
import { tryParseId } from '../../http/ids.js';
import { pageMeta, paginationQuery } from '../../http/validation.js';
import { refSchema } from '../common-schemas.js';
import { metadataFilterFromUrl, metadataFilterQuery } from '../metadata.js';
import { deletedSchema, deletedView } from '../responses.js';
import { createInvoiceDraft, deleteInvoiceDraft, loadInvoice, updateInvoiceDraft, type InvoiceWithLines } from './drafts.js';
import { ROUNDING_NOTE } from './lines.js';
import { INVOICE_STATUSES, invoiceBody, InvoiceResource, invoicePatchBody, payInvoiceBody } from './schemas.js';
import { finaliseInvoice, payInvoice, voidInvoice } from './transitions.js';
import { invoiceView } from './view.js';

const view = ({ invoice, lines }: InvoiceWithLines) => invoiceView(invoice, lines);

const common = { tag: 'Invoices', access: 'principal' as const, response: { resource: InvoiceResource } };

function updateRoute(method: 'put' | 'patch'): RouteDef {
  const replace = method === 'put';
  return defineRoute({
    ...common,
    method,
    path: '/invoices/{id}',
    operationId: replace ? 'replaceInvoice' : 'updateInvoice',
    summary: replace ? 'Replace a draft invoice (fields left out reset to their defaults; metadata merges)' : 'Update some fields of a draft invoice',
    description: `Only drafts can be edited (409 otherwise). Sending \`lines\` replaces all lines. ${ROUNDING_NOTE}`,
    scope: 'invoices:write',
    ids: { id: 'inv' },
    body: replace ? invoiceBody : invoicePatchBody,
    handler: async ({ app, db, tenant, ids, body }) => ({ data: view(await updateInvoiceDraft(db, tenant, ids.id!, body, replace, app.now())) }),
  });
}

function transitionRoute(action: 'finalise' | 'void', summary: string, description: string): RouteDef {
  return defineRoute({
    ...common,
    method: 'post',
    path: `/invoices/{id}/${action}`,
    operationId: `${action}Invoice`,
    summary,
    description,
    scope: 'invoices:write',
    ids: { id: 'inv' },
    handler: async ({ app, db, tenant, ids }) => {
      const run = action === 'finalise' ? finaliseInvoice : voidInvoice;
      return { data: view(await run(db, tenant, ids.id!, app.now())) };
    },
  });
}

export const invoiceRoutes: RouteDef[] = [
  defineRoute({
    ...common,
    method: 'get',
    path: '/invoices',
    operationId: 'listInvoices',
    summary: 'List invoices, newest first',
    scope: 'invoices:read',
    query: z.strictObject({
      ...paginationQuery,
      status: z.enum(INVOICE_STATUSES).optional(),
      contactId: refSchema('cont').optional(),
      metadata: metadataFilterQuery,
    }),
    response: { resource: InvoiceResource, list: true },
    handler: async ({ db, tenant, query, req }) => {
      const contactId = query.contactId === undefined ? undefined : tryParseId('cont', query.contactId);
      // A contact ID that cannot exist matches no invoice.
      if (contactId === null) return { data: [], meta: pageMeta(query, 0) };
      const { rows, total } = await listInvoices(db, tenant, { status: query.status, contactId, metadata: metadataFilterFromUrl(req.originalUrl) }, query);
      const lines = await findDocumentLines(db, tenant, 'invoice', rows.map((r) => r.id));
      return { data: rows.map((row) => invoiceView(row, lines.get(row.id) ?? [])), meta: pageMeta(query, total) };
    },
  }),
  defineRoute({
    ...common,
    method: 'post',
    path: '/invoices',
    operationId: 'createInvoice',
    summary: 'Create a draft invoice',
    description: ROUNDING_NOTE,
    scope: 'invoices:write',
    status: 201,
    body: invoiceBody,
    handler: async ({ app, db, tenant, body }) => {
      const data = view(await createInvoiceDraft(db, tenant, body, app.now()));
      return { status: 201, data, headers: { Location: `/api/v1/invoices/${data.id}` } };
    },
  }),
  defineRoute({
    ...common,
    method: 'get',
    path: '/invoices/{id}',
    operationId: 'getInvoice',
    summary: 'Get an invoice',
    scope: 'invoices:read',
    ids: { id: 'inv' },
    handler: async ({ db, tenant, ids }) => ({ data: view(await loadInvoice(db, tenant, ids.id!)) }),
  }),
  updateRoute('put'),
  updateRoute('patch'),
  defineRoute({
    method: 'delete',
    path: '/invoices/{id}',
    operationId: 'deleteInvoice',
    summary: 'Delete a draft invoice',
    description: 'Only drafts can be deleted (409 otherwise: void a finalised invoice instead).',
    tag: 'Invoices',
    access: 'principal',
    scope: 'invoices:write',
    ids: { id: 'inv' },
    response: { schema: deletedSchema },
    handler: async ({ db, tenant, ids }) => {
      await deleteInvoiceDraft(db, tenant, ids.id!);
      return { data: deletedView('inv', ids.id!) };
    },
  }),
  transitionRoute(
    'finalise',
    'Finalise a draft: number it and post it to the ledger',
    'Allocates the next number (INV-0001, per organisation and mode) and posts Debtors Dr total / income accounts Cr net / VAT Cr tax, dated the issue date. ' +
      'Only drafts with at least one line, a total of zero or more and the base currency can be finalised (409 otherwise).',
  ),
  defineRoute({
    ...common,
    method: 'post',
    path: '/invoices/{id}/pay',
    operationId: 'payInvoice',
    summary: 'Record payment of a finalised invoice in full',
    description: 'Posts Bank Dr / Debtors Cr for the total on the payment date. Only finalised invoices can be paid (409 otherwise).',
    scope: 'invoices:write',
    ids: { id: 'inv' },
    body: payInvoiceBody,
    handler: async ({ app, db, tenant, ids, body }) => ({ data: view(await payInvoice(db, tenant, ids.id!, body, app.now())) }),
  }),
  transitionRoute(
    'void',
    'Void a draft or finalised invoice',
    'A finalised invoice’s posting is reversed (dated today, or its issue date if later). Paid and void invoices cannot be voided (409).',
  ),
];
