import { colour, dim, methodColour } from './ansi.js';
import { stripControls } from './sanitize.js';
import { charWidth, fitToWidth } from './width.js';

export { charWidth, stringWidth, fitToWidth } from './width.js';

/**
 * The input line: its colours and the maths of a wrapped input. Pure; the element writes the
 * strings and keeps the anchor.
 *
 *   colourInput(text: string): string
 *     The first word in its method colour when it is exactly GET/POST/PUT/PATCH/DELETE (any
 *     case: `GE` while typing and `GETX` stay plain), the rest unchanged. Same visible width.
 *
 *   layoutInput({promptWidth, text, cursor, columns}): InputLayout
 *     Where prompt+text lands on a terminal `columns` wide, counting cells as xterm does
 *     (Unicode 6 widths; a wide char that does not fit in the last column moves to the next
 *     row). Rows/cols are 0-based from the prompt's first cell. `cursor` is a UTF-16 index.
 *     → { rows, cursorRow, cursorCol, endRow, endCol, endsAtEdge }
 *       rows       visual rows used, including the empty row after an input that ends exactly
 *                  at the right edge (pending wrap)
 *       end*       where the terminal cursor is once the text (and the wrap nudge) is written
 *       endsAtEdge the text ends exactly at the right edge: xterm is in pending-wrap state, so
 *                  write WRAP_NUDGE (`\r\n`) to really move to the next row, as readline does
 *
 *   cursorMoves(layout): string
 *     The escape sequence from the end position (after the nudge) to the cursor: CUU rows up,
 *     then CHA to the column (absolute, so it is right even from a pending-wrap state).
 *
 *   colourInputWithHighlight(text, highlight: {start, end} | null): string
 *     colourInput, plus text[start, end) in inverse video: a selected `{param}` placeholder
 *     (Tab jumps to it; typing replaces it) or the match of a Ctrl+R search.
 *
 *   renderInputFrame({prompt, promptWidth, text, cursor, columns, ghost?, fromRow?, highlight?}): InputFrame
 *     The whole repaint as one string, for `term.write`: synchronized output on, cursor hidden,
 *     `fromRow` rows up (the cursor's row in the previous frame, default 0) to the anchor, `\r`
 *     and erase below, prompt + coloured text (+ nudge), the dim ghost (only with the cursor at
 *     the end; cut to the room left on its row so it never wraps), the cursor moved into place,
 *     cursor shown, synchronized output off.
 *     → { output: string, layout: InputLayout, ghostShown: string }
 *     Keep `layout.cursorRow` as the next frame's `fromRow`. After a resize xterm does not
 *     reflow the cursor's rows: recompute `fromRow` from the anchor marker instead
 *     (`marker.line - buffer.active.baseY` vs `buffer.active.cursorY`).
 *
 * `text` must hold no control characters (the editor guarantees it); the ghost is stripped of
 * them here because it comes from history and the spec.
 */

export interface InputLayout {
  rows: number;
  cursorRow: number;
  cursorCol: number;
  endRow: number;
  endCol: number;
  endsAtEdge: boolean;
}

export interface LayoutInput {
  promptWidth: number;
  text: string;
  cursor: number;
  columns: number;
}

export interface FrameInput extends LayoutInput {
  /** The prompt as written (may carry SGR); `promptWidth` is its visible width. */
  prompt: string;
  /** Suggested continuation drawn dim after the text when the cursor is at the end. */
  ghost?: string | null;
  /** Rows between the previous frame's anchor and the terminal cursor now (default 0). */
  fromRow?: number;
  /** A range of `text` (UTF-16, end exclusive) drawn in inverse video. */
  highlight?: { start: number; end: number } | null;
}

export interface InputFrame {
  output: string;
  layout: InputLayout;
  /** The part of the ghost that was drawn (may be cut, or '' when there was no room). */
  ghostShown: string;
}

export const WRAP_NUDGE = '\r\n';
const CSI = '\x1b[';

export function colourInput(text: string): string {
  const match = /^(\s*)(\S+)/.exec(text);
  if (!match) return text;
  const [whole, lead, word] = match as unknown as [string, string, string];
  const c = methodColour(word);
  return c ? lead + colour(c, word) + text.slice(whole.length) : text;
}

const INVERSE_ON = `${CSI}7m`;
const INVERSE_OFF = `${CSI}27m`;

export function colourInputWithHighlight(text: string, highlight: { start: number; end: number } | null | undefined): string {
  const start = Math.max(0, Math.min(highlight?.start ?? 0, text.length));
  const end = Math.max(start, Math.min(highlight?.end ?? 0, text.length));
  if (start === end) return colourInput(text);
  const marked = INVERSE_ON + text.slice(start, end) + INVERSE_OFF + text.slice(end);
  // After the method word its colour is kept; a highlight that touches the word replaces it.
  const wordEnd = /^\s*\S*/.exec(text)![0].length;
  return (start >= wordEnd ? colourInput(text.slice(0, start)) : text.slice(0, start)) + marked;
}

export function layoutInput({ promptWidth, text, cursor, columns }: LayoutInput): InputLayout {
  // xterm refuses fewer than 2 columns; guarding here keeps a wide char from looping.
  const cols = Math.max(2, Math.floor(columns));
  let row = 0;
  let col = 0;
  // The prompt is treated as narrow cells: it is ours and ASCII.
  if (promptWidth > 0) {
    row = Math.floor((promptWidth - 1) / cols);
    col = ((promptWidth - 1) % cols) + 1;
  }
  const at = Math.max(0, Math.min(cursor, text.length));
  let cursorRow = -1;
  let cursorCol = 0;
  let index = 0;
  for (const ch of text) {
    const w = charWidth(ch.codePointAt(0)!);
    if (w > 0 && col + w > cols) {
      row += 1;
      col = 0;
    }
    if (index === at && cursorRow < 0) [cursorRow, cursorCol] = col === cols ? [row + 1, 0] : [row, col];
    col += w;
    index += ch.length;
    // A cursor inside a surrogate pair belongs to the character it splits.
    if (cursorRow < 0 && index > at) [cursorRow, cursorCol] = [row, col - w];
  }
  const endsAtEdge = col === cols;
  const endRow = endsAtEdge ? row + 1 : row;
  const endCol = endsAtEdge ? 0 : col;
  if (cursorRow < 0) [cursorRow, cursorCol] = [endRow, endCol];
  return { rows: endRow + 1, cursorRow, cursorCol, endRow, endCol, endsAtEdge };
}

export function cursorMoves(layout: Pick<InputLayout, 'endRow' | 'cursorRow' | 'cursorCol'>, fromCol?: number): string {
  const up = layout.endRow - layout.cursorRow;
  let out = up > 0 ? `${CSI}${up}A` : up < 0 ? `${CSI}${-up}B` : '';
  if (fromCol === undefined || fromCol !== layout.cursorCol || up !== 0) out += `${CSI}${layout.cursorCol + 1}G`;
  return out;
}

export function renderInputFrame(input: FrameInput): InputFrame {
  const layout = layoutInput(input);
  const cols = Math.max(2, Math.floor(input.columns));
  const fromRow = Math.max(0, input.fromRow ?? 0);
  let out = `${CSI}?2026h${CSI}?25l`;
  if (fromRow > 0) out += `${CSI}${fromRow}A`;
  out += `\r${CSI}J${input.prompt}${colourInputWithHighlight(input.text, input.highlight)}`;
  if (layout.endsAtEdge) out += WRAP_NUDGE;
  let ghostShown = '';
  const atEnd = input.cursor >= input.text.length;
  if (atEnd && input.ghost) {
    ghostShown = fitToWidth(stripControls(input.ghost), cols - layout.endCol);
    if (ghostShown) out += dim(ghostShown);
  }
  out += ghostShown ? cursorMoves(layout) : cursorMoves(layout, layout.endCol);
  out += `${CSI}?25h${CSI}?2026l`;
  return { output: out, layout, ghostShown };
}
