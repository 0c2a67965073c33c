import http from 'node:http';
import type { RouteDef } from '../../../server/http/route.js';
import type { TestApi } from '../../helpers/api.js';
import { installChangeCounter, movedTables, type ChangeCounts } from './change-counter.js';

/**
 * Sends one fuzzed request over raw HTTP (node:http, so headers can carry any byte a client may
 * send and bodies any bytes at all) and checks the invariants every response must keep:
 *
 * 1. never a 5xx — the server may refuse anything, but never fail;
 * 2. always the SPEC §1 envelope, as JSON;
 * 3. a 4xx changed no data (change-counter.ts; db-snapshot.ts lists the request-recording tables
 *    left out);
 * 4. no credential sent in a header is echoed back;
 * 5. Object.prototype is as it was (no prototype pollution anywhere in the server).
 */

export interface FuzzRequest {
  method: string;
  /** Below /api/v1. */
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer;
}

export interface FuzzResponse {
  status: number;
  contentType: string;
  text: string;
}

export function sendRaw(baseUrl: string, request: FuzzRequest): Promise<FuzzResponse> {
  const url = new URL(baseUrl);
  // Node's client sends a DELETE body with neither Content-Length nor chunked encoding: say how long.
  const headers = request.body === undefined ? request.headers : { ...request.headers, 'content-length': String(Buffer.byteLength(request.body)) };
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: url.hostname, port: url.port, method: request.method, path: `/api/v1${request.path}`, headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (request.body !== undefined) req.end(request.body);
    else req.end();
  });
}

const PROTOTYPE_KEYS = Object.getOwnPropertyNames(Object.prototype).sort().join();

/** Throws when anything has been added to Object.prototype. */
export function assertNoPrototypePollution(): void {
  const probe = {} as Record<string, unknown>;
  if (probe.polluted !== undefined || Object.getOwnPropertyNames(Object.prototype).sort().join() !== PROTOTYPE_KEYS) {
    throw new Error(`Object.prototype was polluted: ${Object.getOwnPropertyNames(Object.prototype).join(', ')}`);
  }
}

/** A description of a request short enough for a failure message (bodies can be megabytes). */
export function describeRequest(request: FuzzRequest): string {
  const body = request.body === undefined ? '' : String(request.body);
  const shownBody = body.length > 600 ? `${body.slice(0, 600)}… (${body.length} chars)` : body;
  const headers = Object.entries(request.headers).map(([k, v]) => `${k}: ${v.length > 120 ? `${v.slice(0, 120)}… (${v.length})` : v}`);
  return `${request.method} ${request.path}\n${headers.join('\n')}\n\n${shownBody}`;
}

function problemsWith(response: FuzzResponse, request: FuzzRequest, secrets: readonly string[]): string[] {
  const problems: string[] = [];
  if (response.status >= 500) problems.push(`answered ${response.status}`);
  if (response.status === 204) return problems;
  if (!response.contentType.startsWith('application/json')) problems.push(`content type "${response.contentType}"`);
  let body: { success?: unknown; data?: unknown; error?: { code?: unknown; message?: unknown } } | undefined;
  try {
    body = JSON.parse(response.text) as typeof body;
  } catch {
    problems.push('body is not JSON');
  }
  if (body) {
    if (response.status >= 400) {
      if (body.success !== false) problems.push('error without success: false');
      if (typeof body.error?.code !== 'string' || !/^[a-z][a-z0-9_]*$/.test(body.error.code)) problems.push('error.code is not snake_case');
      if (typeof body.error?.message !== 'string' || body.error.message === '') problems.push('error.message missing');
      if (/\n\s+at |node_modules|SQLITE_|sqlite|syntax error|relation "|select .* from/i.test(String(body.error?.message))) {
        problems.push('error message leaks internals');
      }
    } else if (body.success !== true || !('data' in body)) {
      problems.push('success without success: true and data');
    }
  }
  for (const secret of secrets) if (secret.length >= 16 && response.text.includes(secret)) problems.push('a credential from the request is echoed');
  void request;
  return problems;
}

/** Runs requests against one app and checks every invariant above. */
export class FuzzHarness {
  private readCounts: (() => Promise<ChangeCounts>) | null = null;
  private counts: ChangeCounts = {};

  /** `serverErrors`: the array the app's `logError` pushes to (its 500s), shown in failures. */
  constructor(
    private readonly api: TestApi,
    private readonly serverErrors: unknown[],
  ) {}

  /** Installs the change counter (call once the world is set up). */
  async init(): Promise<void> {
    this.readCounts = await installChangeCounter(this.api.db);
    this.counts = await this.readCounts();
  }

  /** Sends the request, checks the invariants, throws a readable error on any violation. */
  async check(request: FuzzRequest, secrets: readonly string[] = []): Promise<FuzzResponse> {
    if (!this.readCounts) throw new Error('FuzzHarness.init() first');
    const before = this.counts;
    this.serverErrors.length = 0;
    const response = await sendRaw(this.api.url, request);
    const after = await this.readCounts();
    this.counts = after;
    const problems = problemsWith(response, request, secrets);
    if (response.status >= 400 && response.status < 500) {
      const changed = movedTables(before, after);
      if (changed.length > 0) problems.push(`a ${response.status} changed ${changed.join(', ')}`);
    }
    try {
      assertNoPrototypePollution();
    } catch (err) {
      problems.push((err as Error).message);
    }
    if (problems.length > 0) {
      const logged = this.serverErrors.map((e) => (e instanceof Error ? e.stack : String(e))).join('\n');
      throw new Error(`${problems.join('; ')}\n--- request ---\n${describeRequest(request)}\n--- response ${response.status} ---\n${response.text.slice(0, 800)}${logged ? `\n--- server log ---\n${logged}` : ''}`);
    }
    return response;
  }
}

/** Write routes: everything but GET. */
export const isWriteRoute = (route: RouteDef) => route.method !== 'get';
