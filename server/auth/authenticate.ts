import type { Request } from 'express';
import type { AppContext } from '../context.js';
import { badRequest, unauthorized } from '../http/errors.js';
import { authenticateApiKey } from './api-keys.js';
import { userForToken } from './session-tokens.js';
import type { Principal } from './principal.js';
import type { Mode } from '../db/schema.js';

/** Where a credential came from; API keys may arrive in either header (some proxies strip Authorization). */
export type Credential = { kind: 'bearer'; token: string } | { kind: 'apiKey'; key: string };

const QUERY_KEY_NAMES = ['api_key', 'apikey', 'apiKey', 'key', 'access_token', 'token'];

/** Reads the request's credential without judging it. */
export function readCredential(req: Request): Credential | null {
  // A key in the URL ends up in logs, proxies and browser history: refuse it outright.
  const query = req.query as Record<string, unknown>;
  if (QUERY_KEY_NAMES.some((name) => name in query)) {
    throw badRequest('invalid_request', 'API keys and tokens belong in a header (X-API-Key or Authorization), never in the URL');
  }
  const apiKeyHeader = req.get('x-api-key');
  if (apiKeyHeader !== undefined && apiKeyHeader !== '') return { kind: 'apiKey', key: apiKeyHeader.trim() };
  const authorization = req.get('authorization');
  if (authorization === undefined || authorization === '') return null;
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(authorization);
  if (!match) throw unauthorized('Authorization header must be "Bearer <token>"');
  const token = match[1] as string;
  return token.startsWith('sk_') ? { kind: 'apiKey', key: token } : { kind: 'bearer', token };
}

function bearerMode(req: Request): Mode {
  const header = req.get('x-mode');
  if (header === undefined || header === '' || header === 'live') return 'live';
  if (header === 'test') return 'test';
  throw badRequest('validation_error', 'X-Mode must be "live" or "test"');
}

/** Resolves a user's access token into a principal; every failure is a 401 without detail. */
export async function authenticateBearer(app: AppContext, token: string, req: Request): Promise<Principal> {
  // Checks type, signature, expiry and the token generation (a password change ends sessions at once).
  const user = await userForToken(app, token, 'access');
  return { kind: 'user', userId: user.id, organisationId: user.organisation_id, role: user.role, mode: bearerMode(req) };
}

/** The request's principal, or a 401 (403 `ip_not_allowed` for a key used from elsewhere). */
export async function authenticate(app: AppContext, req: Request): Promise<Principal> {
  const credential = readCredential(req);
  if (!credential) throw unauthorized('Missing Authorization header');
  if (credential.kind === 'bearer') return authenticateBearer(app, credential.token, req);
  return authenticateApiKey(app, credential.key, req);
}
