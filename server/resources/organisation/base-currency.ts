import type { Tenant } from '../../auth/principal.js';
import type { DB } from '../../db/open.js';
import { findOrganisation } from '../../db/organisations.js';

/** The organisation's base currency: the ledger's, and the default for new records. */
export async function baseCurrency(db: DB, tenant: Tenant): Promise<string> {
  return (await findOrganisation(db, tenant.organisationId))?.base_currency ?? 'GBP';
}
