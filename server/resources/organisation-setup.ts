import type { DB } from '../db/open.js';
import { insertAccounts } from '../db/accounts.js';
import type { Mode } from '../db/schema.js';
import { DEFAULT_CHART } from './accounts/chart.js';

const MODES: readonly Mode[] = ['live', 'test'];

/**
 * Everything a new organisation starts with: the default chart of accounts, in both modes (test
 * data never shares an account with live data). Runs inside the registration transaction.
 */
export async function setUpOrganisation(db: DB, organisationId: number, nowIso: string): Promise<void> {
  for (const mode of MODES) {
    await insertAccounts(
      db,
      { organisationId, mode },
      DEFAULT_CHART.map((a) => ({
        code: a.code,
        name: a.name,
        type: a.type,
        description: a.description,
        system_key: a.systemKey,
        created_at: nowIso,
        updated_at: nowIso,
      })),
    );
  }
}
