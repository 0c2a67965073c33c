import { deriveDemoKey, hashApiKey, last4 } from '../auth/api-keys.js';
import type { AppContext } from '../context.js';
import { upsertApiKeyByHash } from '../db/api-keys.js';
import type { Mode } from '../db/schema.js';

/**
 * The demo organisation's live and test keys, with every scope. Their plaintext is derived from
 * the server pepper (never stored), so every start can hand the demo page the same test key while
 * the database holds only hashes; re-seeding upserts by hash and changes nothing else — except
 * that a demo key someone revoked is restored, because the demo page depends on it.
 */
export async function seedDemoApiKeys(
  app: AppContext,
  owner: { organisationId: number; userId: number },
): Promise<{ testKey: string; liveKey: string }> {
  const createdAt = new Date(app.now()).toISOString();
  const seed = async (mode: Mode): Promise<string> => {
    const key = deriveDemoKey(app.secrets.apiKeyPepper, mode);
    await upsertApiKeyByHash(app.db, { organisationId: owner.organisationId, mode }, {
      name: `Demo ${mode} key`,
      keyHash: hashApiKey(app.secrets.apiKeyPepper, key),
      last4: last4(key),
      scopes: ['*'],
      ipAllowlist: [],
      expiresAt: null,
      createdBy: owner.userId,
      createdAt,
    });
    return key;
  };
  return { testKey: await seed('test'), liveKey: await seed('live') };
}
