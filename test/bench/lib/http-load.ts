import { createRequire } from 'node:module';

/**
 * autocannon, typed for what the benchmarks use. The package ships no types; it is loaded through
 * `require` so no ambient module declaration is needed (another bench file may want its own).
 */

interface AutocannonRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  setupRequest?: (request: AutocannonRequest) => AutocannonRequest;
}

interface AutocannonOptions {
  url: string;
  connections: number;
  duration: number;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  requests?: AutocannonRequest[];
  timeout?: number;
}

interface Histogram {
  average: number;
  p50: number;
  p90: number;
  p99: number;
  total: number;
}

interface AutocannonResult {
  requests: Histogram;
  latency: Histogram;
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  '2xx': number;
}

type Autocannon = (options: AutocannonOptions) => Promise<AutocannonResult>;

const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

export interface LoadTarget {
  /** Base URL of the server, e.g. `http://127.0.0.1:4100`. */
  url: string;
  method?: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
  /** Headers computed per request (e.g. a fresh Idempotency-Key). */
  perRequestHeaders?: () => Record<string, string>;
}

export interface LoadResult {
  /** Successful (2xx) responses per second. */
  rps: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  /** Non-2xx responses and connection errors: any of these makes the figure suspect. */
  failures: number;
  total: number;
}

export const DEFAULT_CONNECTIONS = 10;

/** Loads one target for `seconds` and returns its 2xx throughput. */
export async function runLoad(target: LoadTarget, seconds: number, connections = DEFAULT_CONNECTIONS): Promise<LoadResult> {
  const request: AutocannonRequest = {
    method: target.method ?? 'GET',
    path: target.path,
    headers: { ...(target.body !== undefined ? { 'content-type': 'application/json' } : {}), ...target.headers },
    body: target.body,
  };
  const perRequest = target.perRequestHeaders;
  if (perRequest) {
    request.setupRequest = (req) => ({ ...req, headers: { ...req.headers, ...perRequest() } });
  }
  const result = await autocannon({ url: target.url, connections, duration: seconds, requests: [request], timeout: 30 });
  const ok = result['2xx'];
  return {
    rps: ok / result.duration,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    failures: result.non2xx + result.errors,
    total: result.requests.total,
  };
}

/** Several targets loaded at the same time (e.g. two instances); throughputs add up. */
export async function runLoadTogether(targets: readonly LoadTarget[], seconds: number, connectionsEach: number): Promise<LoadResult> {
  const results = await Promise.all(targets.map((t) => runLoad(t, seconds, connectionsEach)));
  return {
    rps: results.reduce((sum, r) => sum + r.rps, 0),
    latencyP50Ms: Math.max(...results.map((r) => r.latencyP50Ms)),
    latencyP99Ms: Math.max(...results.map((r) => r.latencyP99Ms)),
    failures: results.reduce((sum, r) => sum + r.failures, 0),
    total: results.reduce((sum, r) => sum + r.total, 0),
  };
}
