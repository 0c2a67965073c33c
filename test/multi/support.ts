import { expect } from 'vitest';
import { callServer, type ServerProcess } from '../helpers/server-process.js';

let counter = 0;

/** Registers a new organisation through `server`; returns the owner's credentials. */
export async function register(server: ServerProcess): Promise<{ email: string; password: string; token: string }> {
  counter += 1;
  const email = `owner${counter}-${process.pid}@example.com`;
  const password = 'correct horse battery';
  const res = await callServer(server, 'POST', '/auth/register', { body: { email, password, name: 'Owner', organisationName: `Org ${counter}` } });
  expect(res.status, JSON.stringify(res.json)).toBe(201);
  return { email, password, token: res.json.data.accessToken as string };
}

/** Creates an API key with a user's token; returns its id and secret. */
export async function createApiKey(server: ServerProcess, token: string, scopes: string[] = ['*']): Promise<{ id: string; secret: string }> {
  const res = await callServer(server, 'POST', '/api-keys', { token, body: { name: 'multi-instance key', scopes } });
  expect(res.status, JSON.stringify(res.json)).toBe(201);
  return { id: res.json.data.id as string, secret: res.json.data.secret as string };
}

/** Waits (polling) until the instance reports healthy again after the database came back. */
export async function untilHealthy(server: ServerProcess, attempts = 80): Promise<void> {
  for (let i = 0; i < attempts; i += 1) {
    const res = await callServer(server, 'GET', '/healthz', { timeoutMs: 12_000 }).catch(() => null);
    if (res?.status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${server.url} did not become healthy again:\n${server.output()}`);
}
