import { isSameOrigin } from '../request.js';
import { authHeader } from '../spec.js';
import type { MaskOptions } from '../power/mask.js';
import type { SentRequest, ShellEnv } from './context.js';

export const MASKED_NOTE = 'Secrets are masked on screen; the copy button copies the real text.';

export interface Credentials {
  headers: Array<[string, string]>;
  scheme: SentRequest['credentialScheme'];
}

/**
 * The credential headers for a request to `url`: the host page's auth headers, else the key the
 * way the document's securitySchemes say. They go only to the API's own origin, never to an
 * absolute URL elsewhere. Requests and ID previews use the same rule.
 */
export async function credentialsFor(env: ShellEnv, url: string): Promise<Credentials> {
  if (!isSameOrigin(url, env.spec.serverBase)) return { headers: [], scheme: 'plain' };
  if (env.authHeaders) return { headers: Object.entries(await env.authHeaders()), scheme: 'host' };
  if (env.apiKey) return { headers: [authHeader(env.spec.auth, env.apiKey)], scheme: env.spec.auth.kind === 'bearer' ? 'bearer' : 'plain' };
  return { headers: [], scheme: 'plain' };
}

/**
 * What mask.ts must hide besides what it finds by itself: the key, the credential values sent
 * (with and without their `Bearer ` scheme, since a token also appears alone) and the
 * document's own key header.
 */
export function maskOptionsFor(env: ShellEnv, credentialValues: readonly string[] = []): MaskOptions {
  const secrets = new Set<string>();
  if (env.apiKey) secrets.add(env.apiKey);
  for (const value of credentialValues) {
    secrets.add(value);
    const bare = value.replace(/^(?:Bearer|Basic|Token)\s+/i, '');
    if (bare) secrets.add(bare);
  }
  return { secrets: [...secrets], secretHeaders: env.spec.auth.kind === 'header' ? [env.spec.auth.name] : [] };
}
