import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigError, loadConfig, type Config } from './config.js';
import { openDatabase, type DB } from './db/open.js';
import type { AppContext } from './context.js';
import { gracefulClose } from './http/graceful-close.js';
import { createApp } from './app.js';
import { seedDemo } from './seed/demo.js';
import type { DemoSettings } from './demo-site.js';
import { buildShell, shellBuildIsStale } from '../scripts/build-shell.js';

function readConfig(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`devshell: bad configuration — ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}

/** In-flight requests get this long to finish after SIGTERM (SPEC §8). */
const DRAIN_TIMEOUT_MS = 10_000;
/** Flushing the request log and closing the pool may meet an unreachable database: don't wait forever. */
const CLOSE_TIMEOUT_MS = 5_000;

async function openConfiguredDatabase(config: Config): Promise<DB> {
  try {
    return await openDatabase(config);
  } catch (err) {
    const where = config.databaseUrl ? 'the PostgreSQL database (DATABASE_URL)' : `the SQLite database at ${config.dbPath}`;
    process.stderr.write(`devshell: cannot open ${where}: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
}

function settleWithin(work: Promise<unknown>, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    work.then(
      () => resolve(),
      () => resolve(),
    ).finally(() => clearTimeout(timer));
  });
}

/**
 * SIGTERM (and Ctrl+C): stop accepting, let in-flight requests finish (keep-alive connections are
 * closed as they go idle, so they cannot hold shutdown open), flush the request log, close the
 * database, exit 0. A load balancer has already stopped sending us traffic, or retries elsewhere.
 */
function drainOnSignal(server: http.Server, context: AppContext, db: DB): void {
  const drain = gracefulClose(server);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    const finished = await drain.close(DRAIN_TIMEOUT_MS);
    if (!finished) process.stderr.write(`devshell: requests still running after ${DRAIN_TIMEOUT_MS / 1000} s were cut off\n`);
    context.housekeeping.stop();
    await settleWithin(context.requestLog.flush(), CLOSE_TIMEOUT_MS);
    await settleWithin(db.destroy(), CLOSE_TIMEOUT_MS);
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
}

async function main(): Promise<void> {
  const config = readConfig();
  if (config.serveDemo && shellBuildIsStale()) {
    process.stdout.write('Building the shell (dist/dev-shell.js)…\n');
    await buildShell({ quiet: true });
  }
  const db = await openConfiguredDatabase(config);
  // The demo page reads its key at request time, so seeding can follow the app's creation.
  const demoSettings: DemoSettings = { apiKey: null };
  const { app, context } = await createApp({ db, config, demo: config.serveDemo ? demoSettings : undefined });
  const demo = config.seedDemo ? await seedDemo(context) : null;
  demoSettings.apiKey = demo?.testKey ?? null;

  const server = http.createServer(app);
  drainOnSignal(server, context, db);
  server.once('error', (err) => {
    process.stderr.write(`devshell: cannot listen on ${config.host}:${config.port}: ${err.message}\n`);
    process.exit(1);
  });
  server.listen(config.port, config.host, () => {
    const { port } = server.address() as AddressInfo;
    const url = `http://localhost:${port}/`;
    process.stdout.write(`\ndevshell is running at ${url}\n`);
    process.stdout.write(`  API:      ${url}api/v1  (OpenAPI: ${url}api/v1/openapi.json)\n`);
    if (demo) {
      process.stdout.write(`  Demo login: ${demo.email} / ${demo.password}\n`);
      if (demo.testKey) process.stdout.write(`  Demo test key: ${demo.testKey}\n`);
      if (demo.liveKey) process.stdout.write(`  Demo live key: ${demo.liveKey}\n`);
    }
    if (config.serveDemo) process.stdout.write('  Open the page and press Ctrl+J.\n');
  });
}

await main();
