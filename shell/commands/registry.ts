import { HTTP_METHODS } from '../render/ansi.js';
import type { Command } from './context.js';
import { clearCommand } from './clear.js';
import { curlCommand } from './curl.js';
import { envCommand } from './env.js';
import { helpCommand } from './help.js';
import { historyCommand } from './history.js';
import { nextCommand } from './next.js';
import { prevCommand } from './prev.js';
import { routesCommand } from './routes.js';

/** Every built-in, in the order `help` lists them. A new command is one import and one entry. */
export const commands: readonly Command[] = [
  helpCommand(() => commands),
  routesCommand,
  curlCommand,
  nextCommand,
  prevCommand,
  envCommand,
  historyCommand,
  clearCommand,
];

export function findCommand(name: string): Command | undefined {
  return commands.find((c) => c.name === name.toLowerCase());
}

/** Optimal string alignment distance: edits with adjacent swaps, so `rotues` is 1 from `routes`. */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 0; j <= b.length; j += 1) d[0]![j] = j;
  for (let i = 1; i <= a.length; i += 1) {
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/** The closest built-in or method to an unknown word, when it is close enough to be a typo. */
export function suggestCommand(word: string): string | null {
  const lower = word.toLowerCase();
  const names = [...commands.map((c) => c.name), ...HTTP_METHODS];
  let best: { name: string; distance: number } | null = null;
  for (const name of names) {
    const distance = editDistance(lower, name.toLowerCase());
    if (!best || distance < best.distance) best = { name, distance };
  }
  const limit = lower.length <= 3 ? 1 : 2;
  return best && best.distance <= limit ? best.name : null;
}
