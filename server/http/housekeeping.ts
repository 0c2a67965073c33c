import type { DB } from '../db/open.js';
import { purgeExpiredKeys } from './idempotency.js';
import { createRequestLogWriter, type RequestLogWriter } from './request-log.js';

/**
 * Background upkeep (pruning the request log, purging expired idempotency keys): run on a timer,
 * never on a request's path. The timer is unref'd so it never keeps a process alive, and a failed
 * run (database briefly away) is reported and retried on the next tick.
 */
export interface Housekeeping {
  /** Runs every job once now (tests, and the timer). */
  runNow(): Promise<void>;
  stop(): void;
}

export interface HousekeepingJob {
  name: string;
  run(): Promise<unknown>;
}

export function startHousekeeping(
  jobs: readonly HousekeepingJob[],
  options: { intervalMs: number; onError?: (job: string, err: unknown) => void },
): Housekeeping {
  let running: Promise<void> | null = null;
  const runNow = (): Promise<void> => {
    // One run at a time: a slow prune is not started twice.
    running ??= (async () => {
      for (const job of jobs) {
        try {
          await job.run();
        } catch (err) {
          options.onError?.(job.name, err);
        }
      }
    })().finally(() => {
      running = null;
    });
    return running;
  };
  const timer = setInterval(() => void runNow(), options.intervalMs);
  timer.unref();
  return { runNow, stop: () => clearInterval(timer) };
}

/** Kysely's error once the database has been closed (shutdown, or a test app torn down). */
function isClosedDatabase(err: unknown): boolean {
  return err instanceof Error && /destroyed/i.test(err.message);
}

function reportBackgroundError(what: string, err: unknown): void {
  if (isClosedDatabase(err)) return;
  process.stderr.write(`[devshell] ${what} failed: ${err instanceof Error ? err.message : String(err)}\n`);
}

export const HOUSEKEEPING_INTERVAL_MS = 10 * 60 * 1000;

/** The request-log writer and the housekeeping timer every app context carries. */
export function createBackgroundServices(db: DB, now: () => number): { requestLog: RequestLogWriter; housekeeping: Housekeeping } {
  const requestLog = createRequestLogWriter(db, {
    now,
    onError: (err) => reportBackgroundError('writing the request log', err),
    isFatal: isClosedDatabase,
  });
  const housekeeping = startHousekeeping(
    [
      { name: 'pruning the request log', run: () => requestLog.prune() },
      { name: 'purging expired idempotency keys', run: () => purgeExpiredKeys(db, now()) },
    ],
    { intervalMs: HOUSEKEEPING_INTERVAL_MS, onError: (job, err) => reportBackgroundError(job, err) },
  );
  return { requestLog, housekeeping };
}
