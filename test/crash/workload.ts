import { callServer, type CallResult, type ServerProcess } from '../helpers/server-process.js';

/**
 * Concurrent idempotent writes against a server that may die at any moment. Every write carries a
 * fresh Idempotency-Key and names its key in the record it creates (a contact's name, a
 * transaction's description, an invoice's reference), so afterwards we can tell which key made
 * which record — and whether any key made two.
 */

export type WriteKind = 'contact' | 'transaction' | 'invoice' | 'finalise';

export interface Write {
  kind: WriteKind;
  key: string;
  method: 'POST';
  path: string;
  body: Record<string, unknown> | undefined;
}

export interface Acknowledged extends Write {
  status: number;
  /** The record the write created or changed. */
  id: string;
}

export interface WorkloadState {
  apiKey: string;
  /** An expense account to categorise transactions against, and a contact for invoices. */
  expenseAccountId: string;
  contactId: string;
  /** 2xx received before the crash (or on a retry after it). */
  acknowledged: Map<string, Acknowledged>;
  /** Sent but no answer: the server died with these in flight. */
  inFlight: Map<string, Write>;
  /** Draft invoices acknowledged and not yet handed to a finalise write. */
  drafts: string[];
  /** Any answer that was not a 2xx, for the failure message. */
  unexpected: string[];
}

let sequence = 0;

export function nextWrite(state: WorkloadState, round: number): Write {
  sequence += 1;
  const key = `crash-r${round}-${sequence}-${process.pid}`;
  const roll = sequence % 4;
  const draft = roll === 3 ? state.drafts.shift() : undefined;
  if (draft) return { kind: 'finalise', key, method: 'POST', path: `/invoices/${draft}/finalise`, body: undefined };
  if (roll === 0) return { kind: 'contact', key, method: 'POST', path: '/contacts', body: { name: key } };
  if (roll === 1) {
    const amount = -((sequence % 97) + 1) * 100;
    return { kind: 'transaction', key, method: 'POST', path: '/transactions', body: { date: '2026-01-15', description: key, amount, accountId: state.expenseAccountId } };
  }
  return {
    kind: 'invoice',
    key,
    method: 'POST',
    path: '/invoices',
    body: { contactId: state.contactId, reference: key, lines: [{ description: 'Crash-tested work', quantity: 2, unitPrice: 12_345, taxRate: 20 }] },
  };
}

/** Sends one write with its key. Resolves with the result, or null when the connection died. */
export async function send(server: ServerProcess, state: WorkloadState, write: Write): Promise<CallResult | null> {
  try {
    return await callServer(server, write.method, write.path, { apiKey: state.apiKey, body: write.body, headers: { 'idempotency-key': write.key }, timeoutMs: 10_000 });
  } catch {
    return null;
  }
}

/**
 * After a restart: a request to a live server, retried when a pooled connection turns out to be
 * dead (one left over from the killed process, or closed by keep-alive expiry as it was reused).
 * Retrying is safe — every write here carries its Idempotency-Key, which is the point.
 */
export async function callReliably(server: ServerProcess, method: string, urlPath: string, options: Parameters<typeof callServer>[3] = {}): Promise<CallResult> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await callServer(server, method, urlPath, { timeoutMs: 10_000, ...options });
    } catch (err) {
      if (attempt >= 3 || !server.running()) throw err;
    }
  }
}

export function resend(server: ServerProcess, state: WorkloadState, write: Write): Promise<CallResult> {
  return callReliably(server, write.method, write.path, { apiKey: state.apiKey, body: write.body, headers: { 'idempotency-key': write.key } });
}

/** Records a write's outcome in the state. */
export function record(state: WorkloadState, write: Write, result: CallResult | null): void {
  if (result === null) {
    state.inFlight.set(write.key, write);
    return;
  }
  state.inFlight.delete(write.key);
  if (result.status >= 200 && result.status < 300) {
    const id = result.json?.data?.id as string;
    state.acknowledged.set(write.key, { ...write, status: result.status, id });
    if (write.kind === 'invoice') state.drafts.push(id);
  } else {
    state.unexpected.push(`${write.path} (${write.key}) → ${result.status} ${JSON.stringify(result.json)}`);
  }
}

/** `workers` loops of writes until `stop()` resolves true or the server stops answering. */
export async function runWriters(server: ServerProcess, state: WorkloadState, round: number, workers: number): Promise<void> {
  let dead = false;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (!dead) {
        const write = nextWrite(state, round);
        const result = await send(server, state, write);
        record(state, write, result);
        if (result === null) dead = true;
      }
    }),
  );
}

/** Every page of a list endpoint. */
export async function listAll(server: ServerProcess, apiKey: string, path: string): Promise<Array<Record<string, unknown>>> {
  const out: Array<Record<string, unknown>> = [];
  for (let page = 1; ; page += 1) {
    const res = await callReliably(server, 'GET', `${path}?perPage=100&page=${page}`, { apiKey });
    if (res.status !== 200) throw new Error(`GET ${path} → ${res.status} ${JSON.stringify(res.json)}`);
    out.push(...(res.json.data as Array<Record<string, unknown>>));
    if (page >= (res.json.meta?.totalPages ?? 1)) return out;
  }
}
