import type { DB } from '../db/open.js';

/**
 * Everything a new organisation starts with (its default chart of accounts, in both modes).
 * Runs inside the registration transaction.
 */
export async function setUpOrganisation(_db: DB, _organisationId: number, _nowIso: string): Promise<void> {
  // Filled by the bookkeeping resources: the default chart of accounts.
}
