import type { Tenant } from '../auth/principal.js';
import type { DB } from './open.js';
import type { DocumentSequencesTable } from './schema.js';

/**
 * The next number of a document series (invoices, quotes) for one organisation and mode, in a
 * single INSERT … ON CONFLICT DO UPDATE … RETURNING: atomic on both engines (PostgreSQL locks the
 * counter row until the caller's transaction ends), and rolled back with it, so numbers have no
 * gaps and never repeat. The unique constraint on the documents' numbers is the second guard.
 */
export async function nextDocumentNumber(db: DB, tenant: Tenant, kind: DocumentSequencesTable['kind']): Promise<number> {
  const row = await db
    .insertInto('document_sequences')
    .values({ organisation_id: tenant.organisationId, mode: tenant.mode, kind, last_value: 1 })
    .onConflict((oc) =>
      oc.columns(['organisation_id', 'mode', 'kind']).doUpdateSet((eb) => ({ last_value: eb('document_sequences.last_value', '+', 1) })),
    )
    .returning('last_value')
    .executeTakeFirstOrThrow();
  return Number(row.last_value);
}
