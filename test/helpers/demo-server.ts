import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createApp } from '../../server/app.js';
import { testConfig, type Config } from '../../server/config.js';
import type { AppContext } from '../../server/context.js';
import { openSqlite, type DB } from '../../server/db/open.js';
import { migrateToLatest } from '../../server/db/migrate.js';
import type { DemoSettings } from '../../server/demo-site.js';
import { seedDemo, type DemoCredentials } from '../../server/seed/demo.js';

export interface DemoServer {
  url: string;
  demo: DemoCredentials;
  context: AppContext;
  db: DB;
  close(): Promise<void>;
}

/** The whole product as `npm start` serves it (API + demo pages + built shell), on a fresh database. */
export async function startDemoServer(config: Partial<Config> = {}): Promise<DemoServer> {
  const { db } = openSqlite(':memory:');
  await migrateToLatest(db);
  const settings: DemoSettings = { apiKey: null };
  const { app, context } = await createApp({ db, config: testConfig(config), demo: settings, logError: () => {} });
  const demo = await seedDemo(context);
  settings.apiKey = demo.testKey;
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(0, '127.0.0.1', (err?: Error) => (err ? reject(err) : resolve(s)));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    demo,
    context,
    db,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await db.destroy();
    },
  };
}
