import { bold, colour, dim, palette } from '../render/ansi.js';
import type { Command } from './context.js';

/** Built at run time from the registry, so a new command shows up here without editing this file. */
export function helpCommand(all: () => readonly Command[]): Command {
  return {
    name: 'help',
    summary: 'this overview',
    usage: ['help', 'Lists the built-in commands, the request syntax and the keys.'],
    async run(_args, ctx) {
      const commands = all();
      const width = Math.max(...commands.map((c) => c.name.length)) + 2;
      await ctx.line(bold('Requests'));
      await ctx.line(`  ${colour(palette.methods.GET, 'GET')} /invoices                      the path may omit the server prefix`);
      await ctx.line(`  ${colour(palette.methods.POST, 'POST')} /contacts {"name":"Acme"}     a JSON body after the path`);
      await ctx.line(`  ${colour(palette.methods.PATCH, 'PATCH')} /contacts/cont_1 -H 'Idempotency-Key: k1' {"name":"B"}`);
      await ctx.line(dim('  Click an ID in a response to fetch it. Hover a response to copy it.'));
      await ctx.line();
      await ctx.line(bold('Commands') + dim('  (each takes --help)'));
      for (const c of commands) await ctx.line(`  ${c.name.padEnd(width)}${dim(c.summary)}`);
      await ctx.line();
      await ctx.line(bold('Keys'));
      const keys: Array<[string, string]> = [
        ['Tab', 'complete a method, path, ID or command'],
        ['→', 'accept the grey suggestion (at the end of the line)'],
        ['↑ ↓', 'walk the history'],
        ['Ctrl+A / Ctrl+E', 'start / end of line'],
        ['Ctrl+U / Ctrl+K', 'delete to start / end of line'],
        ['Ctrl+W, Alt+⌫', 'delete the previous word'],
        ['Ctrl+C', 'copy the selection, cancel the line or abort a request'],
        ['Ctrl+L', 'clear the screen'],
        ['Shift+Tab', 'leave the terminal (to the copy button)'],
      ];
      for (const [key, what] of keys) await ctx.line(`  ${key.padEnd(18)}${dim(what)}`);
    },
  };
}
