import type { AddressInfo } from 'node:net';
import { ConfigError, loadConfig, type Config } from './config.js';
import { openDatabase } from './db/open.js';
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

async function main(): Promise<void> {
  const config = readConfig();
  if (shellBuildIsStale()) {
    process.stdout.write('Building the shell (dist/dev-shell.js)…\n');
    await buildShell({ quiet: true });
  }
  const db = await openDatabase(config);
  // The demo page reads its key at request time, so seeding can follow the app's creation.
  const demoSettings: DemoSettings = { apiKey: null };
  const { app, context } = await createApp({ db, config, demo: demoSettings });
  const demo = config.seedDemo ? await seedDemo(context) : null;
  demoSettings.apiKey = demo?.testKey ?? null;

  const server = app.listen(config.port, config.host, (err?: Error) => {
    if (err) {
      process.stderr.write(`devshell: cannot listen on ${config.host}:${config.port}: ${err.message}\n`);
      process.exit(1);
    }
    const { port } = server.address() as AddressInfo;
    const url = `http://localhost:${port}/`;
    process.stdout.write(`\ndevshell is running at ${url}\n`);
    process.stdout.write(`  API:      ${url}api/v1  (OpenAPI: ${url}api/v1/openapi.json)\n`);
    if (demo) {
      process.stdout.write(`  Demo login: ${demo.email} / ${demo.password}\n`);
      if (demo.testKey) process.stdout.write(`  Demo test key: ${demo.testKey}\n`);
      if (demo.liveKey) process.stdout.write(`  Demo live key: ${demo.liveKey}\n`);
    }
    process.stdout.write('  Open the page and press Ctrl+J.\n');
  });

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    // Drain: refuse new connections, let in-flight requests finish (at most 10 s), then close.
    const force = setTimeout(() => server.closeAllConnections(), 10_000);
    server.close(async () => {
      clearTimeout(force);
      await db.destroy();
      process.exit(0);
    });
    server.closeIdleConnections();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

await main();
