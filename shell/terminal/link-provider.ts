import type { IBufferLine, IBufferRange, IDisposable, ILink, ILinkProvider, Terminal } from '@xterm/xterm';
import type { GhostRange } from './prompt.js';

/** An ID found in text: UTF-16 offsets, end exclusive (ids.ts's FoundId fits). */
export interface TextMatch {
  id: string;
  prefix: string;
  start: number;
  end: number;
}

export interface IdLinkOptions {
  /** Finds the prefixed IDs in a logical line's text. */
  find(text: string): TextMatch[];
  /**
   * The command a click puts on the prompt (`GET /contacts/cont_1`), or null when the ID is not
   * a link here. `line` is the ID's first buffer line (0-based), for context such as the block.
   */
  target(match: TextMatch, line: number): string | null;
  /** The ghost text on screen, which is not output and never a link. */
  ghost(): GhostRange | null;
  /** A click; the event says which modifier keys were held. */
  activate(command: string, match: TextMatch, event: MouseEvent): void;
  /** The mouse is on the link (`range`: 1-based cells, end inclusive) … */
  hover?(command: string, match: TextMatch, range: IBufferRange): void;
  /** … and has left it. */
  leave?(): void;
}

/** One logical (possibly wrapped) line: its text and, per UTF-16 unit, the cell it sits in. */
interface LogicalLine {
  text: string;
  /** cells[i] = [0-based buffer line, 0-based column] of text[i]. */
  cells: Array<[number, number]>;
}

function readLogicalLine(term: Terminal, line: number): LogicalLine {
  const buffer = term.buffer.active;
  let first = line;
  while (first > 0 && buffer.getLine(first)?.isWrapped) first -= 1;
  const text: string[] = [];
  const cells: Array<[number, number]> = [];
  for (let y = first; ; y += 1) {
    const row: IBufferLine | undefined = buffer.getLine(y);
    if (!row || (y > first && !row.isWrapped)) break;
    for (let x = 0; x < row.length; x += 1) {
      const cell = row.getCell(x);
      if (!cell || cell.getWidth() === 0) continue;
      const chars = cell.getChars() || ' ';
      text.push(chars);
      for (let i = 0; i < chars.length; i += 1) cells.push([y, x]);
    }
  }
  // Trailing blanks of the last row are padding, not text.
  let joined = text.join('');
  const trimmed = joined.trimEnd();
  cells.length = trimmed.length;
  joined = trimmed;
  return { text: joined, cells };
}

/**
 * Makes every prefixed ID in the terminal a link; a click puts `GET <collection>/<id>` on the
 * prompt (the session decides; a modifier-click inserts the ID), hovering reports the link (for
 * the preview tooltip). IDs that wrap across rows are found by reading the whole wrapped line, as
 * addon-web-links does. One job, one disposable.
 */
export function registerIdLinks(term: Terminal, options: IdLinkOptions): IDisposable {
  const provider: ILinkProvider = {
    provideLinks(bufferLineNumber, callback) {
      const y = bufferLineNumber - 1;
      const logical = readLogicalLine(term, y);
      const ghost = options.ghost();
      const links: ILink[] = [];
      for (const match of options.find(logical.text)) {
        const start = logical.cells[match.start];
        const end = logical.cells[match.end - 1];
        if (!start || !end || start[0] > y || end[0] < y) continue;
        if (ghost && end[0] === ghost.line && end[1] >= ghost.start) continue;
        if (ghost && start[0] === ghost.line && start[1] >= ghost.start) continue;
        const command = options.target(match, start[0]);
        if (!command) continue;
        const range: IBufferRange = { start: { x: start[1] + 1, y: start[0] + 1 }, end: { x: end[1] + 1, y: end[0] + 1 } };
        links.push({
          text: match.id,
          range,
          decorations: { pointerCursor: true, underline: true },
          activate: (event) => options.activate(command, match, event),
          hover: () => options.hover?.(command, match, range),
          leave: () => options.leave?.(),
        });
      }
      callback(links.length ? links : undefined);
    },
  };
  return term.registerLinkProvider(provider);
}
