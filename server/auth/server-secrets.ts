import { randomBytes } from 'node:crypto';
import type { DB } from '../db/open.js';
import { getOrCreateServerSecret } from '../db/server-secrets.js';

export interface ServerSecrets {
  jwt: string;
  apiKeyPepper: string;
}

/**
 * Secrets from the environment win; otherwise each is generated once and kept in the database,
 * so restarts keep sessions and keys valid, and every instance sharing the database agrees.
 */
export async function loadServerSecrets(db: DB, fromEnv: { jwtSecret: string | null; apiKeyPepper: string | null }): Promise<ServerSecrets> {
  return {
    jwt: fromEnv.jwtSecret ?? (await getOrCreateServerSecret(db, 'jwt', randomBytes(48).toString('base64url'))),
    apiKeyPepper: fromEnv.apiKeyPepper ?? (await getOrCreateServerSecret(db, 'api_key_pepper', randomBytes(48).toString('base64url'))),
  };
}
