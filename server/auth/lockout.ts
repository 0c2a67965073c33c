import type { DB } from '../db/open.js';
import { clearLoginFailures, findActiveLock, recordLoginFailure } from '../db/login-attempts.js';
import { ApiError } from '../http/errors.js';

/**
 * SPEC §2 lockout: 5 consecutive failures (passwords or TOTP codes) lock the email for 15
 * minutes, even against the right password; a success clears the count. Keyed by the
 * normalised email whether or not an account has it, so a locked response says nothing about
 * existence. State lives in the database so every instance enforces the same lock.
 */
export const MAX_CONSECUTIVE_FAILURES = 5;
export const LOCK_DURATION_MS = 15 * 60 * 1000;

export function accountLocked(lockedUntilIso: string, nowMs: number): ApiError {
  const retryAfter = Math.max(1, Math.ceil((Date.parse(lockedUntilIso) - nowMs) / 1000));
  return new ApiError(
    429,
    'account_locked',
    'Too many failed sign-in attempts; try again later',
    { retryAfter },
    { 'Retry-After': String(retryAfter) },
  );
}

/** Throws 429 account_locked while `email` is locked. */
export async function assertNotLocked(db: DB, email: string, nowMs: number): Promise<void> {
  const lockedUntil = await findActiveLock(db, email, new Date(nowMs).toISOString());
  if (lockedUntil) throw accountLocked(lockedUntil, nowMs);
}

/**
 * Counts a failure and returns the error to answer with: `failure` itself, or account_locked
 * when this failure reached the limit (the caller learns of the lock at once, not one try later).
 */
export async function failedAttempt(db: DB, email: string, nowMs: number, failure: ApiError): Promise<ApiError> {
  const state = await recordLoginFailure(db, email, {
    nowIso: new Date(nowMs).toISOString(),
    lockUntilIso: new Date(nowMs + LOCK_DURATION_MS).toISOString(),
    maxFailures: MAX_CONSECUTIVE_FAILURES,
  });
  return state.lockedUntil && Date.parse(state.lockedUntil) > nowMs ? accountLocked(state.lockedUntil, nowMs) : failure;
}

export async function successfulAttempt(db: DB, email: string): Promise<void> {
  await clearLoginFailures(db, email);
}
