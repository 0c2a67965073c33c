import { expect } from 'vitest';
import { registerOrg, type TestApi, type TestResponse } from './api.js';

/** Requests as one signed-in user, in one mode (`X-Mode`), for the bookkeeping API tests. */
export interface Client {
  token: string;
  /** The organisation's row number (org_5 → 5); 0 when unknown. */
  organisationId: number;
  mode: 'live' | 'test';
  get(path: string): Promise<TestResponse>;
  post(path: string, body?: unknown): Promise<TestResponse>;
  put(path: string, body: unknown): Promise<TestResponse>;
  patch(path: string, body: unknown): Promise<TestResponse>;
  delete(path: string): Promise<TestResponse>;
  /** The same user in the other mode. */
  inMode(mode: 'live' | 'test'): Client;
}

export function client(api: TestApi, token: string, mode: 'live' | 'test' = 'live', organisationId = 0): Client {
  const headers: Record<string, string> = mode === 'test' ? { 'x-mode': 'test' } : {};
  return {
    token,
    organisationId,
    mode,
    get: (path) => api.request('GET', path, { token, headers }),
    post: (path, body) => api.request('POST', path, { token, headers, body: body ?? {} }),
    put: (path, body) => api.request('PUT', path, { token, headers, body }),
    patch: (path, body) => api.request('PATCH', path, { token, headers, body }),
    delete: (path) => api.request('DELETE', path, { token, headers }),
    inMode: (other) => client(api, token, other, organisationId),
  };
}

/** A fresh organisation's owner. */
export async function signUp(api: TestApi): Promise<Client> {
  const org = await registerOrg(api);
  return client(api, org.token, 'live', Number(org.user.organisationId.replace('org_', '')));
}

/** Asserts the status (showing the body when it differs) and returns `data`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function expectData(res: TestResponse, status = 200): any {
  expect(res.status, res.text).toBe(status);
  expect(res.json.success).toBe(true);
  return res.json.data;
}

/** Asserts an error envelope with this status and code; returns the error object. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function expectError(res: TestResponse, status: number, code: string): any {
  expect(res.status, res.text).toBe(status);
  expect(res.json.success).toBe(false);
  expect(res.json.error.code).toBe(code);
  return res.json.error;
}

/** The fields named by a validation_error. */
export function invalidFields(res: TestResponse): string[] {
  expectError(res, 400, 'validation_error');
  return (res.json.error.details as Array<{ field: string }>).map((d) => d.field).sort();
}

/** The ID of the account with this code (the default chart: 1200 Bank, 4000 Sales…). */
export async function accountId(c: Client, code: string): Promise<string> {
  const list = expectData(await c.get('/accounts?perPage=100'));
  const account = (list as Array<{ id: string; code: string }>).find((a) => a.code === code);
  if (!account) throw new Error(`no account ${code}`);
  return account.id;
}

/**
 * Every journal entry of the client's organisation and mode, with its lines by account code —
 * read straight from the database, so the ledger is checked independently of the reports.
 */
export async function journal(api: TestApi, c: Client) {
  const rows = await api.db
    .selectFrom('journal_lines as l')
    .innerJoin('journal_entries as e', 'e.id', 'l.entry_id')
    .innerJoin('accounts as a', 'a.id', 'l.account_id')
    .select(['e.id as entryId', 'e.date', 'e.source_type', 'e.source_id', 'a.code', 'l.debit', 'l.credit'])
    .where('e.organisation_id', '=', c.organisationId)
    .where('e.mode', '=', c.mode)
    .orderBy('e.id')
    .orderBy('l.id')
    .execute();
  const entries = new Map<number, { date: string; source: string; lines: Array<{ code: string; debit: number; credit: number }> }>();
  for (const r of rows) {
    const entry = entries.get(r.entryId) ?? { date: r.date, source: `${r.source_type}:${r.source_id}`, lines: [] };
    entry.lines.push({ code: r.code, debit: Number(r.debit), credit: Number(r.credit) });
    entries.set(r.entryId, entry);
  }
  return [...entries.values()];
}

/** Net debit balance per account code across the whole journal. */
export async function balancesByCode(api: TestApi, c: Client): Promise<Record<string, number>> {
  const balances: Record<string, number> = {};
  for (const entry of await journal(api, c)) {
    for (const line of entry.lines) balances[line.code] = (balances[line.code] ?? 0) + line.debit - line.credit;
  }
  for (const code of Object.keys(balances)) if (balances[code] === 0) delete balances[code];
  return balances;
}

/** Asserts every journal entry of the client's tenant balances and has no mixed or negative line. */
export async function expectLedgerBalanced(api: TestApi, c: Client): Promise<void> {
  for (const entry of await journal(api, c)) {
    const debit = entry.lines.reduce((s, l) => s + l.debit, 0);
    const credit = entry.lines.reduce((s, l) => s + l.credit, 0);
    expect(debit, JSON.stringify(entry)).toBe(credit);
    for (const line of entry.lines) {
      expect(line.debit >= 0 && line.credit >= 0 && (line.debit === 0 || line.credit === 0), JSON.stringify(line)).toBe(true);
    }
  }
}
