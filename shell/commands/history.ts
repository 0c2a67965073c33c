import { colour, dim, palette } from '../render/ansi.js';
import { sanitizeLine } from '../render/sanitize.js';
import type { Command } from './context.js';

export const historyCommand: Command = {
  name: 'history',
  summary: 'list the history (history clear empties it)',
  usage: [
    'history | history clear',
    'Lists the lines entered, oldest first (↑/↓ walk them). Secrets are stored redacted.',
    'history clear forgets them here and in this browser’s storage.',
  ],
  args: ['clear'],
  async run(args, ctx) {
    const { history } = ctx;
    if (args[0] === 'clear') {
      await history.clear();
      await ctx.line('History cleared.');
      return;
    }
    if (args.length > 0) {
      await ctx.line(colour(palette.ui.error, `history: unknown argument "${sanitizeLine(args[0]!)}"; use history or history clear`));
      return;
    }
    const entries = history.entries;
    if (entries.length === 0) {
      await ctx.line(dim('History is empty.'));
      return;
    }
    const width = String(entries.length).length;
    const lines = entries.map((entry, i) => `${dim(String(i + 1).padStart(width))}  ${sanitizeLine(entry)}`);
    await ctx.write(lines.join('\n') + '\n');
    if (!history.persistent) await ctx.line(dim('(kept in memory only: this browser gives the page no IndexedDB)'));
  },
};
