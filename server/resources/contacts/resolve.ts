import type { Tenant } from '../../auth/principal.js';
import { findContact, type ContactRow } from '../../db/contacts.js';
import type { DB } from '../../db/open.js';
import { parseRef, refNotFound } from '../common-schemas.js';

/** A `contactId` from a request body: the tenant's contact, or a 404 naming the ID. */
export async function resolveContact(db: DB, tenant: Tenant, publicId: string): Promise<ContactRow> {
  const contact = await findContact(db, tenant, parseRef('cont', publicId));
  if (!contact) throw refNotFound('cont', publicId);
  return contact;
}
