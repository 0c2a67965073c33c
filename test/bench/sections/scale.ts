import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { openDatabase } from '../../../server/db/open.js';
import { formatId } from '../../../server/http/ids.js';
import { startBenchServer, stopAll, type BenchServer } from '../lib/child-server.js';
import { productEnv, type BenchContext } from '../lib/context.js';
import { expectOk } from '../lib/http.js';
import type { LoadTarget } from '../lib/http-load.js';
import { check, type Row, type Section } from '../lib/report.js';
import { measureInterleaved, pairedRange, pairedRatio } from '../lib/rounds.js';
import { formatNumber, formatRatio } from '../lib/stats.js';
import { HOT_INVOICES, HOT_METADATA, seedInvoices, seedOrganisation } from '../seed.js';
import { failureNote, methodText, rps, variant } from './server-sqlite.js';

/**
 * Scale: the authenticated read and a metadata-filtered list page with 100, 10,000 and 100,000
 * invoices in the organisation — one SQLite file per size, each with its own product server, all
 * measured interleaved. Indexes should keep both flat (≤ 10% drop).
 */

const FULL_SIZES = [100, 10_000, 100_000];
const QUICK_SIZES = [100, 1_000, 5_000];

interface Scaled {
  size: number;
  dbPath: string;
  server: BenchServer;
  apiKey: string;
  invoiceId: string;
  contactId: string;
}

async function seedSize(ctx: BenchContext, size: number): Promise<{ dbPath: string; apiKey: string; invoiceId: string; contactId: string }> {
  const dbPath = path.join(ctx.workDir, `scale-${size}.db`);
  const db = await openDatabase({ dbPath, databaseUrl: null });
  try {
    const started = performance.now();
    const org = await seedOrganisation(db, { name: `Scale ${size}`, ownerEmail: `owner-${size}@bench.example`, passwordHash: 'scrypt$unused' });
    const { first, last } = await seedInvoices(db, org, size);
    ctx.log(`  seeded ${formatNumber(size)} invoices (with lines and metadata) in ${formatNumber((performance.now() - started) / 1000, 1)} s`);
    return { dbPath, apiKey: org.apiKey, invoiceId: formatId('inv', Math.floor((first + last) / 2)), contactId: formatId('cont', org.contactId) };
  } finally {
    await db.destroy();
  }
}

/**
 * Whether creates slow down with size because of the delete `deleteMetadataEntries`
 * (server/db/metadata.ts) runs before every metadata write: SQLite's plan for the SQL that
 * function builds, read from the largest database.
 */
function metadataWriteNote(smallest: Scaled, largest: Scaled, ratio: number): string {
  const raw = new BetterSqlite3(largest.dbPath, { readonly: true });
  try {
    const plan = raw
      .prepare('explain query plan delete from "metadata_entries" where "resource" = ? and "resource_id" = ? and "organisation_id" = ? and "mode" = ?')
      .all('invoice', 1, 1, 'live')
      .map((row) => (row as { detail: string }).detail)
      .join('; ');
    const entries = (raw.prepare('select count(*) as n from metadata_entries').get() as { n: number }).n;
    const head = `Creating an invoice with metadata at ${formatNumber(largest.size)} invoices runs at ${formatRatio(ratio)} of the rate at ${formatNumber(smallest.size)} (not a target of the issue). Every metadata write first deletes the record's entries (\`deleteMetadataEntries\`, server/db/metadata.ts); SQLite plans that delete as \`${plan}\`.`;
    if (plan.includes('resource_id=?')) {
      return `${head} That is a point lookup by record, so the difference is not that delete; these creates are bound by one fsync each, which makes them the noisiest figures here (see the per-round ratios).`;
    }
    return `${head} That is a range over all the tenant's invoice metadata (${formatNumber(entries)} rows here), not a lookup by record: an index led by organisation_id, mode, resource, resource_id makes it a point lookup.`;
  } finally {
    raw.close();
  }
}

const LIST_PATH = `/api/v1/invoices?${encodeURIComponent(`metadata[${HOT_METADATA.key}]`)}=${HOT_METADATA.value}`;

export async function runScale(ctx: BenchContext): Promise<Section[]> {
  const sizes = ctx.quick ? QUICK_SIZES : FULL_SIZES;
  const servers: BenchServer[] = [];
  try {
    const scaled: Scaled[] = [];
    for (const size of sizes) {
      const seeded = await seedSize(ctx, size);
      const server = await startBenchServer(`product (${size} invoices)`, 'app-server.ts', productEnv({ DB_PATH: seeded.dbPath }));
      servers.push(server);
      scaled.push({ size, dbPath: seeded.dbPath, server, apiKey: seeded.apiKey, invoiceId: seeded.invoiceId, contactId: seeded.contactId });
    }
    const getTarget = (s: Scaled): LoadTarget => ({ url: s.server.url, path: `/api/v1/invoices/${s.invoiceId}`, headers: { 'x-api-key': s.apiKey } });
    const listTarget = (s: Scaled): LoadTarget => ({ url: s.server.url, path: LIST_PATH, headers: { 'x-api-key': s.apiKey } });
    const createTarget = (s: Scaled): LoadTarget => ({
      url: s.server.url,
      method: 'POST',
      path: '/api/v1/invoices',
      headers: { 'x-api-key': s.apiKey },
      body: JSON.stringify({
        contactId: s.contactId,
        lines: [{ description: 'Consulting, one day', unitPrice: 12_000, taxRate: 20 }],
        metadata: { [HOT_METADATA.key]: 'new', order: 'PO-new' },
      }),
    });
    for (const s of scaled) {
      const list = await expectOk(`${s.server.url}${LIST_PATH}`, { headers: { 'x-api-key': s.apiKey } });
      if (list.json.data.length !== HOT_INVOICES || list.json.meta.total !== HOT_INVOICES) {
        throw new Error(`the metadata filter returned ${list.json.data.length} of ${list.json.meta.total} invoices at ${s.size}, expected ${HOT_INVOICES}`);
      }
    }
    ctx.log('  GET by id and the metadata-filtered list at each size');
    const smallest = scaled[0]!;
    const largest = scaled[scaled.length - 1]!;
    await expectOk(`${smallest.server.url}/api/v1/invoices`, { method: 'POST', headers: { 'x-api-key': smallest.apiKey }, body: JSON.parse(createTarget(smallest).body!) });
    const reads = await measureInterleaved(
      scaled.flatMap((s) => [variant(`get-${s.size}`, getTarget(s)), variant(`list-${s.size}`, listTarget(s))]),
      ctx.timing,
      ctx.log,
    );
    // Not a target of the issue: creates write metadata, whose delete-then-insert is where size
    // shows. Measured apart, after the reads, so the creates' writes cannot slow the reads.
    ctx.log('  POST /invoices with metadata at the smallest and the largest size');
    const creates = await measureInterleaved(
      [variant(`create-${smallest.size}`, createTarget(smallest)), variant(`create-${largest.size}`, createTarget(largest))],
      ctx.quick ? ctx.timing : { ...ctx.timing, rounds: 4 },
      ctx.log,
    );
    const m = new Map([...reads, ...creates]);
    const rows: Row[] = [];
    for (const kind of ['get', 'list'] as const) {
      const base = m.get(`${kind}-${smallest.size}`)!;
      const top = m.get(`${kind}-${largest.size}`)!;
      const ratio = pairedRatio(top, base);
      const label = kind === 'get' ? 'Authenticated read `GET /invoices/{id}`' : `List page \`GET /invoices?metadata[${HOT_METADATA.key}]=${HOT_METADATA.value}\` (${HOT_INVOICES} matches)`;
      rows.push({
        name: `${label}: ${formatNumber(largest.size)} vs ${formatNumber(smallest.size)} invoices`,
        figure: formatRatio(ratio),
        target: '≥ 0.90 (≤ 10% drop)',
        status: check(ratio >= 0.9),
        detail: `${scaled.map((s) => `${formatNumber(s.size)}: ${rps(m.get(`${kind}-${s.size}`)!)}`).join('; ')}; ${pairedRange(top, base)}`,
      });
    }
    const createSmall = m.get(`create-${smallest.size}`)!;
    const createLarge = m.get(`create-${largest.size}`)!;
    const createRatio = pairedRatio(createLarge, createSmall);
    const notes = failureNote(m);
    if (createRatio < 0.9) notes.push(metadataWriteNote(smallest, largest, createRatio));
    rows.push({
      name: `Context: \`POST /invoices\` with metadata, ${formatNumber(largest.size)} vs ${formatNumber(smallest.size)} invoices`,
      figure: formatRatio(createRatio),
      target: '—',
      status: 'info',
      detail: `${formatNumber(smallest.size)}: ${rps(createSmall)}; ${formatNumber(largest.size)}: ${rps(createLarge)}; ${pairedRange(createLarge, createSmall)}`,
    });
    return [
      {
        title: 'Server: scale',
        method: methodText(
          ctx,
          `one SQLite file per size (${sizes.map((s) => formatNumber(s)).join(', ')} invoices with one line and two metadata keys each, seeded through the data layer), each served by its own product process; exactly ${HOT_INVOICES} invoices match the filter at every size`,
        ),
        rows,
        notes,
      },
    ];
  } finally {
    await stopAll(servers);
  }
}
