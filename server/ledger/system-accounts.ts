import type { Tenant } from '../auth/principal.js';
import { findAccountBySystemKey, type AccountRow } from '../db/accounts.js';
import type { DB } from '../db/open.js';
import type { SystemKey } from '../resources/accounts/chart.js';

/**
 * The account a posting role uses. System accounts are created with the organisation and cannot
 * be deleted, so a missing one is a broken database, not a client error.
 */
export async function systemAccount(db: DB, tenant: Tenant, key: SystemKey): Promise<AccountRow> {
  const account = await findAccountBySystemKey(db, tenant, key);
  if (!account) throw new Error(`organisation ${tenant.organisationId} (${tenant.mode}) has no ${key} account`);
  return account;
}
