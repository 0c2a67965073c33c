import { sql } from 'kysely';
import type { RequestHandler } from 'express';
import type { AppContext } from '../context.js';

/** A load balancer's health check gives up after a few seconds; answer before it does. */
export const HEALTH_CHECK_TIMEOUT_MS = 2000;

function withinDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('health check timed out')), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

/** Readiness: answers 503 when the database cannot be reached, so a load balancer can drain us. */
export function healthRoute(app: AppContext): RequestHandler {
  return async (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    try {
      await withinDeadline(sql`select 1`.execute(app.db), HEALTH_CHECK_TIMEOUT_MS);
      res.json({ success: true, data: { status: 'ok' } });
    } catch {
      res.status(503).json({ success: false, error: { code: 'service_unavailable', message: 'The database is unreachable' } });
    }
  };
}
