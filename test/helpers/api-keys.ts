import { expect } from 'vitest';
import type { TestApi } from './api.js';

export interface CreatedKey {
  id: string;
  secret: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  data: any;
}

/** Creates an API key through the real endpoint with a user's token (`mode` via X-Mode). */
export async function createKey(
  api: TestApi,
  token: string,
  body: { name?: string; scopes?: string[]; expiresAt?: string; ipAllowlist?: string[] } = {},
  mode: 'live' | 'test' = 'live',
): Promise<CreatedKey> {
  const res = await api.request('POST', '/api-keys', {
    token,
    headers: mode === 'test' ? { 'x-mode': 'test' } : {},
    body: { name: body.name ?? 'test key', scopes: body.scopes ?? ['*'], ...body },
  });
  expect(res.status, res.text).toBe(201);
  return { id: res.json.data.id, secret: res.json.data.secret, data: res.json.data };
}

/** Makes every request-log entry recorded so far visible (the writer batches off the request path). */
export async function flushRequestLog(api: TestApi): Promise<void> {
  // 'finish' fires once the response is handed to the socket; let those callbacks run first.
  await new Promise((resolve) => setImmediate(resolve));
  await api.context.requestLog.flush();
}
