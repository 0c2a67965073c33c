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
import { EXPLAIN_TIMING, measureInterleaved, pairedRange, pairedRatio, type Measured, type Variant } from '../lib/rounds.js';
import { formatNumber, formatRatio } from '../lib/stats.js';
import { OWNER_PASSWORD, seedInvoices, seedOrganisation, type SeededOrganisation } from '../seed.js';

/**
 * The security layers on SQLite: the authenticated read against a bare Express route, bearer
 * against API key, idempotent creates against plain ones and replays against creates. When the
 * read misses its target, the product's own middleware is added to the bare route one layer at a
 * time to show where the time goes.
 */

const INVOICES = 1000;
const CREATE_ROUNDS = 20;

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
  const count = ctx.quick ? 100 : INVOICES;
  ctx.log(`  seeding ${count} invoices into ${dbPath}`);
  const { org, invoiceId } = await seed(dbPath, count);
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
      detail: `product ${rps(key)}; bare ${rps(b)}; ${pairedRange(key, b)}`,
    },
    {
      name: 'Bearer-token read vs API-key read',
      figure: formatRatio(pairedRatio(bearer, key)),
      target: 'report',
      status: 'info',
      detail: `bearer ${rps(bearer)}; API key ${rps(key)}; ${pairedRange(bearer, key)}`,
    },
    {
      name: 'Context: bare route through Kysely vs the same route on raw better-sqlite3',
      figure: formatRatio(pairedRatio(b, raw)),
      target: '—',
      status: 'info',
      detail: `Kysely ${rps(b)}; raw ${rps(raw)}; ${pairedRange(b, raw)}`,
    },
  ];
  const notes = [
    ...(keyRatio < 0.8 ? [`**Target missed (${formatRatio(keyRatio)}):** the next table, "Where the read time goes", adds the product's layers to the bare route one at a time.`] : []),
    'For what a bearer read pays for its token, see "Bearer-token verification" under the API-key section.',
    `The baseline is \`test/bench/servers/bare-server.ts\`: Express 5, one route, the same data-layer calls (\`loadInvoice\`, \`invoiceView\`) on the same SQLite file, answering the product's \`data\` object as bare JSON (checked equal before measuring). The product runs with its production configuration: rate limits on (set high enough never to refuse), request log, security headers.`,
    ...failureNote(m),
  ];
  return {
    section: { title: 'Server: authenticated read (SQLite)', method: methodText(ctx, `an organisation with ${ctx.quick ? 100 : INVOICES} invoices (one line, two metadata keys each)`), rows, notes },
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
  // Creates commit with an fsync each, which other work on a shared disk makes erratic: more rounds.
  const m = await measureInterleaved(
    [
      variant('plain', base),
      variant('fresh-key', { ...base, perRequestHeaders: () => ({ 'idempotency-key': randomUUID() }) }),
      variant('replay', replay),
    ],
    ctx.quick ? ctx.timing : { ...ctx.timing, rounds: CREATE_ROUNDS },
    ctx.log,
  );
  const [plain, fresh, replayed] = [m.get('plain')!, m.get('fresh-key')!, m.get('replay')!];
  const freshRatio = pairedRatio(fresh, plain);
  const replayRatio = pairedRatio(replayed, fresh);
  return {
    title: 'Server: idempotent creates (SQLite)',
    method: methodText(ctx.quick ? ctx : { ...ctx, timing: { ...ctx.timing, rounds: CREATE_ROUNDS } }, 'the same database; every create commits with `synchronous=FULL` (one fsync)'),
    rows: [
      {
        name: '`POST /contacts` with a fresh `Idempotency-Key` per request vs without',
        figure: formatRatio(freshRatio),
        target: '≥ 0.75',
        status: check(freshRatio >= 0.75),
        detail: `with key ${rps(fresh)}; without ${rps(plain)}; ${pairedRange(fresh, plain)}`,
      },
      {
        name: 'Replays (same key, same body) vs real creates with fresh keys',
        figure: formatRatio(replayRatio),
        target: '≥ 1.5×',
        status: check(replayRatio >= 1.5),
        detail: `replays ${rps(replayed)}; creates ${rps(fresh)}; ${pairedRange(replayed, fresh)}; creates without key ${rps(plain)} (replays vs those: ${formatRatio(pairedRatio(replayed, plain))})`,
      },
    ],
    notes: [
      ...(freshRatio < 0.75
        ? [
            `**Target missed (${formatRatio(freshRatio)}; ${pairedRange(fresh, plain)}):** with a key, the create's transaction also claims the key (one INSERT into \`idempotency_keys\`) and stores the response (one UPDATE), but commits once — one fsync, as without. The creates on both sides are bound by that fsync, whose time on this shared disk varies from round to round as the range shows.`,
          ]
        : []),
      ...failureNote(m),
    ],
  };
}

/**
 * The bare route with the product's own middleware added one layer at a time, then the product
 * without and with rate limits: each step's ratio against the bare route shows what it costs.
 */
async function explainRead(
  ctx: BenchContext,
  setup: ReadSetup,
  bare: BenchServer,
  bareEnv: Record<string, string>,
  servers: BenchServer[],
): Promise<Section> {
  ctx.log('  where the read time goes: layers added to the bare route one at a time');
  const steps = [
    { name: 'bare route + security headers', layers: 'headers' },
    { name: 'bare route + security headers + API-key authentication', layers: 'headers,auth' },
    { name: 'bare route + … + envelope', layers: 'headers,auth,envelope' },
    { name: 'bare route + … + request log', layers: 'headers,auth,envelope,log' },
  ];
  const layered = await Promise.all(steps.map((s) => startBenchServer(s.name, 'bare-server.ts', { ...bareEnv, BENCH_LAYERS: s.layers })));
  servers.push(...layered);
  const noLimits = await startBenchServer(
    'product, rate limits off',
    'app-server.ts',
    productEnv({ DB_PATH: (bareEnv as { DB_PATH: string }).DB_PATH }, { RATE_LIMIT_PER_KEY: '0', RATE_LIMIT_PER_IP: '0' }),
  );
  servers.push(noLimits);
  const targets = readTargets(setup, bare.url);
  const keyHeaders = { 'x-api-key': setup.org.apiKey };
  const variants: Variant[] = [
    variant('bare', targets.bare),
    ...steps.map((s, i) => variant(s.name, { url: layered[i]!.url, path: targets.bare.path, headers: keyHeaders })),
    variant('product with rate limits off (adds the generated router, validation, CORS, body parsers)', { ...targets.apiKey, url: noLimits.url }),
    variant('product (adds the database-backed rate limits: per IP and per key)', targets.apiKey),
  ];
  const m = await measureInterleaved(variants, ctx.quick ? ctx.timing : EXPLAIN_TIMING, ctx.log);
  const bareM = m.get('bare')!;
  const rows: Row[] = variants.slice(1).map((v) => {
    const measured = m.get(v.name)!;
    return { name: v.name, figure: formatRatio(pairedRatio(measured, bareM)), target: '—', status: 'info' as const, detail: `${rps(measured)}; ${pairedRange(measured, bareM)}` };
  });
  const withLimits = m.get(variants[variants.length - 1]!.name)!;
  const withoutLimits = m.get(variants[variants.length - 2]!.name)!;
  const allLayers = m.get(steps[steps.length - 1]!.name)!;
  return {
    title: 'Where the read time goes (SQLite)',
    method:
      'The bare route of the first table with the product\'s own middleware modules added cumulatively (`BENCH_LAYERS` in test/bench/servers/bare-server.ts), then the whole product with rate limits off and on; each a ratio against the bare route measured in the same rounds. ' +
      methodText({ ...ctx, timing: ctx.quick ? ctx.timing : EXPLAIN_TIMING }, 'the same database'),
    rows,
    notes: [
      `Summary: the product's middleware on the bare route (headers, authentication, envelope, request log) runs at ${formatRatio(pairedRatio(allLayers, bareM))} of the bare route; the whole product without rate limits (those layers plus the generated router, validation, CORS and body parsers) at ${formatRatio(pairedRatio(withoutLimits, bareM))}; with rate limits at ${formatRatio(pairedRatio(withLimits, bareM))}.`,
      `Rate limits alone: the product with them on runs at ${formatRatio(pairedRatio(withLimits, withoutLimits))} of the product with them off. Each request consumes two counters (per IP, then per key) in the \`rate_limits\` table through rate-limiter-flexible's SQLite store — two writes per read, each taking Kysely's single SQLite connection (server/http/rate-limit.ts \`exclusiveSqlite\`).`,
      'What the request-log step does on this path: every 100 requests (or 250 ms) the writer inserts the buffered entries in one statement; on SQLite with `synchronous=FULL` that commit is an fsync, and better-sqlite3 makes it synchronously, on the event loop, holding the one connection.',
      ...failureNote(m),
    ],
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

