import type { LoadResult } from './http-load.js';
import { median, spread } from './stats.js';

/**
 * Repeated, interleaved measurement: every variant is warmed up, then each round runs every
 * variant once (in a rotating order), so a burst of noise from the shared machine hits all
 * variants alike instead of one. Figures are medians over the rounds.
 */

export interface Timing {
  warmupSeconds: number;
  rounds: number;
  roundSeconds: number;
}

/** Five short rounds rather than three long ones: more pairs for the median of ratios, same time. */
export const FULL_TIMING: Timing = { warmupSeconds: 1, rounds: 5, roundSeconds: 2.5 };
/** The layer-by-layer breakdown: many variants, so shorter. */
export const EXPLAIN_TIMING: Timing = { warmupSeconds: 1, rounds: 3, roundSeconds: 2 };
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

export async function measureInterleaved(variants: readonly Variant[], timing: Timing, log: Log): Promise<Map<string, Measured>> {
  for (const variant of variants) {
    const warm = await variant.run(timing.warmupSeconds);
    if (warm.failures > 0 && warm.rps === 0) throw new Error(`${variant.name}: every warm-up request failed (${warm.failures})`);
  }
  const samples = new Map<string, LoadResult[]>(variants.map((v) => [v.name, []]));
  for (let round = 0; round < timing.rounds; round += 1) {
    for (let i = 0; i < variants.length; i += 1) {
      const variant = variants[(i + round) % variants.length]!;
      const result = await variant.run(timing.roundSeconds);
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

/** The median of per-round ratios a/b: each round's pair ran back to back, so noise cancels better. */
export function pairedRatio(a: Measured, b: Measured): number {
  const n = Math.min(a.roundsRps.length, b.roundsRps.length);
  const ratios: number[] = [];
  for (let i = 0; i < n; i += 1) ratios.push(a.roundsRps[i]! / b.roundsRps[i]!);
  return median(ratios);
}
