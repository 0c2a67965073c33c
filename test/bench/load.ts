/**
 * The load test: 200 concurrent connections for 30 s of mixed reads and writes against the real
 * server (`server/main.ts`, SQLite file, in a child process), from autocannon in this process.
 * Run by `npm run bench` (or `node --import tsx test/bench/load.ts [--quick]`); never by `npm test`.
 *
 * It fails (exit 1) when any request errors or times out, any response is not a 2xx (every request
 * is valid and every write has its own Idempotency-Key, so nothing else is expected), or the
 * server's memory is not bounded: its RSS, sampled twice a second, must stay under
 * RSS_LIMIT_MB and must not keep climbing (the last third of the run may not exceed the middle
 * third by more than GROWTH_LIMIT). The figures go to BENCHMARKS.md under "## Load" (not with --quick).
 *
 * Rate limits are off for this run: 200 connections from one address would otherwise measure the
 * limiter (test/api/rate-limit.test.ts proves it separately).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { callServer, startServerProcess, type ServerProcess } from '../helpers/server-process.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const HEADING = '## Load';
const RSS_LIMIT_MB = 512;
const GROWTH_LIMIT = 1.25;
const WRITE_SHARE = 0.3;
/**
 * Generous on purpose: when 200 connections open at once on a saturated 2-core box, Node accepts
 * them only as fast as its busy event loop comes round (the kernel's accept queue drains at
 * 10–20 connections a second; a bare `http.createServer` shows the same), so the first request
 * on the last connections waits many seconds. That wait is reported as the maximum latency; only
 * a request still unanswered after a minute counts as an error.
 */
const REQUEST_TIMEOUT_S = 60;

interface Histogram {
  min: number;
  average: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  total?: number;
}
interface AutocannonResult {
  requests: Histogram & { total: number };
  latency: Histogram;
  throughput: Histogram;
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodeStats?: Record<string, { count: number }>;
}
interface RawRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
}
type Autocannon = (options: {
  url: string;
  connections: number;
  duration: number;
  timeout: number;
  requests: Array<{ setupRequest: (req: RawRequest) => RawRequest }>;
}) => Promise<AutocannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const log = (message: string) => process.stderr.write(`${message}\n`);

function rssMb(pid: number): number | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
    return Number.isFinite(kb) ? kb / 1024 : null;
  } catch {
    return null;
  }
}

interface World {
  apiKey: string;
  contactIds: string[];
  invoiceIds: string[];
  expenseAccountId: string;
}

async function seed(server: ServerProcess): Promise<World> {
  const owner = await callServer(server, 'POST', '/auth/register', {
    body: { email: 'load@example.com', password: 'correct horse battery', name: 'Load', organisationName: 'Load Ltd' },
  });
  if (owner.status !== 201) throw new Error(`register: ${owner.status}`);
  const token = owner.json.data.accessToken as string;
  const key = await callServer(server, 'POST', '/api-keys', { token, body: { name: 'load', scopes: ['*'] } });
  const apiKey = key.json.data.secret as string;
  const accounts = await callServer(server, 'GET', '/accounts?perPage=100', { apiKey });
  const expenseAccountId = (accounts.json.data as Array<{ id: string; type: string }>).find((a) => a.type === 'expense')!.id;
  const contactIds: string[] = [];
  const invoiceIds: string[] = [];
  for (let i = 0; i < 50; i += 1) {
    const contact = await callServer(server, 'POST', '/contacts', { apiKey, body: { name: `Seed contact ${i}`, email: `c${i}@example.com` } });
    contactIds.push(contact.json.data.id as string);
    if (i % 2 === 0) {
      const invoice = await callServer(server, 'POST', '/invoices', {
        apiKey,
        body: { contactId: contact.json.data.id, lines: [{ description: 'Seeded work', quantity: 3, unitPrice: 4_500, taxRate: 20 }] },
      });
      invoiceIds.push(invoice.json.data.id as string);
      if (i % 4 === 0) await callServer(server, 'POST', `/invoices/${invoice.json.data.id}/finalise`, { apiKey });
    }
  }
  return { apiKey, contactIds, invoiceIds, expenseAccountId };
}

/** One request of the mix: 70 % reads over four endpoints, 30 % idempotent writes over two. */
function mixedRequest(world: World): (req: RawRequest) => RawRequest {
  let n = 0;
  const pick = <T>(list: readonly T[]) => list[Math.floor(Math.random() * list.length)] as T;
  return (req) => {
    n += 1;
    const headers: Record<string, string> = { 'x-api-key': world.apiKey };
    if (Math.random() < WRITE_SHARE) {
      headers['content-type'] = 'application/json';
      headers['idempotency-key'] = `load-${process.pid}-${n}-${Math.random().toString(36).slice(2)}`;
      if (Math.random() < 0.5) return { ...req, method: 'POST', path: '/api/v1/contacts', headers, body: JSON.stringify({ name: `Load contact ${n}`, metadata: { run: 'load' } }) };
      return {
        ...req,
        method: 'POST',
        path: '/api/v1/transactions',
        headers,
        body: JSON.stringify({ date: '2026-01-15', description: `Load purchase ${n}`, amount: -(100 + (n % 900)), accountId: world.expenseAccountId }),
      };
    }
    const read = pick([
      '/api/v1/contacts?perPage=25',
      `/api/v1/contacts/${pick(world.contactIds)}`,
      `/api/v1/invoices/${pick(world.invoiceIds)}`,
      '/api/v1/invoices?perPage=25',
      '/api/v1/reports/trial-balance',
    ]);
    return { ...req, method: 'GET', path: read, headers, body: undefined };
  };
}

function writeSection(markdown: string): void {
  const file = path.join(ROOT, 'BENCHMARKS.md');
  const section = `${markdown.trimEnd()}\n`;
  if (!fs.existsSync(file)) {
    fs.writeFileSync(file, `# devshell benchmarks\n\n${section}`);
    return;
  }
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const start = lines.findIndex((l) => l.trimEnd() === HEADING);
  if (start === -1) {
    fs.writeFileSync(file, `${lines.join('\n').trimEnd()}\n\n${section}`);
    return;
  }
  let end = lines.findIndex((l, i) => i > start && /^## /.test(l));
  if (end === -1) end = lines.length;
  const joined = [...lines.slice(0, start), ...section.split('\n'), ...lines.slice(end)].join('\n');
  fs.writeFileSync(file, joined.endsWith('\n') ? joined : `${joined}\n`);
}

const fixed = (n: number, digits = 0) => n.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const connections = quick ? 50 : 200;
  const seconds = quick ? 5 : 30;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'devshell-load-'));
  let server: ServerProcess | null = null;
  const failures: string[] = [];
  try {
    server = await startServerProcess({ databaseUrl: '', env: { DB_PATH: path.join(dir, 'load.db'), DATABASE_URL: '' } });
    const world = await seed(server);
    log(`  server pid ${server.pid}, ${connections} connections for ${seconds} s, ${Math.round(WRITE_SHARE * 100)} % writes`);

    const samples: Array<{ t: number; mb: number }> = [];
    const started = performance.now();
    const baseline = rssMb(server.pid) ?? 0;
    const sampler = setInterval(() => {
      const mb = rssMb(server!.pid);
      if (mb !== null) samples.push({ t: performance.now() - started, mb });
    }, 500);
    const loadStart = os.loadavg()[0] ?? 0;
    let result: AutocannonResult;
    try {
      result = await autocannon({ url: server.url, connections, duration: seconds, timeout: REQUEST_TIMEOUT_S, requests: [{ setupRequest: mixedRequest(world) }] });
    } finally {
      clearInterval(sampler);
    }
    const loadEnd = os.loadavg()[0] ?? 0;

    const peak = Math.max(baseline, ...samples.map((s) => s.mb));
    const third = (i: number) => samples.filter((s) => s.t >= ((seconds * 1000) / 3) * i && s.t < ((seconds * 1000) / 3) * (i + 1)).map((s) => s.mb);
    const middleMax = Math.max(0, ...third(1));
    const lastMax = Math.max(0, ...third(2));
    const statuses = Object.entries(result.statusCodeStats ?? {})
      .map(([code, { count }]) => `${code}: ${fixed(Number(count))}`)
      .join(', ');

    if (result.errors > 0 || result.timeouts > 0) failures.push(`${result.errors} connection errors, ${result.timeouts} timeouts`);
    if (result.non2xx > 0) failures.push(`${result.non2xx} non-2xx responses (${statuses})`);
    if (peak > RSS_LIMIT_MB) failures.push(`server RSS peaked at ${fixed(peak)} MB (limit ${RSS_LIMIT_MB} MB)`);
    if (middleMax > 0 && lastMax > middleMax * GROWTH_LIMIT) failures.push(`server RSS kept growing: ${fixed(middleMax)} MB → ${fixed(lastMax)} MB`);
    if (!server.running()) failures.push('the server died');

    const total = result.requests.total;
    const rows: Array<[string, string]> = [
      ['Requests', `${fixed(total)} in ${fixed(result.duration)} s — ${fixed(result.requests.average)} req/s (p50 ${fixed(result.requests.p50)}, min ${fixed(result.requests.min)})`],
      ['Latency', `average ${fixed(result.latency.average, 1)} ms · p50 ${fixed(result.latency.p50)} ms · p90 ${fixed(result.latency.p90)} ms · p99 ${fixed(result.latency.p99)} ms · max ${fixed(result.latency.max)} ms`],
      ['Status codes', statuses || 'none'],
      ['Errors / timeouts', `${result.errors} / ${result.timeouts}`],
      ['Server RSS', `${fixed(baseline)} MB before · peak ${fixed(peak)} MB · middle third max ${fixed(middleMax)} MB · last third max ${fixed(lastMax)} MB`],
      ['Load average (1 min)', `${fixed(loadStart, 2)} at the start, ${fixed(loadEnd, 2)} at the end`],
    ];
    const text = rows.map(([k, v]) => `  ${k.padEnd(22)} ${v}`).join('\n');
    process.stdout.write(`\nLoad: ${connections} connections × ${seconds} s, mixed reads and writes\n${text}\n${failures.length ? `\nFAILED: ${failures.join('; ')}\n` : '\nOK: no errors, every response a 2xx, memory bounded\n'}`);

    if (!quick) {
      const markdown = [
        HEADING,
        '',
        `_Generated by \`test/bench/load.ts\` (run by \`npm run bench\`) on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC: ` +
          `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}. The load generator (autocannon) and the server ` +
          'share the machine, so these are figures for the pair on this box, not a server ceiling._',
        '',
        `${connections} concurrent connections for ${seconds} s against \`server/main.ts\` on a SQLite file (WAL, \`synchronous = FULL\`), ` +
          `rate limits off, authenticated with an API key. Mix: ${Math.round((1 - WRITE_SHARE) * 100)} % reads (contact list and by ID, invoice list and by ID, trial balance), ` +
          `${Math.round(WRITE_SHARE * 100)} % writes (contacts, categorised bank transactions that post to the journal), each write with its own Idempotency-Key.`,
        '',
        '| Measure | Result |',
        '| --- | --- |',
        ...rows.map(([k, v]) => `| ${k} | ${v} |`),
        '',
        'The maximum latency is the first request on the last connections to be accepted: with 200 connections opening at once ' +
          'on a saturated 2-core machine, Node accepts new connections only as its busy event loop comes round (a bare ' +
          '`http.createServer` shows the same), so those first requests wait; requests on established connections see the percentiles above. ' +
          'In production a reverse proxy holding pooled keep-alive connections to the API avoids the burst.',
        '',
        `Pass criteria: no connection errors or timeouts (${REQUEST_TIMEOUT_S} s), every response a 2xx, server RSS under ${RSS_LIMIT_MB} MB and the last third of the run ` +
          `no more than ${Math.round((GROWTH_LIMIT - 1) * 100)} % above the middle third. Result: **${failures.length ? `FAILED — ${failures.join('; ')}` : 'passed'}**.`,
      ].join('\n');
      writeSection(markdown);
      log('  wrote the "## Load" section of BENCHMARKS.md');
    }
  } finally {
    if (server?.running()) await server.stop('SIGTERM');
    fs.rmSync(dir, { recursive: true, force: true });
  }
  if (failures.length > 0) process.exitCode = 1;
}

await main();
