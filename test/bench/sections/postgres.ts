import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { openDatabase } from '../../../server/db/open.js';
import { formatId } from '../../../server/http/ids.js';
import { createClusterDatabase, findPostgresBin, removeCluster, startPostgresCluster, type PostgresCluster } from '../../helpers/postgres.js';
import { startBenchServer, stopAll, type BenchServer } from '../lib/child-server.js';
import { productEnv, type BenchContext, type DatabaseEnv } from '../lib/context.js';
import { expectOk } from '../lib/http.js';
import { runLoadTogether, type LoadTarget } from '../lib/http-load.js';
import type { Section } from '../lib/report.js';
import { measureInterleaved, pairedRange, pairedRatio, type Measured } from '../lib/rounds.js';
import { formatRatio } from '../lib/stats.js';
import { seedInvoices, seedOrganisation, type SeededOrganisation } from '../seed.js';
import { failureNote, methodText, rps, variant } from './server-sqlite.js';

/**
 * PostgreSQL (SPEC §8): the authenticated read and the idempotent create on a throwaway cluster,
 * as ratios against the bare Express route on SQLite (the same baseline as the SQLite figures),
 * and the total read throughput of two product instances sharing the database against one.
 */

const INVOICES = 1000;

async function seedDatabase(database: DatabaseEnv, count: number): Promise<{ org: SeededOrganisation; invoiceId: string }> {
  const db = await openDatabase({ dbPath: 'DB_PATH' in database ? database.DB_PATH : '', databaseUrl: 'DATABASE_URL' in database ? database.DATABASE_URL : null });
  try {
    const org = await seedOrganisation(db, { name: 'Bench Ltd', ownerEmail: 'owner@bench.example', passwordHash: 'scrypt$unused' });
    const { first, last } = await seedInvoices(db, org, count);
    return { org, invoiceId: formatId('inv', Math.floor((first + last) / 2)) };
  } finally {
    await db.destroy();
  }
}

function skipped(reason: string): Section[] {
  return [
    {
      title: 'Server: PostgreSQL',
      method: '',
      rows: [
        { name: 'Authenticated read on PostgreSQL vs bare Express (SQLite)', figure: '—', target: 'report', status: 'skipped', detail: reason },
        { name: 'Idempotent create on PostgreSQL vs bare Express (SQLite)', figure: '—', target: 'report', status: 'skipped', detail: reason },
        { name: 'Two instances vs one on the same database', figure: '—', target: 'report', status: 'skipped', detail: reason },
      ],
      notes: [`**NOT MEASURED: ${reason}**`],
    },
  ];
}

export async function runPostgres(ctx: BenchContext): Promise<Section[]> {
  if (!findPostgresBin()) {
    const reason = 'PostgreSQL server binaries not found under /usr/lib/postgresql (apt-get install postgresql), so the PostgreSQL figures were SKIPPED';
    ctx.log(`\n  !!! ${reason}\n`);
    return skipped(reason);
  }
  const count = ctx.quick ? 100 : INVOICES;
  let cluster: PostgresCluster | null = null;
  const servers: BenchServer[] = [];
  try {
    ctx.log('  starting a throwaway PostgreSQL cluster');
    cluster = await startPostgresCluster();
    const pgUrl = await createClusterDatabase(cluster.url, 'bench');
    const pgEnv = { DATABASE_URL: pgUrl };
    const sqliteEnv = { DB_PATH: path.join(ctx.workDir, 'postgres-baseline.db') };
    const pg = await seedDatabase(pgEnv, count);
    const lite = await seedDatabase(sqliteEnv, count);

    const [bare, first, second] = await Promise.all([
      startBenchServer('bare Express (SQLite)', 'bare-server.ts', { ...productEnv(sqliteEnv), BENCH_ORG_ID: String(lite.org.tenant.organisationId) }),
      startBenchServer('product on PostgreSQL #1', 'app-server.ts', productEnv(pgEnv)),
      startBenchServer('product on PostgreSQL #2', 'app-server.ts', productEnv(pgEnv)),
    ]);
    servers.push(bare, first, second);

    const headers = { 'x-api-key': pg.org.apiKey };
    const read = (server: BenchServer): LoadTarget => ({ url: server.url, path: `/api/v1/invoices/${pg.invoiceId}`, headers });
    await expectOk(`${first.url}/api/v1/invoices/${pg.invoiceId}`, { headers });
    await expectOk(`${second.url}/api/v1/invoices/${pg.invoiceId}`, { headers });
    const create: LoadTarget = {
      url: first.url,
      method: 'POST',
      path: '/api/v1/contacts',
      headers,
      body: JSON.stringify({ name: 'Bench Supplier Ltd', type: 'supplier', email: 'ap@bench.example' }),
      perRequestHeaders: () => ({ 'idempotency-key': randomUUID() }),
    };

    ctx.log('  bare (SQLite) vs PostgreSQL read, idempotent create, one instance vs two');
    const m = await measureInterleaved(
      [
        variant('bare-sqlite', { url: bare.url, path: `/invoices/${lite.invoiceId}` }),
        variant('pg-read', read(first)),
        variant('pg-create', create),
        { name: 'pg-one-instance', run: (seconds) => runLoadTogether([read(first)], seconds, 20) },
        { name: 'pg-two-instances', run: (seconds) => runLoadTogether([read(first), read(second)], seconds, 10) },
      ],
      ctx.timing,
      ctx.log,
    );
    const get = (name: string): Measured => m.get(name)!;
    const [b, r, c, one, two] = [get('bare-sqlite'), get('pg-read'), get('pg-create'), get('pg-one-instance'), get('pg-two-instances')];
    return [
      {
        title: 'Server: PostgreSQL',
        method: methodText(
          ctx,
          `a throwaway PostgreSQL ${path.basename(path.dirname(findPostgresBin()!))} cluster on the same machine (fsync off, as test/helpers/postgres.ts starts it), ${count} invoices; the baseline is the bare Express route on a SQLite file with the same data`,
        ),
        rows: [
          {
            name: 'Authenticated read (API key) on PostgreSQL vs bare Express (SQLite)',
            figure: formatRatio(pairedRatio(r, b)),
            target: 'report',
            status: 'info',
            detail: `PostgreSQL ${rps(r)}; bare ${rps(b)}; ${pairedRange(r, b)}`,
          },
          {
            name: '`POST /contacts` with a fresh `Idempotency-Key` on PostgreSQL vs bare Express read (SQLite)',
            figure: formatRatio(pairedRatio(c, b)),
            target: 'report',
            status: 'info',
            detail: `PostgreSQL create ${rps(c)}; bare read ${rps(b)}; ${pairedRange(c, b)}`,
          },
          {
            name: 'Read throughput: two instances on one database (10 connections each) vs one instance (20 connections)',
            figure: formatRatio(pairedRatio(two, one)),
            target: 'report',
            status: 'info',
            detail: `two ${rps(two)}; one ${rps(one)}; ${pairedRange(two, one)}`,
          },
        ],
        notes: [
          'Everything runs on the same 2 cores: the load generator, PostgreSQL and the API processes. A second instance therefore adds no CPU; the two-instance figure shows that instances share one database without losing throughput, not how far they scale on separate machines.',
          ...failureNote(m),
        ],
      },
    ];
  } finally {
    await stopAll(servers);
    if (cluster) removeCluster(cluster);
  }
}
