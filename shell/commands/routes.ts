import { colour, dim, palette } from '../render/ansi.js';
import { sanitizeLine } from '../render/sanitize.js';
import type { Command } from './context.js';

export const routesCommand: Command = {
  name: 'routes',
  summary: 'list the API’s operations (routes [filter])',
  usage: [
    'routes [filter]',
    'Lists every operation in the OpenAPI document: method, path (relative to the server),',
    'required scope and summary. A filter keeps the lines that contain it (any case).',
  ],
  async run(args, ctx) {
    const { spec, specStatus } = ctx.env;
    if (spec.routes.length === 0) {
      await ctx.line(colour(palette.ui.warning, `No routes: the API document is not loaded (${sanitizeLine(specStatus)}).`));
      return;
    }
    const filter = args.join(' ').toLowerCase();
    const matches = spec.routes.filter((r) =>
      !filter ? true : `${r.method} ${r.path} ${r.summary} ${r.scope ?? ''}`.toLowerCase().includes(filter),
    );
    if (matches.length === 0) {
      await ctx.line(dim(`No routes match "${sanitizeLine(filter)}".`));
      return;
    }
    const pathWidth = Math.min(48, Math.max(...matches.map((r) => r.path.length)));
    const scopeWidth = Math.min(28, Math.max(...matches.map((r) => (r.scope ?? '').length)));
    const lines = matches.map((r) => {
      const method = colour(palette.methods[r.method], r.method.padEnd(6));
      const path = sanitizeLine(r.path).padEnd(pathWidth);
      const scope = colour(palette.ui.scope, sanitizeLine(r.scope ?? '').padEnd(scopeWidth));
      return `${method} ${path}  ${scope}  ${sanitizeLine(r.summary)}`;
    });
    await ctx.write(lines.join('\n') + '\n');
    await ctx.line(dim(`${matches.length} of ${spec.routes.length} routes`));
  },
};
