import { randomBytes } from 'node:crypto';
import type { AppContext } from '../context.js';
import { hashPassword } from './passwords.js';

const dummyHashes = new WeakMap<AppContext, Promise<string>>();

/**
 * A hash of a random password at the app's configured cost, made once per app. Signing in with
 * an unknown email verifies against it, so that attempt costs the same one scrypt as a known
 * email and the response time says nothing about whether the account exists. It is made with
 * scrypt directly, not through `app.passwords`, so every sign-in makes exactly one hasher call.
 * Every sign-in awaits it, known email or not, so even the first one shows no difference.
 */
export function dummyPasswordHash(app: AppContext): Promise<string> {
  let hash = dummyHashes.get(app);
  if (!hash) {
    hash = hashPassword(randomBytes(32).toString('base64url'), app.config.scrypt);
    hash.catch(() => dummyHashes.delete(app));
    dummyHashes.set(app, hash);
  }
  return hash;
}
