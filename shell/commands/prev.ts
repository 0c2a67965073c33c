import type { Command } from './context.js';
import { runAdjacentPage } from './next.js';

export const prevCommand: Command = {
  name: 'prev',
  summary: 'the previous page of the last list request',
  usage: ['prev', 'The previous page of the last list request, same | filter (meta.page, else a Link header).'],
  run: (_args, ctx) => runAdjacentPage('prev', ctx),
};
