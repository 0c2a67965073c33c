import { colour, palette } from '../render/ansi.js';
import { sanitizeLine } from '../render/sanitize.js';
import { adjacentPage } from '../power/pagination.js';
import type { Command, ShellContext } from './context.js';

/** `next` and `prev` (prev.ts): the adjacent page of the last list request, same filter. */
export async function runAdjacentPage(direction: 'next' | 'prev', ctx: ShellContext): Promise<void> {
  const last = ctx.lastList();
  const step = adjacentPage(last?.exchange ?? null, direction);
  if (!step.ok) {
    await ctx.line(colour(palette.ui.warning, sanitizeLine(step.reason)));
    return;
  }
  await ctx.request(step.line, last?.filter ?? null);
}

export const nextCommand: Command = {
  name: 'next',
  summary: 'the next page of the last list request',
  usage: ['next', 'The next page of the last list request, same | filter (meta.page, else a Link header).'],
  run: (_args, ctx) => runAdjacentPage('next', ctx),
};
