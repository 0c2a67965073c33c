import type { Config } from './config.js';
import type { DB } from './db/open.js';
import type { ServerSecrets } from './auth/server-secrets.js';
import { hashPassword, verifyPassword } from './auth/passwords.js';
import type { Housekeeping } from './http/housekeeping.js';
import type { RequestLogWriter } from './http/request-log.js';

/** Hashes and verifies passwords; an object so tests can count calls (timing-parity proofs). */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(password: string, stored: string): Promise<boolean>;
}

export function scryptHasher(cost: Config['scrypt']): PasswordHasher {
  return { hash: (pw) => hashPassword(pw, cost), verify: verifyPassword };
}

/** What every handler and middleware may use: built once per app by `createAppContext`. */
export interface AppContext {
  db: DB;
  config: Config;
  secrets: ServerSecrets;
  passwords: PasswordHasher;
  now: () => number;
  /** Buffered request-log writes; `flush()` before closing the database. */
  requestLog: RequestLogWriter;
  /** Background pruning and purging; `stop()` at shutdown. */
  housekeeping: Housekeeping;
}
