import { charWidth } from '../render/width.js';

/**
 * The line editor as a pure value: every operation takes a state and returns a new one.
 *
 *   interface EditorState { readonly text: string; readonly cursor: number }  (UTF-16 index)
 *   EMPTY_LINE: EditorState                               { text: '', cursor: 0 }
 *   lineOf(text, cursor = text.length): EditorState       clamped, snapped to a character start
 *   insert(s, text)        text made one line (line breaks → spaces, tabs → space, other
 *                          controls dropped) inserted at the cursor
 *   backspace(s) / deleteForward(s)       one character (a base with its combining marks,
 *                                         a surrogate pair) before / at the cursor
 *   left(s) / right(s)                    one character
 *   wordLeft(s) / wordRight(s)            to the start / end of a word (letters, digits, `_`),
 *                                         so `/invoices/inv_29` is crossed in steps
 *   home(s) / end(s)
 *   killToEnd(s)     Ctrl+K                killToStart(s)   Ctrl+U
 *   deleteWordBack(s) Ctrl+W / Alt+Backspace: back to the start of the previous word
 *   deleteWordForward(s) Alt+D
 *   applyEdit(s, edit: EditAction): EditorState   dispatch by name (keymap.ts's editing actions)
 *   atEnd(s): boolean
 */

export interface EditorState {
  readonly text: string;
  readonly cursor: number;
}

export type EditAction =
  | { type: 'insert'; text: string }
  | { type: 'backspace' }
  | { type: 'delete' }
  | { type: 'left' }
  | { type: 'right' }
  | { type: 'wordLeft' }
  | { type: 'wordRight' }
  | { type: 'home' }
  | { type: 'end' }
  | { type: 'killToEnd' }
  | { type: 'killToStart' }
  | { type: 'deleteWordBack' }
  | { type: 'deleteWordForward' };

export const EMPTY_LINE: EditorState = { text: '', cursor: 0 };

const WORD_CHAR = /[\p{L}\p{N}_]/u;

function codePointBefore(text: string, index: number): string {
  const low = text.charCodeAt(index - 1);
  if (index >= 2 && low >= 0xdc00 && low <= 0xdfff) {
    const high = text.charCodeAt(index - 2);
    if (high >= 0xd800 && high <= 0xdbff) return text.slice(index - 2, index);
  }
  return text.slice(index - 1, index);
}

const isMark = (ch: string) => charWidth(ch.codePointAt(0)!) === 0;

/** Index of the previous character start: back over marks, then over one base code point. */
function prevBoundary(text: string, index: number): number {
  let i = index;
  while (i > 0) {
    const ch = codePointBefore(text, i);
    i -= ch.length;
    if (!isMark(ch)) break;
  }
  return i;
}

/** Index after the character at `index` and the marks that join it. */
function nextBoundary(text: string, index: number): number {
  if (index >= text.length) return text.length;
  let i = index + String.fromCodePoint(text.codePointAt(index)!).length;
  while (i < text.length) {
    const ch = String.fromCodePoint(text.codePointAt(i)!);
    if (!isMark(ch)) break;
    i += ch.length;
  }
  return i;
}

function isWordAt(text: string, index: number): boolean {
  return WORD_CHAR.test(String.fromCodePoint(text.codePointAt(index)!));
}

function wordStartBefore(text: string, index: number): number {
  let i = index;
  while (i > 0 && !isWordAt(text, prevBoundary(text, i))) i = prevBoundary(text, i);
  while (i > 0 && isWordAt(text, prevBoundary(text, i))) i = prevBoundary(text, i);
  return i;
}

function wordEndAfter(text: string, index: number): number {
  let i = index;
  while (i < text.length && !isWordAt(text, i)) i = nextBoundary(text, i);
  while (i < text.length && isWordAt(text, i)) i = nextBoundary(text, i);
  return i;
}

/** Makes arbitrary text (a paste, a history entry) safe to hold in a one-line editor. */
export function toOneLine(text: string): string {
  return text
    .replace(/\r\n|\r|\n|\t/g, ' ')
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, '');
}

export function lineOf(text: string, cursor = text.length): EditorState {
  const clean = toOneLine(text);
  const at = Math.max(0, Math.min(Math.floor(cursor), clean.length));
  return { text: clean, cursor: snap(clean, at) };
}

/** The start of the character holding `index`: never inside a surrogate pair or before a mark. */
function snap(text: string, index: number): number {
  let i = 0;
  while (i < text.length) {
    const next = nextBoundary(text, i);
    if (next > index) return i;
    i = next;
  }
  return text.length;
}

export function atEnd(s: EditorState): boolean {
  return s.cursor >= s.text.length;
}

export function insert(s: EditorState, text: string): EditorState {
  const clean = toOneLine(text);
  if (!clean) return s;
  return { text: s.text.slice(0, s.cursor) + clean + s.text.slice(s.cursor), cursor: s.cursor + clean.length };
}

const cut = (s: EditorState, from: number, to: number): EditorState =>
  from === to ? s : { text: s.text.slice(0, from) + s.text.slice(to), cursor: from };

const moveTo = (s: EditorState, cursor: number): EditorState => (cursor === s.cursor ? s : { text: s.text, cursor });

export const backspace = (s: EditorState) => cut(s, prevBoundary(s.text, s.cursor), s.cursor);
export const deleteForward = (s: EditorState) => cut(s, s.cursor, nextBoundary(s.text, s.cursor));
export const left = (s: EditorState) => moveTo(s, prevBoundary(s.text, s.cursor));
export const right = (s: EditorState) => moveTo(s, nextBoundary(s.text, s.cursor));
export const wordLeft = (s: EditorState) => moveTo(s, wordStartBefore(s.text, s.cursor));
export const wordRight = (s: EditorState) => moveTo(s, wordEndAfter(s.text, s.cursor));
export const home = (s: EditorState) => moveTo(s, 0);
export const end = (s: EditorState) => moveTo(s, s.text.length);
export const killToEnd = (s: EditorState) => cut(s, s.cursor, s.text.length);
export const killToStart = (s: EditorState) => cut(s, 0, s.cursor);
export const deleteWordBack = (s: EditorState) => cut(s, wordStartBefore(s.text, s.cursor), s.cursor);
export const deleteWordForward = (s: EditorState) => cut(s, s.cursor, wordEndAfter(s.text, s.cursor));

export function applyEdit(s: EditorState, edit: EditAction): EditorState {
  switch (edit.type) {
    case 'insert':
      return insert(s, edit.text);
    case 'backspace':
      return backspace(s);
    case 'delete':
      return deleteForward(s);
    case 'left':
      return left(s);
    case 'right':
      return right(s);
    case 'wordLeft':
      return wordLeft(s);
    case 'wordRight':
      return wordRight(s);
    case 'home':
      return home(s);
    case 'end':
      return end(s);
    case 'killToEnd':
      return killToEnd(s);
    case 'killToStart':
      return killToStart(s);
    case 'deleteWordBack':
      return deleteWordBack(s);
    case 'deleteWordForward':
      return deleteWordForward(s);
  }
}
