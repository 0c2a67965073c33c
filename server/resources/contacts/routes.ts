import { z } from 'zod';
import {
  contactReferences,
  deleteContact,
  findContact,
  insertContact,
  listContacts,
  updateContact,
  type ContactChanges,
} from '../../db/contacts.js';
import { deleteMetadataEntries, replaceMetadataEntries } from '../../db/metadata.js';
import { withTransaction } from '../../db/transaction.js';
import { conflict, notFound } from '../../http/errors.js';
import { defineRoute, type RouteDef } from '../../http/route.js';
import { pageMeta, paginationQuery } from '../../http/validation.js';
import { deletedSchema, deletedView, isoNow } from '../responses.js';
import { mergeMetadataOrThrow, metadataFilterFromUrl, metadataFilterQuery, parseStoredMetadata } from '../metadata.js';
import { addressValue, CONTACT_TYPES, contactBody, contactPatchBody, ContactResource } from './schemas.js';
import { contactView } from './view.js';

type ContactInput = z.output<typeof contactPatchBody>;

const NOT_FOUND = 'Contact not found';

/** The column values a body sets. PUT (`replace`) resets what it leaves out; PATCH keeps it. */
function contactChanges(body: ContactInput, replace: boolean): ContactChanges {
  const changes: ContactChanges = {};
  if (body.name !== undefined) changes.name = body.name;
  if (body.type !== undefined || replace) changes.type = body.type ?? 'customer';
  if (body.email !== undefined || replace) changes.email = body.email ?? null;
  if (body.phone !== undefined || replace) changes.phone = body.phone ?? null;
  if (body.taxNumber !== undefined || replace) changes.tax_number = body.taxNumber ?? null;
  if (body.address !== undefined || replace) changes.address = body.address ? JSON.stringify(addressValue(body.address)) : null;
  return changes;
}

function updateRoute(method: 'put' | 'patch'): RouteDef {
  const replace = method === 'put';
  return defineRoute({
    method,
    path: '/contacts/{id}',
    operationId: replace ? 'replaceContact' : 'updateContact',
    summary: replace ? 'Replace a contact (fields left out are cleared; metadata is merged)' : 'Update some fields of a contact',
    tag: 'Contacts',
    access: 'principal',
    scope: 'contacts:write',
    ids: { id: 'cont' },
    body: replace ? contactBody : contactPatchBody,
    response: { resource: ContactResource },
    handler: async ({ app, db, tenant, ids, body }) => {
      const row = await withTransaction(db, async (trx) => {
        const existing = await findContact(trx, tenant, ids.id!);
        if (!existing) throw notFound(NOT_FOUND);
        const changes = contactChanges(body, replace);
        if (body.metadata !== undefined) {
          const metadata = mergeMetadataOrThrow(parseStoredMetadata(existing.metadata), body.metadata);
          changes.metadata = JSON.stringify(metadata);
          await replaceMetadataEntries(trx, tenant, 'contact', existing.id, metadata);
        }
        changes.updated_at = isoNow(app);
        return (await updateContact(trx, tenant, existing.id, changes))!;
      });
      return { data: contactView(row) };
    },
  });
}

export const contactRoutes: RouteDef[] = [
  defineRoute({
    method: 'get',
    path: '/contacts',
    operationId: 'listContacts',
    summary: 'List contacts, newest first',
    tag: 'Contacts',
    access: 'principal',
    scope: 'contacts:read',
    query: z.strictObject({ ...paginationQuery, type: z.enum(CONTACT_TYPES).optional(), metadata: metadataFilterQuery }),
    response: { resource: ContactResource, list: true },
    handler: async ({ db, tenant, query, req }) => {
      const { rows, total } = await listContacts(db, tenant, { type: query.type, metadata: metadataFilterFromUrl(req.originalUrl) }, query);
      return { data: rows.map(contactView), meta: pageMeta(query, total) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/contacts',
    operationId: 'createContact',
    summary: 'Create a contact',
    tag: 'Contacts',
    access: 'principal',
    scope: 'contacts:write',
    status: 201,
    body: contactBody,
    response: { resource: ContactResource },
    handler: async ({ app, db, tenant, body }) => {
      const metadata = mergeMetadataOrThrow({}, body.metadata);
      const now = isoNow(app);
      const changes = contactChanges(body, true);
      const row = await withTransaction(db, async (trx) => {
        const inserted = await insertContact(trx, tenant, {
          name: body.name,
          type: changes.type!,
          email: changes.email ?? null,
          phone: changes.phone ?? null,
          tax_number: changes.tax_number ?? null,
          address: changes.address ?? null,
          metadata: JSON.stringify(metadata),
          created_at: now,
          updated_at: now,
        });
        await replaceMetadataEntries(trx, tenant, 'contact', inserted.id, metadata);
        return inserted;
      });
      const data = contactView(row);
      return { status: 201, data, headers: { Location: `/api/v1/contacts/${data.id}` } };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/contacts/{id}',
    operationId: 'getContact',
    summary: 'Get a contact',
    tag: 'Contacts',
    access: 'principal',
    scope: 'contacts:read',
    ids: { id: 'cont' },
    response: { resource: ContactResource },
    handler: async ({ db, tenant, ids }) => {
      const row = await findContact(db, tenant, ids.id!);
      if (!row) throw notFound(NOT_FOUND);
      return { data: contactView(row) };
    },
  }),
  updateRoute('put'),
  updateRoute('patch'),
  defineRoute({
    method: 'delete',
    path: '/contacts/{id}',
    operationId: 'deleteContact',
    summary: 'Delete a contact that no invoice, quote, transaction or categorisation rule refers to',
    tag: 'Contacts',
    access: 'principal',
    scope: 'contacts:write',
    ids: { id: 'cont' },
    response: { schema: deletedSchema },
    handler: async ({ db, tenant, ids }) => {
      await withTransaction(db, async (trx) => {
        const existing = await findContact(trx, tenant, ids.id!);
        if (!existing) throw notFound(NOT_FOUND);
        const refs = await contactReferences(trx, tenant, existing.id);
        const uses = [
          refs.invoices && `${refs.invoices} invoice${refs.invoices === 1 ? '' : 's'}`,
          refs.quotes && `${refs.quotes} quote${refs.quotes === 1 ? '' : 's'}`,
          refs.transactions && `${refs.transactions} transaction${refs.transactions === 1 ? '' : 's'}`,
          refs.rules && `${refs.rules} categorisation rule${refs.rules === 1 ? '' : 's'}`,
        ].filter(Boolean);
        if (uses.length) throw conflict(`This contact cannot be deleted: it is used by ${uses.join(', ')}`);
        await deleteMetadataEntries(trx, tenant, 'contact', existing.id);
        await deleteContact(trx, tenant, existing.id);
      });
      return { data: deletedView('cont', ids.id!) };
    },
  }),
];
