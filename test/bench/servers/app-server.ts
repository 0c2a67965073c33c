/**
 * The product under test: `createApp` exactly as `server/main.ts` builds it, configured from the
 * environment by `loadConfig` (production scrypt, rate limits, request log, security headers).
 * The bench seeds the database before starting it; the demo is neither seeded nor served.
 */
import { createApp } from '../../../server/app.js';
import { loadConfig } from '../../../server/config.js';
import { openDatabase } from '../../../server/db/open.js';
import { listenForBench } from './listen.js';

const config = loadConfig(process.env);
const db = await openDatabase(config);
const { app, context } = await createApp({
  db,
  config,
  logError: (err) => process.stderr.write(`app-server error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`),
});

listenForBench(app, async () => {
  context.housekeeping.stop();
  await context.requestLog.flush().catch(() => {});
  await db.destroy();
});
