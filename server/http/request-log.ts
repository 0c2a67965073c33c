import { performance } from 'node:perf_hooks';
import type { Request, Response } from 'express';
import { normaliseAddress } from '../auth/ip-allowlist.js';
import type { Principal } from '../auth/principal.js';
import type { DB } from '../db/open.js';
import { insertRequestLogBatch, pruneRequestLog, type NewRequestLogRow } from '../db/request-log.js';

/**
 * The request log (SPEC §5). Entries are buffered in memory and written in one insert per batch,
 * off the request path: a request pays for pushing an object onto an array, not for a write.
 */

export const REQUEST_LOG_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;
const PRUNE_BATCH = 1000;
const MAX_PATH_LENGTH = 2048;

export interface RequestLogWriterOptions {
  now: () => number;
  /** Flush this long after the first buffered entry (default 250 ms). */
  flushDelayMs?: number;
  /** Flush at once when this many entries are buffered (default 100). */
  batchSize?: number;
  /** Entries kept while the database is unreachable before the oldest are dropped. */
  maxBuffered?: number;
  onError?: (err: unknown) => void;
  /** An error after which retrying is pointless (the database was closed): drop the buffer. */
  isFatal?: (err: unknown) => boolean;
}

export interface RequestLogWriter {
  record(entry: NewRequestLogRow): void;
  /** Writes everything buffered so far (tests, shutdown). */
  flush(): Promise<void>;
  /** Deletes entries older than 30 days, in batches (housekeeping). */
  prune(): Promise<number>;
}

export function createRequestLogWriter(db: DB, options: RequestLogWriterOptions): RequestLogWriter {
  const flushDelayMs = options.flushDelayMs ?? 250;
  const batchSize = options.batchSize ?? 100;
  const maxBuffered = options.maxBuffered ?? 50_000;
  const onError = options.onError ?? (() => {});
  let buffer: NewRequestLogRow[] = [];
  let timer: NodeJS.Timeout | null = null;
  let writing: Promise<void> = Promise.resolve();
  /** A flush is queued or running: its loop also picks up entries recorded meanwhile. */
  let flushing = false;
  /** The last write failed: wait for the retry timer instead of hammering the database. */
  let backingOff = false;

  async function writeBatches(): Promise<void> {
    while (buffer.length > 0) {
      const batch = buffer.slice(0, batchSize);
      buffer = buffer.slice(batch.length);
      try {
        await insertRequestLogBatch(db, batch);
      } catch (err) {
        if (options.isFatal?.(err)) {
          buffer = [];
          return;
        }
        // Keep the entries for the next flush rather than lose them; bounded so an outage
        // cannot exhaust memory.
        buffer = [...batch, ...buffer].slice(-maxBuffered);
        onError(err);
        retryLater();
        return;
      }
    }
  }

  function flush(): Promise<void> {
    if (timer) {
      clearTimeout(timer);
      timer = null;
    }
    backingOff = false;
    flushing = true;
    // Chain behind any flush in progress so batches are written in order and `await flush()`
    // really means "everything recorded before this call is stored".
    writing = writing.then(writeBatches).finally(() => {
      flushing = false;
      // Entries recorded after the loop saw an empty buffer still need a flush.
      if (buffer.length > 0) schedule();
    });
    return writing;
  }

  function retryLater(): void {
    backingOff = true;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void flush(), Math.max(flushDelayMs, 1000));
    timer.unref();
  }

  function schedule(): void {
    if (flushing || backingOff) return;
    if (buffer.length >= batchSize) {
      void flush();
      return;
    }
    if (timer) return;
    timer = setTimeout(() => void flush(), flushDelayMs);
    timer.unref();
  }

  return {
    record(entry) {
      if (buffer.length >= maxBuffered) buffer.shift();
      buffer.push(entry);
      schedule();
    },
    flush,
    async prune() {
      const before = new Date(options.now() - REQUEST_LOG_RETENTION_MS).toISOString();
      let total = 0;
      for (;;) {
        const deleted = await pruneRequestLog(db, before, PRUNE_BATCH);
        total += deleted;
        if (deleted < PRUNE_BATCH) return total;
      }
    },
  };
}

function pathWithoutQuery(req: Request): string {
  const url = req.originalUrl;
  const queryAt = url.indexOf('?');
  return (queryAt === -1 ? url : url.slice(0, queryAt)).slice(0, MAX_PATH_LENGTH);
}

/**
 * Records the request when its response has been sent, if it was authenticated (the router puts
 * the principal in `res.locals.principal`; idempotency sets `res.locals.replayed`).
 */
export function logRequestOnFinish(writer: RequestLogWriter, now: () => number, req: Request, res: Response): void {
  const started = performance.now();
  const startedAt = now();
  res.once('finish', () => {
    const principal = res.locals.principal as Principal | null | undefined;
    if (!principal) return;
    writer.record({
      organisation_id: principal.organisationId,
      mode: principal.mode,
      created_at: new Date(startedAt).toISOString(),
      method: req.method,
      path: pathWithoutQuery(req),
      status: res.statusCode,
      duration_ms: Math.round(performance.now() - started),
      key_id: principal.kind === 'apiKey' ? principal.keyId : null,
      user_id: principal.userId,
      ip: req.ip === undefined ? null : (normaliseAddress(req.ip)?.address ?? req.ip),
      replayed: res.locals.replayed === true ? 1 : 0,
    });
  });
}
