import { sql } from 'kysely';
import type { RequestHandler } from 'express';
import type { AppContext } from '../context.js';

/** Readiness: answers 503 when the database cannot be reached, so a load balancer can drain us. */
export function healthRoute(app: AppContext): RequestHandler {
  return async (_req, res) => {
    try {
      await sql`select 1`.execute(app.db);
      res.json({ success: true, data: { status: 'ok' } });
    } catch {
      res.status(503).json({ success: false, error: { code: 'service_unavailable', message: 'The database is unreachable' } });
    }
  };
}
