import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import type { Principal } from '../auth/principal.js';
import type { AppContext } from '../context.js';
import type { DB } from '../db/open.js';
import {
  claimsCommitSeparately,
  completeIdempotencyKey,
  findIdempotencyKey,
  insertIdempotencyClaim,
  purgeExpiredIdempotencyKeys,
  releaseIdempotencyKey,
  takeOverIdempotencyKey,
  type StoredResponse,
} from '../db/idempotency.js';
import { ApiError } from './errors.js';
import { idempotencyScope, parseIdempotencyKey, requestFingerprint } from './idempotency-key.js';
import { errorBody, JSON_CONTENT_TYPE, resultHeader, successBody } from './response-body.js';
import { acceptsIdempotencyKey, type HandlerContext, type HandlerResult, type RouteDef } from './route.js';

/**
 * Idempotency keys (SPEC §3). The router calls this after authentication, scope checks and
 * validation, so a rejected request never touches the key and the client can fix and retry.
 *
 * 1. Claim: INSERT … ON CONFLICT DO NOTHING on (principal, key). Exactly one request wins, on any
 *    number of processes sharing the database. On PostgreSQL the claim commits first, so other
 *    processes see the key in progress (409); on SQLite it is the first statement of the handler's
 *    transaction (see `claimsCommitSeparately`).
 * 2. Execute: the handler runs inside a transaction (`ctx.db`) that also completes the key with
 *    the stored response, so the resource and the completed key commit together or not at all.
 * 3. A 5xx (or a throw) rolls back and releases the key; a 4xx is stored like a success (the
 *    handler's writes still roll back).
 *
 * A claim left in progress by a process that died (it never committed, so it wrote nothing) can be
 * taken over after IDEMPOTENCY_STALE_CLAIM_MS. A handler still running after that long loses its
 * claim: its completion finds another owner and its transaction rolls back with a 409.
 */

export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
export const IDEMPOTENCY_STALE_CLAIM_MS = 60_000;
const PURGE_BATCH = 1000;
const CLAIM_ATTEMPTS = 3;

const iso = (ms: number) => new Date(ms).toISOString();

const inProgress = () =>
  new ApiError(409, 'idempotency_conflict', 'A request with this Idempotency-Key is still in progress; retry once it has finished', {}, { 'Retry-After': '1' });
const mismatch = () =>
  new ApiError(422, 'idempotency_mismatch', 'This Idempotency-Key was already used for a different request (method, path or body)');

/** The key of a request that idempotency applies to, or null (GET/DELETE, public, opted out, no header). */
export function idempotencyKeyOf(route: RouteDef, req: Request, principal: Principal | null): string | null {
  if (!acceptsIdempotencyKey(route) || !principal) return null;
  const header = req.get('idempotency-key');
  if (header === undefined) return null;
  return parseIdempotencyKey(header);
}

interface Owner {
  kind: 'owner';
  id: number;
  token: string;
}
type Claim = Owner | { kind: 'replay'; response: StoredResponse };

interface KeyedRequest {
  scope: string;
  key: string;
  fingerprint: string;
}

async function claim(db: DB, now: number, request: KeyedRequest): Promise<Claim> {
  const { scope, key, fingerprint } = request;
  for (let attempt = 0; attempt < CLAIM_ATTEMPTS; attempt += 1) {
    const values = { fingerprint, claimToken: randomUUID(), claimedAt: iso(now), expiresAt: iso(now + IDEMPOTENCY_TTL_MS) };
    // Look first: a replay then costs one read and no write (on SQLite even a conflicting
    // INSERT rewrites the AUTOINCREMENT counter, i.e. commits and syncs). Ownership is still
    // decided only by the atomic INSERT below, never by this read.
    const row = await findIdempotencyKey(db, scope, key);
    if (!row) {
      const id = await insertIdempotencyClaim(db, { principal: scope, key, ...values });
      if (id !== undefined) return { kind: 'owner', id, token: values.claimToken };
      continue; // another request claimed it between our read and our insert: read the winner
    }
    const staleBefore = iso(now - IDEMPOTENCY_STALE_CLAIM_MS);
    const reclaimable = row.expires_at <= iso(now) || (row.state === 'in_progress' && row.claimed_at <= staleBefore);
    if (reclaimable) {
      // Nothing of an expired or abandoned claim is replayed, so its fingerprint does not matter.
      if (await takeOverIdempotencyKey(db, row.id, row.claim_token, values, iso(now), staleBefore)) {
        return { kind: 'owner', id: row.id, token: values.claimToken };
      }
      continue;
    }
    if (row.fingerprint !== fingerprint) throw mismatch();
    if (row.state === 'in_progress' || row.response_status === null || row.response_body === null) throw inProgress();
    return {
      kind: 'replay',
      response: {
        status: row.response_status,
        body: row.response_body,
        contentType: row.response_content_type ?? JSON_CONTENT_TYPE,
        location: row.response_location,
      },
    };
  }
  throw inProgress();
}

function send(res: Response, response: StoredResponse, extraHeaders: Record<string, string>, replayed: boolean): void {
  res.status(response.status);
  if (!replayed) for (const [name, value] of Object.entries(extraHeaders)) res.setHeader(name, value);
  res.setHeader('Content-Type', response.contentType);
  if (response.location !== null) res.setHeader('Location', response.location);
  if (replayed) {
    res.setHeader('Idempotent-Replayed', 'true');
    res.locals.replayed = true;
  }
  res.send(response.body);
}

/** A handler's 5xx result: thrown to roll the transaction back, then sent as it is. */
class ServerFailure extends Error {
  constructor(readonly result: HandlerResult & { status: number }) {
    super('handler answered with a server error');
  }
}

/** Our claim was taken over (we ran past the stale-claim timeout): nothing of ours may commit. */
class ClaimLost extends Error {}

export interface IdempotentExecution {
  route: RouteDef;
  ctx: HandlerContext<unknown, unknown>;
  principal: Principal;
  key: string;
  req: Request;
  res: Response;
  /** Sends a result the way the router does (used for a handler's own 5xx result). */
  sendResult: (res: Response, route: RouteDef, result: HandlerResult) => void;
}

interface Outcome {
  response: StoredResponse;
  headers: Record<string, string>;
}

/** Runs the handler in `trx` and completes the key in the same transaction. */
async function executeAndComplete(app: AppContext, trx: DB, execution: IdempotentExecution, owner: Owner): Promise<Outcome> {
  const { route, ctx } = execution;
  // `app.db` is the transaction too: on SQLite the transaction holds the only connection, so a
  // handler reaching for the pool would wait on itself.
  const result = await route.handler({ ...ctx, db: trx, app: { ...app, db: trx } } as never);
  const status = result.status ?? route.status ?? 200;
  if (status >= 500) throw new ServerFailure({ ...result, status });
  const response: StoredResponse = { status, body: successBody(route, result), contentType: JSON_CONTENT_TYPE, location: resultHeader(result, 'location') };
  if (!(await completeIdempotencyKey(trx, owner.id, owner.token, response))) throw new ClaimLost();
  return { response, headers: result.headers ?? {} };
}

/** Runs the request under its idempotency key: replays, refuses, or executes and stores. */
export async function runIdempotent(app: AppContext, execution: IdempotentExecution): Promise<void> {
  const { principal, key, req, res } = execution;
  const request: KeyedRequest = {
    scope: idempotencyScope(principal),
    key,
    fingerprint: requestFingerprint({ method: req.method, url: req.originalUrl, mode: principal.mode, body: req.body }),
  };
  const separateClaim = claimsCommitSeparately(app.db);
  // Set once this request owns the key; an error before that (409, 422) recorded nothing.
  const state: { owner: Owner | null } = { owner: null };
  let outcome: Outcome | { replay: StoredResponse };
  try {
    if (separateClaim) {
      const claimed = await claim(app.db, app.now(), request);
      if (claimed.kind === 'replay') {
        outcome = { replay: claimed.response };
      } else {
        state.owner = claimed;
        outcome = await app.db.transaction().execute((trx) => executeAndComplete(app, trx, execution, claimed));
      }
    } else {
      outcome = await app.db.transaction().execute(async (trx) => {
        const claimed = await claim(trx, app.now(), request);
        if (claimed.kind === 'replay') return { replay: claimed.response };
        state.owner = claimed;
        return executeAndComplete(app, trx, execution, claimed);
      });
    }
  } catch (err) {
    if (!state.owner) throw err;
    await handleFailure(app, execution, request, state.owner, separateClaim, err);
    return;
  }
  if ('replay' in outcome) send(res, outcome.replay, {}, true);
  else send(res, outcome.response, outcome.headers, false);
}

async function handleFailure(
  app: AppContext,
  execution: IdempotentExecution,
  request: KeyedRequest,
  owner: Owner,
  separateClaim: boolean,
  err: unknown,
): Promise<void> {
  const { res, route } = execution;
  if (err instanceof ClaimLost) throw inProgress();
  if (err instanceof ApiError && err.status < 500) {
    // Executed and refused (a 404, an illegal transition): the transaction rolled back whatever
    // the handler wrote, and the refusal is what a retry gets.
    const response: StoredResponse = { status: err.status, body: errorBody(err), contentType: JSON_CONTENT_TYPE, location: null };
    await storeRefusal(app, request, owner, separateClaim, response);
    res.locals.error = err;
    send(res, response, err.headers, false);
    return;
  }
  // A 5xx releases the key. A claim made inside the transaction went with its rollback.
  if (separateClaim) await releaseIdempotencyKey(app.db, owner.id, owner.token).catch(() => {});
  if (err instanceof ServerFailure) {
    execution.sendResult(res, route, err.result);
    return;
  }
  throw err;
}

async function storeRefusal(app: AppContext, request: KeyedRequest, owner: Owner, separateClaim: boolean, response: StoredResponse): Promise<void> {
  if (separateClaim) {
    try {
      await completeIdempotencyKey(app.db, owner.id, owner.token, response);
    } catch (err) {
      await releaseIdempotencyKey(app.db, owner.id, owner.token).catch(() => {});
      throw err;
    }
    return;
  }
  // The claim was rolled back with the handler's writes: claim again and complete, atomically.
  // Should another request have claimed the key meanwhile, the refusal is simply not stored.
  await app.db
    .transaction()
    .execute(async (trx) => {
      const claimed = await claim(trx, app.now(), request);
      if (claimed.kind === 'owner') await completeIdempotencyKey(trx, claimed.id, claimed.token, response);
    })
    .catch((err: unknown) => {
      if (!(err instanceof ApiError)) throw err;
    });
}

/** Deletes expired keys in batches (housekeeping; never on the request path). */
export async function purgeExpiredKeys(db: DB, nowMs: number): Promise<number> {
  let total = 0;
  for (;;) {
    const deleted = await purgeExpiredIdempotencyKeys(db, iso(nowMs), PURGE_BATCH);
    total += deleted;
    if (deleted < PURGE_BATCH) return total;
  }
}
