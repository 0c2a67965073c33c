import type { LoadResult } from './http-load.js';
import { median, spread } from './stats.js';

/**
 * Repeated, interleaved measurement: every variant is warmed up, then each round runs every
 * variant once (in a changing order), so a burst of noise from the shared machine hits all
 * variants alike instead of one. Figures are medians over the rounds.
 */

export interface Timing {
  warmupSeconds: number;
  rounds: number;
  roundSeconds: number;
}

/**
 * Many short rounds rather than a few long ones: on a shared machine noise comes in bursts of a
 * few seconds, and the median of many back-to-back pairs shrugs off the pairs a burst hit.
 */
export const FULL_TIMING: Timing = { warmupSeconds: 1, rounds: 12, roundSeconds: 0.8 };
/** The layer-by-layer breakdown: many variants, so shorter rounds. */
export const EXPLAIN_TIMING: Timing = { warmupSeconds: 1, rounds: 8, roundSeconds: 0.7 };
export const QUICK_TIMING: Timing = { warmupSeconds: 0.5, rounds: 1, roundSeconds: 1.5 };

export interface Variant {
  name: string;
  run(seconds: number): Promise<LoadResult>;
}

export interface Measured {
  name: string;
  /** Median 2xx requests per second over the rounds. */
  rps: number;
  roundsRps: number[];
  /** (max − min) / median of the rounds. */
  spread: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  /** Non-2xx responses or errors over all rounds (should be 0). */
  failures: number;
}

export type Log = (message: string) => void;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs a variant, then lets the requests it left in flight finish: autocannon stops sending when
 * its time is up, but the server still works through what it received, and that work must not be
 * billed to the next variant. The slowest responses (p99) say how long that can take.
 */
async function runAndSettle(variant: Variant, seconds: number): Promise<LoadResult> {
  const result = await variant.run(seconds);
  await sleep(Math.min(3000, Math.max(50, result.latencyP99Ms * 1.5)));
  return result;
}

/**
 * Round r runs the variants rotated by r, and backwards on odd rounds, so that no variant always
 * follows the same one (whatever one leaves behind — a warm cache, a busy disk — is spread out).
 */
function roundOrder<T>(items: readonly T[], round: number): T[] {
  const rotated = items.map((_, i) => items[(i + round) % items.length]!);
  return round % 2 === 1 ? rotated.reverse() : rotated;
}

export async function measureInterleaved(variants: readonly Variant[], timing: Timing, log: Log): Promise<Map<string, Measured>> {
  for (const variant of variants) {
    const warm = await runAndSettle(variant, timing.warmupSeconds);
    if (warm.failures > 0 && warm.rps === 0) throw new Error(`${variant.name}: every warm-up request failed (${warm.failures})`);
  }
  const samples = new Map<string, LoadResult[]>(variants.map((v) => [v.name, []]));
  for (let round = 0; round < timing.rounds; round += 1) {
    for (const variant of roundOrder(variants, round)) {
      const result = await runAndSettle(variant, timing.roundSeconds);
      samples.get(variant.name)!.push(result);
      log(`    round ${round + 1}/${timing.rounds} ${variant.name}: ${Math.round(result.rps)} req/s${result.failures ? ` (${result.failures} failed)` : ''}`);
    }
  }
  const measured = new Map<string, Measured>();
  for (const [name, results] of samples) {
    const rounds = results.map((r) => r.rps);
    measured.set(name, {
      name,
      rps: median(rounds),
      roundsRps: rounds,
      spread: spread(rounds),
      latencyP50Ms: median(results.map((r) => r.latencyP50Ms)),
      latencyP99Ms: median(results.map((r) => r.latencyP99Ms)),
      failures: results.reduce((sum, r) => sum + r.failures, 0),
    });
  }
  return measured;
}

function pairedRatios(a: Measured, b: Measured): number[] {
  const n = Math.min(a.roundsRps.length, b.roundsRps.length);
  const ratios: number[] = [];
  for (let i = 0; i < n; i += 1) ratios.push(a.roundsRps[i]! / b.roundsRps[i]!);
  return ratios;
}

/** The median of per-round ratios a/b: each round's pair ran close together, so noise cancels better. */
export function pairedRatio(a: Measured, b: Measured): number {
  return median(pairedRatios(a, b));
}

/** The lowest and highest per-round ratio a/b, to show how much the rounds disagreed. */
export function pairedRange(a: Measured, b: Measured): string {
  const ratios = pairedRatios(a, b);
  if (ratios.length < 2) return '';
  return `per-round ratios ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}`;
}
