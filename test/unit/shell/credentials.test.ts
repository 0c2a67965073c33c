import { describe, expect, it } from 'vitest';
import { credentialsFor, maskOptionsFor } from '../../../shell/commands/credentials.js';
import type { ShellEnv } from '../../../shell/commands/context.js';
import { fallbackSpec } from '../../../shell/spec.js';
import { maskText } from '../../../shell/power/mask.js';

function env(overrides: Partial<ShellEnv> = {}): ShellEnv {
  return {
    baseUrl: 'https://api.test',
    specUrl: 'https://api.test/openapi.json',
    apiKey: 'sk_test_abcdefghijklmnop',
    authHeaders: undefined,
    spec: fallbackSpec('https://api.test/v1'),
    specStatus: 'loaded',
    declaresIdempotencyKey: false,
    ...overrides,
  };
}

describe('credentialsFor', () => {
  it('sends the key the way the document says, only to the API’s own origin', async () => {
    expect(await credentialsFor(env(), 'https://api.test/v1/invoices')).toEqual({ headers: [['X-API-Key', 'sk_test_abcdefghijklmnop']], scheme: 'plain' });
    const bearer = env({ spec: { ...fallbackSpec('https://api.test/v1'), auth: { kind: 'bearer' } } });
    expect(await credentialsFor(bearer, 'https://api.test/v1/x')).toEqual({ headers: [['Authorization', 'Bearer sk_test_abcdefghijklmnop']], scheme: 'bearer' });
    expect(await credentialsFor(env(), 'https://elsewhere.test/v1/x')).toEqual({ headers: [], scheme: 'plain' });
    expect(await credentialsFor(env({ apiKey: '' }), 'https://api.test/v1/x')).toEqual({ headers: [], scheme: 'plain' });
  });

  it('prefers the host page’s auth headers', async () => {
    const host = env({ authHeaders: async () => ({ Authorization: 'Bearer eyJhost' }) });
    expect(await credentialsFor(host, 'https://api.test/v1/x')).toEqual({ headers: [['Authorization', 'Bearer eyJhost']], scheme: 'host' });
  });
});

describe('maskOptionsFor', () => {
  it('hides the key, the values sent (with and without their scheme) and the document’s key header', () => {
    const options = maskOptionsFor(env({ spec: { ...fallbackSpec('https://api.test'), auth: { kind: 'header', name: 'X-Custom-Key' } } }), ['Bearer tok_123456789']);
    expect(options.secrets).toEqual(['sk_test_abcdefghijklmnop', 'Bearer tok_123456789', 'tok_123456789']);
    expect(options.secretHeaders).toEqual(['X-Custom-Key']);
    expect(maskText('token tok_123456789 and X-Custom-Key: abcdefghijklmnop', options)).toBe('token tok_…6789 and X-Custom-Key: …mnop');
  });
});
