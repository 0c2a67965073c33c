import { sanitizeLine } from './sanitize.js';
import { stringWidth } from './width.js';

/**
 * Completion choices laid out in columns under the prompt, as readline lists them.
 *
 *   choiceRows(choices, columns): string[]
 *     Rows of choices, each padded to the widest (at most 40 cells) plus two spaces, as many per
 *     row as fit in `columns` (at least one); trailing blanks trimmed. Choices come from the spec
 *     and history, so they are sanitised.
 */
export function choiceRows(choices: readonly string[], columns: number): string[] {
  const width = Math.min(40, Math.max(...choices.map((c) => stringWidth(c))) + 2);
  const perRow = Math.max(1, Math.floor(columns / width));
  const rows: string[] = [];
  for (let i = 0; i < choices.length; i += perRow) {
    rows.push(
      choices
        .slice(i, i + perRow)
        .map((c) => sanitizeLine(c).padEnd(width))
        .join('')
        .trimEnd(),
    );
  }
  return rows;
}
