import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { hashPassword } from '../../../server/auth/passwords.js';
import { OWASP_SCRYPT } from '../../../server/config.js';
import { openDatabase } from '../../../server/db/open.js';
import { formatId } from '../../../server/http/ids.js';
import { startBenchServer, stopAll, type BenchServer } from '../lib/child-server.js';
import { productEnv, type BenchContext } from '../lib/context.js';
import { expectOk, signIn } from '../lib/http.js';
import { runLoad, type LoadTarget } from '../lib/http-load.js';
import { check, type Row, type Section } from '../lib/report.js';
import { EXPLAIN_TIMING, measureInterleaved, pairedRatio, type Measured, type Variant } from '../lib/rounds.js';
import { formatNumber, formatRatio } from '../lib/stats.js';
import { OWNER_PASSWORD, seedInvoices, seedOrganisation, type SeededOrganisation } from '../seed.js';

/**
 * The security layers on SQLite: the authenticated read against a bare Express route, bearer
 * against API key, idempotent creates against plain ones and replays against creates. When the
 * read misses its target, the product's own middleware is added to the bare route one layer at a
 * time to show where the time goes.
 */

const INVOICES = 1000;

export const rps = (m: Measured) => `${formatNumber(m.rps)} req/s (p50 ${formatNumber(m.latencyP50Ms, 1)} ms)`;

export function variant(name: string, target: LoadTarget): Variant {
  return { name, run: (seconds) => runLoad(target, seconds) };
}

export function failureNote(measured: Map<string, Measured>): string[] {
  return [...measured.values()]
    .filter((m) => m.failures > 0)
    .map((m) => `**${m.name}** had ${m.failures} non-2xx responses or errors during measurement; its figure counts only 2xx responses.`);
}

/** The bare route's JSON must be the product's `data`, or the comparison means nothing. */
async function assertSameJson(product: BenchServer, bare: BenchServer, apiKey: string, invoiceId: string): Promise<void> {
  const a = await expectOk(`${product.url}/api/v1/invoices/${invoiceId}`, { headers: { 'x-api-key': apiKey } });
  const b = await expectOk(`${bare.url}/invoices/${invoiceId}`);
  if (!isDeepStrictEqual(a.json.data, b.json)) throw new Error(`${bare.name} does not return the product's JSON for ${invoiceId}`);
}

interface ReadSetup {
  product: BenchServer;
  org: SeededOrganisation;
  invoiceId: string;
  token: string;
}

async function seed(dbPath: string, count: number): Promise<{ org: SeededOrganisation; invoiceId: string }> {
  const db = await openDatabase({ dbPath, databaseUrl: null });
  try {
    const passwordHash = await hashPassword(OWNER_PASSWORD, OWASP_SCRYPT);
    const org = await seedOrganisation(db, { name: 'Bench Ltd', ownerEmail: 'owner@bench.example', passwordHash });
    const { first, last } = await seedInvoices(db, org, count);
    return { org, invoiceId: formatId('inv', Math.floor((first + last) / 2)) };
  } finally {
    await db.destroy();
  }
}

function readTargets(setup: ReadSetup, bareUrl: string) {
  const path = `/api/v1/invoices/${setup.invoiceId}`;
  return {
    bare: { url: bareUrl, path: `/invoices/${setup.invoiceId}` },
    apiKey: { url: setup.product.url, path, headers: { 'x-api-key': setup.org.apiKey } },
    bearer: { url: setup.product.url, path, headers: { authorization: `Bearer ${setup.token}` } },
  } satisfies Record<string, LoadTarget>;
}

export async function runServerSqlite(ctx: BenchContext): Promise<Section[]> {
  const dbPath = path.join(ctx.workDir, 'server.db');
  ctx.log(`  seeding ${INVOICES} invoices into ${dbPath}`);
  const { org, invoiceId } = await seed(dbPath, ctx.quick ? 100 : INVOICES);
  const database = { DB_PATH: dbPath };
  const bareEnv = { ...productEnv(database), BENCH_ORG_ID: String(org.tenant.organisationId) };

  const servers: BenchServer[] = [];
  try {
    const [product, bare, bareRaw] = await Promise.all([
      startBenchServer('product', 'app-server.ts', productEnv(database)),
      startBenchServer('bare Express', 'bare-server.ts', bareEnv),
      startBenchServer('bare Express, raw SQL', 'bare-server.ts', { ...bareEnv, BENCH_DATA: 'raw' }),
    ]);
    servers.push(product, bare, bareRaw);
    await assertSameJson(product, bare, org.apiKey, invoiceId);
    await assertSameJson(product, bareRaw, org.apiKey, invoiceId);
    const token = await signIn(product.url, org.ownerEmail, OWNER_PASSWORD);
    const setup: ReadSetup = { product, org, invoiceId, token };

    const read = await measureRead(ctx, setup, bare, bareRaw);
    const create = await measureCreate(ctx, setup);
    const sections = [read.section, create];
    if (read.missed || process.argv.includes('--explain')) {
      sections.push(await explainRead(ctx, setup, bare, { ...bareEnv }, servers));
    }
    return sections;
  } finally {
    await stopAll(servers);
  }
}

async function measureRead(ctx: BenchContext, setup: ReadSetup, bare: BenchServer, bareRaw: BenchServer): Promise<{ section: Section; missed: boolean }> {
  ctx.log('  GET /invoices/{id}: bare Express vs API key vs bearer');
  const targets = readTargets(setup, bare.url);
  const m = await measureInterleaved(
    [
      variant('bare', targets.bare),
      variant('bare-raw', { ...targets.bare, url: bareRaw.url }),
      variant('api-key', targets.apiKey),
      variant('bearer', targets.bearer),
    ],
    ctx.timing,
    ctx.log,
  );
  const [b, raw, key, bearer] = [m.get('bare')!, m.get('bare-raw')!, m.get('api-key')!, m.get('bearer')!];
  const keyRatio = pairedRatio(key, b);
  const rows: Row[] = [
    {
      name: 'Authenticated read `GET /invoices/{id}` (API key) vs bare Express route',
      figure: formatRatio(keyRatio),
      target: '≥ 0.80',
      status: check(keyRatio >= 0.8),
      detail: `product ${rps(key)}; bare ${rps(b)}`,
    },
    {
      name: 'Bearer-token read vs API-key read',
      figure: formatRatio(pairedRatio(bearer, key)),
      target: 'report',
      status: 'info',
      detail: `bearer ${rps(bearer)}; API key ${rps(key)}`,
    },
    {
      name: 'Context: bare route through Kysely vs the same route on raw better-sqlite3',
      figure: formatRatio(pairedRatio(b, raw)),
      target: '—',
      status: 'info',
      detail: `Kysely ${rps(b)}; raw ${rps(raw)}`,
    },
  ];
  const notes = [
    `The baseline is \`test/bench/servers/bare-server.ts\`: Express 5, one route, the same data-layer calls (\`loadInvoice\`, \`invoiceView\`) on the same SQLite file, answering the product's \`data\` object as bare JSON (checked equal before measuring). The product runs with its production configuration: rate limits on (set high enough never to refuse), request log, security headers.`,
    ...failureNote(m),
  ];
  return {
    section: { title: 'Server: authenticated read (SQLite)', method: methodText(ctx, `an organisation with ${ctx.quick ? 100 : INVOICES} invoices`), rows, notes },
    missed: keyRatio < 0.8,
  };
}

async function measureCreate(ctx: BenchContext, setup: ReadSetup): Promise<Section> {
  ctx.log('  POST /contacts: no key vs fresh Idempotency-Key vs replay');
  const base: LoadTarget = {
    url: setup.product.url,
    method: 'POST',
    path: '/api/v1/contacts',
    headers: { 'x-api-key': setup.org.apiKey },
    body: JSON.stringify({ name: 'Bench Supplier Ltd', type: 'supplier', email: 'ap@bench.example' }),
  };
  const replayKey = `bench-replay-${randomUUID()}`;
  const replay: LoadTarget = { ...base, headers: { ...base.headers, 'idempotency-key': replayKey } };
  // The first request with the key creates the contact; every later one is a replay.
  await expectOk(`${replay.url}${replay.path}`, { method: 'POST', headers: replay.headers, body: JSON.parse(replay.body!) });
  const m = await measureInterleaved(
    [
      variant('plain', base),
      variant('fresh-key', { ...base, perRequestHeaders: () => ({ 'idempotency-key': randomUUID() }) }),
      variant('replay', replay),
    ],
    ctx.timing,
    ctx.log,
  );
  const [plain, fresh, replayed] = [m.get('plain')!, m.get('fresh-key')!, m.get('replay')!];
  const freshRatio = pairedRatio(fresh, plain);
  const replayRatio = pairedRatio(replayed, fresh);
  return {
    title: 'Server: idempotent creates (SQLite)',
    method: methodText(ctx, 'the same database; every create commits with `synchronous=FULL` (one fsync)'),
    rows: [
      {
        name: '`POST /contacts` with a fresh `Idempotency-Key` per request vs without',
        figure: formatRatio(freshRatio),
        target: '≥ 0.75',
        status: check(freshRatio >= 0.75),
        detail: `with key ${rps(fresh)}; without ${rps(plain)}`,
      },
      {
        name: 'Replays (same key, same body) vs real creates with fresh keys',
        figure: formatRatio(replayRatio),
        target: '≥ 1.5×',
        status: check(replayRatio >= 1.5),
        detail: `replays ${rps(replayed)}; creates ${rps(fresh)}; creates without key ${rps(plain)} (replays vs those: ${formatRatio(pairedRatio(replayed, plain))})`,
      },
    ],
    notes: failureNote(m),
  };
}

/** The bare route with the product's layers added one at a time, and the product without rate limits. */
async function explainRead(
  ctx: BenchContext,
  setup: ReadSetup,
  bare: BenchServer,
  bareEnv: Record<string, string>,
  servers: BenchServer[],
): Promise<Section> {
  ctx.log('  where the read time goes: layers added to the bare route one at a time');
  const steps = [
    { name: '+ security headers', layers: 'headers' },
    { name: '+ authentication (API key)', layers: 'headers,auth' },
    { name: '+ rate limits', layers: 'headers,auth,ratelimit' },
    { name: '+ envelope', layers: 'headers,auth,ratelimit,envelope' },
    { name: '+ request log', layers: 'headers,auth,ratelimit,envelope,log' },
  ];
  const layered = await Promise.all(
    steps.map((s) => startBenchServer(`bare ${s.name}`, 'bare-server.ts', { ...bareEnv, BENCH_LAYERS: s.layers })),
  );
  servers.push(...layered);
  const dbPath = (bareEnv as { DB_PATH: string }).DB_PATH;
  const noLimits = await startBenchServer('product, rate limits off', 'app-server.ts', productEnv({ DB_PATH: dbPath }, { RATE_LIMIT_PER_KEY: '0', RATE_LIMIT_PER_IP: '0' }));
  servers.push(noLimits);
  const targets = readTargets(setup, bare.url);
  const keyHeaders = { 'x-api-key': setup.org.apiKey };
  const variants: Variant[] = [
    variant('bare', targets.bare),
    ...steps.map((s, i) => variant(s.name, { url: layered[i]!.url, path: targets.bare.path, headers: keyHeaders })),
    variant('product, rate limits off', { ...targets.apiKey, url: noLimits.url }),
    variant('product', targets.apiKey),
  ];
  const m = await measureInterleaved(variants, ctx.quick ? ctx.timing : EXPLAIN_TIMING, ctx.log);
  const bareM = m.get('bare')!;
  const rows: Row[] = variants.slice(1).map((v) => {
    const measured = m.get(v.name)!;
    return {
      name: v.name === 'product' || v.name.startsWith('product') ? v.name : `bare route ${v.name}`,
      figure: formatRatio(pairedRatio(measured, bareM)),
      target: '—',
      status: 'info' as const,
      detail: rps(measured),
    };
  });
  return {
    title: 'Where the read time goes (SQLite)',
    method:
      'The bare route of the first table with the product\'s own middleware modules added cumulatively (`BENCH_LAYERS`), each a ratio against the bare route; then the full product with and without rate limits. What remains between the last layer and the product is the generated router (route matching over the whole table, id parsing, zod query validation) and the app-level middleware (CORS, body parsers).',
    rows,
    notes: failureNote(m),
  };
}

export function methodText(ctx: BenchContext, data: string): string {
  const t = ctx.timing;
  return (
    `autocannon, 10 connections, from the bench process against servers in child processes on the same machine; ${data}. ` +
    `Each variant warmed up ${t.warmupSeconds} s, then ${t.rounds} interleaved round(s) of ${t.roundSeconds} s; ` +
    'figures are medians, ratios the median of per-round ratios.'
  );
}

