import type { Selectable } from 'kysely';
import { engineOf } from './engine.js';
import type { DB } from './open.js';
import type { IdempotencyKeysTable } from './schema.js';

/**
 * Idempotency keys. Rows are scoped by principal (`key:<id>` / `user:<id>`), not by tenant: the
 * principal string already names one organisation, and the key means nothing outside it.
 * Every state change is a single conditional statement (insert-or-nothing, compare-and-set on
 * the claim token), so two API processes sharing a PostgreSQL database cannot both own a key.
 */

export type IdempotencyRow = Selectable<IdempotencyKeysTable>;

export interface StoredResponse {
  status: number;
  body: string;
  contentType: string;
  location: string | null;
}

export interface ClaimValues {
  principal: string;
  key: string;
  fingerprint: string;
  claimToken: string;
  claimedAt: string;
  expiresAt: string;
}

/** Claims an unused key: the row's id, or undefined when (principal, key) already exists. */
export async function insertIdempotencyClaim(db: DB, claim: ClaimValues): Promise<number | undefined> {
  const row = await db
    .insertInto('idempotency_keys')
    .values({
      principal: claim.principal,
      idem_key: claim.key,
      fingerprint: claim.fingerprint,
      state: 'in_progress',
      claim_token: claim.claimToken,
      claimed_at: claim.claimedAt,
      expires_at: claim.expiresAt,
    })
    .onConflict((oc) => oc.columns(['principal', 'idem_key']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

export async function findIdempotencyKey(db: DB, principal: string, key: string): Promise<IdempotencyRow | undefined> {
  return db.selectFrom('idempotency_keys').selectAll().where('principal', '=', principal).where('idem_key', '=', key).executeTakeFirst();
}

/**
 * Takes over a row that may be reclaimed — expired, or left in progress since before
 * `staleBefore` by a process that died — provided nobody else took it over since it was read
 * (`previousToken`). The condition is re-checked by the database, not trusted from the read.
 */
export async function takeOverIdempotencyKey(
  db: DB,
  id: number,
  previousToken: string,
  claim: Omit<ClaimValues, 'principal' | 'key'>,
  now: string,
  staleBefore: string,
): Promise<boolean> {
  const result = await db
    .updateTable('idempotency_keys')
    .set({
      fingerprint: claim.fingerprint,
      state: 'in_progress',
      claim_token: claim.claimToken,
      claimed_at: claim.claimedAt,
      expires_at: claim.expiresAt,
      response_status: null,
      response_body: null,
      response_content_type: null,
      response_location: null,
    })
    .where('id', '=', id)
    .where('claim_token', '=', previousToken)
    .where((eb) => eb.or([eb('expires_at', '<=', now), eb.and([eb('state', '=', 'in_progress'), eb('claimed_at', '<=', staleBefore)])]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Stores the response and marks the key complete — only if this claim still owns it. */
export async function completeIdempotencyKey(db: DB, id: number, claimToken: string, response: StoredResponse): Promise<boolean> {
  const result = await db
    .updateTable('idempotency_keys')
    .set({
      state: 'complete',
      response_status: response.status,
      response_body: response.body,
      response_content_type: response.contentType,
      response_location: response.location,
    })
    .where('id', '=', id)
    .where('claim_token', '=', claimToken)
    .where('state', '=', 'in_progress')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Gives the key back (the request failed with a 5xx) so a retry runs for real. */
export async function releaseIdempotencyKey(db: DB, id: number, claimToken: string): Promise<void> {
  await db.deleteFrom('idempotency_keys').where('id', '=', id).where('claim_token', '=', claimToken).where('state', '=', 'in_progress').execute();
}

/** Deletes up to `batchSize` expired keys; returns how many went (housekeeping, in batches). */
export async function purgeExpiredIdempotencyKeys(db: DB, now: string, batchSize: number): Promise<number> {
  const result = await db
    .deleteFrom('idempotency_keys')
    .where('id', 'in', (eb) => eb.selectFrom('idempotency_keys').select('id').where('expires_at', '<=', now).limit(batchSize))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/**
 * Whether a claim must be committed before the handler runs. On PostgreSQL, yes: other processes
 * must see the key in progress (409) while the handler's transaction is open. On SQLite, no: one
 * connection serialises every statement of the process, so nobody could observe the claim before
 * the transaction ends anyway — claiming inside the handler's transaction gives the same answers
 * and saves a commit (an fsync) per request.
 */
export function claimsCommitSeparately(db: DB): boolean {
  return engineOf(db) === 'postgres';
}
