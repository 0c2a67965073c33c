import { applyEdit, lineOf, type EditAction, type EditorState } from './model.js';

/**
 * A selected range of the line: the `{param}` placeholder Tab jumped to, so typing replaces it
 * as in an editor's snippet. Pure, like model.ts.
 *
 *   interface Selection { start: number; end: number }     UTF-16, end exclusive
 *   selectRange(text, range): { state, selection }   the cursor on the range's start
 *   editSelection(state, selection, edit): EditorState
 *     The edit applied to a line whose `selection` is set; the selection always ends with it:
 *     - insert (typed or pasted) replaces the range;
 *     - Backspace / Delete remove the range;
 *     - ← / Home-like moves go to the range's start, → to its end (then nothing else moves);
 *     - any other edit (Ctrl+K, Ctrl+W, word moves, …) applies as usual from the cursor.
 */

export interface Selection {
  readonly start: number;
  readonly end: number;
}

export function selectRange(text: string, range: Selection): { state: EditorState; selection: Selection | null } {
  const start = Math.max(0, Math.min(range.start, text.length));
  const end = Math.max(start, Math.min(range.end, text.length));
  return { state: lineOf(text, start), selection: end > start ? { start, end } : null };
}

export function editSelection(state: EditorState, selection: Selection, edit: EditAction): EditorState {
  const { text } = state;
  const start = Math.max(0, Math.min(selection.start, text.length));
  const end = Math.max(start, Math.min(selection.end, text.length));
  const without = { text: text.slice(0, start) + text.slice(end), cursor: start };
  switch (edit.type) {
    case 'insert':
      return applyEdit(without, edit);
    case 'backspace':
    case 'delete':
      return without;
    case 'left':
      return { text, cursor: start };
    case 'right':
      return { text, cursor: end };
    default:
      return applyEdit(state, edit);
  }
}
