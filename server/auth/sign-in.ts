import type { AppContext } from '../context.js';
import type { DB } from '../db/open.js';
import { findUserByEmail, type UserRow } from '../db/users.js';
import { unauthorized, type ApiError } from '../http/errors.js';
import { dummyPasswordHash } from './dummy-hash.js';
import { assertNotLocked, failedAttempt, successfulAttempt } from './lockout.js';
import { matchTotpCode } from './totp.js';

/** Emails are compared and stored trimmed and lower-cased. */
export const normaliseEmail = (email: string) => email.trim().toLowerCase();

export const invalidCredentials = () => unauthorized('Invalid email or password');

/**
 * Checks an email and password under lockout and returns the user. Every attempt — known email
 * or not, locked or not — makes exactly one password-hasher call (against a dummy hash when the
 * email is unknown) and answers unknowns exactly like wrong passwords, so neither the response
 * nor its cost tells whether an account exists. The lock is checked after hashing so a locked
 * attempt costs the same too. A success does not clear the failures: with TOTP on, the sign-in
 * is not over until the code is checked (else each password success would buy 4 more guesses).
 */
export async function checkPassword(app: AppContext, rawEmail: string, password: string): Promise<UserRow> {
  const email = normaliseEmail(rawEmail);
  const dummy = await dummyPasswordHash(app);
  const user = await findUserByEmail(app.db, email);
  const matches = await app.passwords.verify(password, user ? user.password_hash : dummy);
  const now = app.now();
  await assertNotLocked(app.db, email, now);
  if (!user || !matches) throw await failedAttempt(app.db, email, now, invalidCredentials());
  return user;
}

/** Ends a run of failures after a complete sign-in (or another successful credential check). */
export async function signInSucceeded(db: DB, user: UserRow): Promise<void> {
  await successfulAttempt(db, user.email);
}

/**
 * Checks a TOTP code for `user` against `secret` under lockout, and claims its time step with
 * `claim` — a compare-and-set in the database, so the same code (or an older one) is refused
 * even when two instances see it at the same moment. A wrong or replayed code counts as a
 * failure and is answered with `failure` (or account_locked once it reaches the limit).
 */
export async function checkTotp(
  app: AppContext,
  user: UserRow,
  secret: string,
  code: string,
  claim: (step: number) => Promise<boolean>,
  failure: () => ApiError,
): Promise<void> {
  const now = app.now();
  await assertNotLocked(app.db, user.email, now);
  const step = await matchTotpCode(secret, code, now, user.totp_last_step);
  if (step === null || !(await claim(step))) throw await failedAttempt(app.db, user.email, now, failure());
  await successfulAttempt(app.db, user.email);
}

/** Re-checks a signed-in user's password (password change) under the same lockout. */
export async function checkCurrentPassword(app: AppContext, user: UserRow, password: string, failure: () => ApiError): Promise<void> {
  const now = app.now();
  await assertNotLocked(app.db, user.email, now);
  if (!(await app.passwords.verify(password, user.password_hash))) throw await failedAttempt(app.db, user.email, now, failure());
}
