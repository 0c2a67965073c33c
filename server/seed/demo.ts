import type { AppContext } from '../context.js';
import { findUserByEmail, insertUser } from '../db/users.js';
import { insertOrganisation } from '../db/organisations.js';
import { setUpOrganisation } from '../resources/organisation-setup.js';
import { seedDemoApiKeys } from './api-keys.js';
import { seedBookkeeping } from './bookkeeping.js';

export const DEMO_EMAIL = 'demo@devshell.dev';
export const DEMO_PASSWORD = 'devshell-demo';

export interface DemoCredentials {
  email: string;
  password: string;
  organisationId: number;
  userId: number;
  /** Plaintext keys for the demo page; null until API keys exist. */
  testKey: string | null;
  liveKey: string | null;
}

/** Creates the demo organisation on first run; later runs find it and change nothing. */
export async function seedDemo(app: AppContext): Promise<DemoCredentials> {
  const existing = await findUserByEmail(app.db, DEMO_EMAIL);
  let organisationId: number;
  let userId: number;
  if (existing) {
    organisationId = existing.organisation_id;
    userId = existing.id;
  } else {
    const passwordHash = await app.passwords.hash(DEMO_PASSWORD);
    const createdAt = new Date(app.now()).toISOString();
    ({ organisationId, userId } = await app.db.transaction().execute(async (trx) => {
      const orgId = await insertOrganisation(trx, { name: 'Demo Trading Ltd', createdAt });
      await setUpOrganisation(trx, orgId, createdAt);
      const uid = await insertUser(trx, { organisationId: orgId, email: DEMO_EMAIL, name: 'Demo Owner', passwordHash, role: 'owner', createdAt });
      return { organisationId: orgId, userId: uid };
    }));
  }
  await seedBookkeeping(app, organisationId);
  const { testKey, liveKey } = await seedDemoApiKeys(app, { organisationId, userId });
  return { email: DEMO_EMAIL, password: DEMO_PASSWORD, organisationId, userId, testKey, liveKey };
}
