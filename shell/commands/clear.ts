import type { Command } from './context.js';

export const clearCommand: Command = {
  name: 'clear',
  summary: 'clear the screen and scrollback (also Ctrl+L)',
  usage: ['clear', 'Clears the screen and the scrollback. History is kept.'],
  async run(_args, ctx) {
    await ctx.clearScreen();
  },
};
