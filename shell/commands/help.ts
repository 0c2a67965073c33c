import { bold, dim } from '../render/ansi.js';
import { paletteEntries } from '../power/palette.js';
import type { Command } from './context.js';

/**
 * Built at run time from the registry and from the palette's list of keys (power/palette.ts),
 * so a new command or key binding shows up here and in the palette without editing this file.
 */
export function helpCommand(all: () => readonly Command[]): Command {
  return {
    name: 'help',
    summary: 'this overview',
    usage: ['help', 'Lists the request syntax, the built-in commands and the keys (? or F1: the same, searchable).'],
    async run(_args, ctx) {
      const commands = all();
      // The panel's own hotkey is on its title bar (it may not be Ctrl+J).
      const entries = paletteEntries({ commands }).filter((e) => e.id !== 'key.toggle');
      const width = Math.max(...commands.map((c) => c.name.length)) + 2;
      await ctx.line(bold('Requests'));
      for (const e of entries.filter((e) => e.group === 'Requests')) await ctx.line(`  ${(e.command ?? '').padEnd(26)}${dim(e.description)}`);
      await ctx.line();
      await ctx.line(bold('Commands') + dim('  (each takes --help)'));
      for (const c of commands) await ctx.line(`  ${c.name.padEnd(width)}${dim(c.summary)}`);
      await ctx.line();
      await ctx.line(bold('Keys and mouse'));
      for (const e of entries.filter((e) => e.keys.length > 0)) await ctx.line(`  ${e.keys.join(', ').padEnd(26)}${dim(e.description)}`);
    },
  };
}
