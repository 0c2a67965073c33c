import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { callServer, killAllServerProcesses, startServerProcess, type ServerProcess } from '../helpers/server-process.js';
import { callReliably, listAll, record, resend, runWriters, type Acknowledged, type WorkloadState } from './workload.js';

/**
 * Crash safety on SQLite (SPEC §3, §8): the real server (`server/main.ts`) in a child process takes
 * concurrent idempotent writes — contacts, categorised bank transactions and invoices (both post
 * to the journal when finalised or categorised) — and is SIGKILLed at a random moment, four
 * times. After each crash:
 *
 * - SQLite's `integrity_check` and `foreign_key_check` pass on the file as the crash left it;
 * - after a restart every acknowledged write (a 2xx reached the client) is there;
 * - replaying every key — acknowledged or cut off in flight — never makes a second record: a
 *   replayed key answers the same record, and no key's name appears on two records;
 * - every journal entry balances, each finalised invoice and categorised transaction has exactly
 *   one entry (no half-applied write), and the trial balance balances.
 *
 * Why this holds: every write is one SQLite transaction (the handler's writes and the completed
 * idempotency key commit together, server/http/idempotency.ts), WAL journal mode, and
 * `synchronous = FULL` (server/db/open.ts). A SIGKILL is a process crash: the OS keeps every byte
 * the process wrote, so any setting — even NORMAL, even OFF — keeps committed transactions and the
 * database intact, and an uncommitted one is rolled back by WAL recovery. What FULL adds is
 * durability across power loss and OS crashes, where WAL + NORMAL may lose the last commits
 * (never corrupting): a 2xx is sent only after the commit's fsync of the WAL. That half cannot be
 * simulated by killing a process; it is a property of the setting (sqlite.org/pragma.html#pragma_synchronous).
 */

const ROUNDS = 4;
const WRITERS = 6;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'devshell-crash-'));
const dbPath = path.join(dir, 'crash.db');

function start(): Promise<ServerProcess> {
  return startServerProcess({ databaseUrl: '', env: { DB_PATH: dbPath, DATABASE_URL: '' } });
}

/** The checks that need the file itself, run on the database exactly as the crash left it. */
function inspectFile(): { integrity: string; foreignKeys: unknown[]; unbalanced: unknown[]; emptyEntries: unknown[] } {
  const db = new BetterSqlite3(dbPath);
  try {
    return {
      integrity: (db.pragma('integrity_check', { simple: true }) as string) ?? '',
      foreignKeys: db.pragma('foreign_key_check') as unknown[],
      unbalanced: db.prepare('select entry_id, sum(debit) as debit, sum(credit) as credit from journal_lines group by entry_id having sum(debit) <> sum(credit)').all(),
      emptyEntries: db.prepare('select e.id from journal_entries e left join journal_lines l on l.entry_id = e.id where l.id is null').all(),
    };
  } finally {
    db.close();
  }
}

/** Journal entries per source record, read from the file. */
function entriesBySource(): Map<string, number> {
  const db = new BetterSqlite3(dbPath, { readonly: true });
  try {
    const rows = db.prepare('select source_type, source_id, count(*) as n from journal_entries group by source_type, source_id').all() as Array<{ source_type: string; source_id: number; n: number }>;
    return new Map(rows.map((r) => [`${r.source_type}:${r.source_id}`, r.n]));
  } finally {
    db.close();
  }
}

const rowNumber = (id: string) => Number(id.slice(id.indexOf('_') + 1));

describe('crash safety: SIGKILL under concurrent idempotent writes (SQLite)', () => {
  afterAll(async () => {
    await killAllServerProcesses();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it(`keeps every acknowledged write, never doubles a key, and keeps the journal and file sound across ${ROUNDS} random kills`, async () => {
    let server = await start();
    const owner = await callServer(server, 'POST', '/auth/register', {
      body: { email: 'crash@example.com', password: 'correct horse battery', name: 'Crash', organisationName: 'Crash Ltd' },
    });
    expect(owner.status).toBe(201);
    const token = owner.json.data.accessToken as string;
    const key = await callServer(server, 'POST', '/api-keys', { token, body: { name: 'crash', scopes: ['*'] } });
    const accounts = await callServer(server, 'GET', '/accounts?perPage=100', { token });
    const contact = await callServer(server, 'POST', '/contacts', { token, body: { name: 'Crash customer' } });
    const state: WorkloadState = {
      apiKey: key.json.data.secret as string,
      expenseAccountId: (accounts.json.data as Array<{ id: string; type: string }>).find((a) => a.type === 'expense')!.id,
      contactId: contact.json.data.id as string,
      acknowledged: new Map(),
      inFlight: new Map(),
      drafts: [],
      unexpected: [],
    };

    let cutOff = 0;
    for (let round = 1; round <= ROUNDS; round += 1) {
      try {
        await runRound(round);
      } catch (err) {
        throw new Error(`${(err as Error).message}\n--- server output ---\n${server.output().slice(-3000)}`, { cause: err });
      }
    }
    await server.stop('SIGTERM');
    // The kills really landed mid-write (six writers keep requests in flight all the time).
    expect(cutOff).toBeGreaterThan(0);

    async function runRound(round: number): Promise<void> {
      // Writers run until the kill cuts them off, somewhere between 0.3 s and 1.5 s in.
      const killAfter = 300 + Math.floor(Math.random() * 1200);
      const writers = runWriters(server, state, round, WRITERS);
      await new Promise((resolve) => setTimeout(resolve, killAfter));
      const exit = await server.stop('SIGKILL');
      await writers;
      cutOff += state.inFlight.size;
      const context = `round ${round}, killed after ${killAfter} ms`;
      expect(exit.signal, context).toBe('SIGKILL');
      expect(state.unexpected, context).toEqual([]);

      const file = inspectFile();
      expect(file, context).toEqual({ integrity: 'ok', foreignKeys: [], unbalanced: [], emptyEntries: [] });

      server = await start();

      // Every key cut off in flight: a retry either replays what committed or runs it now (or,
      // while the dead process's claim is fresh, is told to retry later) — never a second record.
      for (const write of [...state.inFlight.values()]) {
        const retry = await resend(server, state, write);
        if (retry && retry.status === 409 && retry.json?.error?.code === 'idempotency_conflict') continue;
        record(state, write, retry);
      }
      expect(state.unexpected, context).toEqual([]);

      // Every acknowledged write is there, and its key replays to the same record.
      const missing: string[] = [];
      const replayMismatches: string[] = [];
      for (const ack of state.acknowledged.values()) {
        const resource = ack.kind === 'contact' ? 'contacts' : ack.kind === 'transaction' ? 'transactions' : 'invoices';
        const found = await callReliably(server, 'GET', `/${resource}/${ack.id}`, { apiKey: state.apiKey });
        const expectedStatus = ack.kind === 'finalise' ? ['finalised', 'paid'] : undefined;
        if (found.status !== 200 || (expectedStatus && !expectedStatus.includes(found.json.data.status))) missing.push(`${ack.kind} ${ack.id} (${ack.key}): ${found.status}`);
        const replay = await resend(server, state, ack);
        if (replay?.status !== ack.status || replay.headers.get('idempotent-replayed') !== 'true' || replay.json?.data?.id !== ack.id) {
          replayMismatches.push(`${ack.key}: ${replay?.status} ${replay?.headers.get('idempotent-replayed')} ${replay?.json?.data?.id} ≠ ${ack.id}`);
        }
      }
      expect({ missing, replayMismatches }, context).toEqual({ missing: [], replayMismatches: [] });

      // No key produced two records: each key names at most one record of its kind.
      const names = [
        ...(await listAll(server, state.apiKey, '/contacts')).map((c) => c.name),
        ...(await listAll(server, state.apiKey, '/transactions')).map((t) => t.description),
        ...(await listAll(server, state.apiKey, '/invoices')).map((i) => i.reference),
      ].filter((n): n is string => typeof n === 'string' && n.startsWith('crash-'));
      const doubled = names.filter((n, i) => names.indexOf(n) !== i);
      expect(doubled, context).toEqual([]);
      const acked = (kind: Acknowledged['kind']) => [...state.acknowledged.values()].filter((a) => a.kind === kind).map((a) => a.key);
      expect(names, context).toEqual(expect.arrayContaining([...acked('contact'), ...acked('transaction'), ...acked('invoice')]));

      // The ledger: one entry per finalised invoice and categorised transaction, and it balances.
      const entries = entriesBySource();
      const invoices = await listAll(server, state.apiKey, '/invoices');
      const transactions = await listAll(server, state.apiKey, '/transactions');
      const ledgerProblems = [
        ...invoices.map((i) => [`invoice:${rowNumber(i.id as string)}`, i.status === 'draft' ? 0 : 1, i.id] as const),
        ...transactions.map((t) => [`transaction:${rowNumber(t.id as string)}`, t.status === 'categorised' ? 1 : 0, t.id] as const),
      ]
        .filter(([source, wanted]) => (entries.get(source) ?? 0) !== wanted)
        .map(([source, wanted, id]) => `${id}: ${entries.get(source) ?? 0} journal entries, expected ${wanted}`);
      expect(ledgerProblems, context).toEqual([]);
      const trial = await callReliably(server, 'GET', '/reports/trial-balance', { apiKey: state.apiKey });
      expect(trial.status, context).toBe(200);
      expect(trial.json.data.balanced, context).toBe(true);
      expect(trial.json.data.totals.debit, context).toBe(trial.json.data.totals.credit);
      expect(state.acknowledged.size, `${context}: the workload made progress`).toBeGreaterThan(round * 5);
    }
  });
});
