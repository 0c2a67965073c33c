import { z } from 'zod';
import { isExpired } from '../../auth/api-keys.js';
import type { ApiKeyRow } from '../../db/api-keys.js';
import { formatId } from '../../http/ids.js';
import type { Resource } from '../../http/route.js';

export const ApiKeySchema = z.object({
  id: z.string().meta({ examples: ['key_1'] }),
  name: z.string(),
  mode: z.enum(['live', 'test']),
  scopes: z.array(z.string()),
  /** `sk_test_…a1b2`: enough to recognise a key, useless to anyone who sees it. */
  redactedKey: z.string().meta({ examples: ['sk_test_…a1b2'] }),
  last4: z.string(),
  status: z.enum(['active', 'revoked', 'expired']),
  expiresAt: z.string().nullable(),
  ipAllowlist: z.array(z.string()),
  createdAt: z.string(),
  createdBy: z.string().meta({ examples: ['usr_1'] }),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  rotatedFrom: z.string().nullable().meta({ examples: ['key_1'] }),
});

export const NewApiKeySchema = ApiKeySchema.extend({
  secret: z.string().describe('The API key itself. Shown only in this response: store it now.'),
});

export const apiKeyResource: Resource = { name: 'ApiKey', prefix: 'key', schema: ApiKeySchema };
export const newApiKeyResource: Resource = { name: 'NewApiKey', prefix: 'key', schema: NewApiKeySchema };

export type ApiKeyView = z.infer<typeof ApiKeySchema>;

/** The public shape of a key: never its hash, and never its secret (only at create/rotate). */
export function apiKeyView(row: ApiKeyRow, nowMs: number): ApiKeyView {
  return {
    id: formatId('key', row.id),
    name: row.name,
    mode: row.mode,
    scopes: JSON.parse(row.scopes) as string[],
    redactedKey: `sk_${row.mode}_…${row.last4}`,
    last4: row.last4,
    status: row.revoked_at !== null ? 'revoked' : isExpired(row, nowMs) ? 'expired' : 'active',
    expiresAt: row.expires_at,
    ipAllowlist: JSON.parse(row.ip_allowlist) as string[],
    createdAt: row.created_at,
    createdBy: formatId('usr', row.created_by),
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
    rotatedFrom: row.rotated_from_id === null ? null : formatId('key', row.rotated_from_id),
  };
}
