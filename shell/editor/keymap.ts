import { toOneLine, type EditAction } from './model.js';

/**
 * xterm `onData` strings → editor actions.
 *
 *   type KeyAction = EditAction                        (insert, backspace, delete, left, right,
 *                                                      wordLeft/Right, home, end, killToEnd,
 *                                                      killToStart, deleteWordBack/Forward)
 *                  | { type: 'insert'; text; paste: true }   a whole bracketed paste, one line
 *                  | { type: 'enter' | 'up' | 'down' | 'tab' | 'clear' | 'cancel' | 'escape'
 *                           | 'search' | 'abort' }
 *   class KeyDecoder { feed(data: string): KeyAction[]; reset(): void }
 *     Stateful: a chunk may hold several keys (`\x1b[D\x1b[D`, `ab\x7f`), and an escape
 *     sequence or a paste may be split across chunks — the unfinished tail is kept for the
 *     next feed. A lone ESC chunk is the Escape key.
 *   decodeKeys(data: string): KeyAction[]      one-shot, for a complete chunk
 *   isEditAction(a: KeyAction): a is EditAction   what model.applyEdit handles (pastes too)
 *   joinPastedLines(text: string): string         how a paste becomes one line
 *
 * Keys: printable runs → one insert; `\r` Enter (a bare `\n` is Ctrl+J, the panel hotkey,
 * and is ignored here so a missed intercept never submits); `\x7f`/`\b` Backspace;
 * `\x1b[3~`, Ctrl+D Delete; arrows `\x1b[A–D` and `\x1bOA–D`; Ctrl/Alt+←/→
 * (`\x1b[1;5D`, `\x1b[1;3D`, `\x1bb`, `\x1bf`) word moves; Home `\x1b[H` `\x1b[1~` `\x1b[7~`
 * `\x1bOH` / End `\x1b[F` `\x1b[4~` `\x1b[8~` `\x1bOF`; Ctrl+A/E/B/F/P/N/U/K/W/L/C;
 * Ctrl+R `search` (reverse history search) and Ctrl+G `abort` (leave it, as readline);
 * Alt+Backspace `\x1b\x7f`; Alt+D; Tab `\t`. Bracketed paste `\x1b[200~…\x1b[201~` is ONE
 * insertion whose line breaks become spaces (a pasted multi-line JSON body joins the line and
 * never submits). Unknown sequences and controls are swallowed, never inserted.
 */

export type KeyAction =
  | EditAction
  | { type: 'insert'; text: string; paste: true }
  | { type: 'enter' }
  | { type: 'up' }
  | { type: 'down' }
  | { type: 'tab' }
  | { type: 'clear' }
  | { type: 'cancel' }
  | { type: 'escape' }
  | { type: 'search' }
  | { type: 'abort' };

const PASTE_START = '\x1b[200~';
const PASTE_END = '\x1b[201~';

const CONTROL_KEYS: Record<string, KeyAction | null> = {
  '\r': { type: 'enter' },
  '\n': null,
  '\t': { type: 'tab' },
  '\x7f': { type: 'backspace' },
  '\b': { type: 'backspace' },
  '\x01': { type: 'home' },
  '\x02': { type: 'left' },
  '\x03': { type: 'cancel' },
  '\x07': { type: 'abort' },
  '\x04': { type: 'delete' },
  '\x05': { type: 'end' },
  '\x06': { type: 'right' },
  '\x0b': { type: 'killToEnd' },
  '\x0c': { type: 'clear' },
  '\x0e': { type: 'down' },
  '\x10': { type: 'up' },
  '\x12': { type: 'search' },
  '\x15': { type: 'killToStart' },
  '\x17': { type: 'deleteWordBack' },
};

const ALT_KEYS: Record<string, KeyAction> = {
  b: { type: 'wordLeft' },
  f: { type: 'wordRight' },
  d: { type: 'deleteWordForward' },
  '\x7f': { type: 'deleteWordBack' },
  '\b': { type: 'deleteWordBack' },
};

const ARROWS: Record<string, KeyAction> = {
  A: { type: 'up' },
  B: { type: 'down' },
  C: { type: 'right' },
  D: { type: 'left' },
  H: { type: 'home' },
  F: { type: 'end' },
};

const TILDE_KEYS: Record<string, KeyAction> = {
  '1': { type: 'home' },
  '7': { type: 'home' },
  '4': { type: 'end' },
  '8': { type: 'end' },
  '3': { type: 'delete' },
};

function csiAction(params: string, final: string): KeyAction | null {
  if (final === '~') return TILDE_KEYS[params.split(';')[0] ?? ''] ?? null;
  const action = ARROWS[final];
  if (!action) return null;
  // `1;3C` Alt+→, `1;5C` Ctrl+→ (word moves); `1;2C` Shift+→ is a plain move.
  const modifier = Number(params.split(';')[1] ?? '1') - 1;
  const altOrCtrl = (modifier & 2) !== 0 || (modifier & 4) !== 0;
  if (altOrCtrl && action.type === 'left') return { type: 'wordLeft' };
  if (altOrCtrl && action.type === 'right') return { type: 'wordRight' };
  return action;
}

// Printable: anything but C0, DEL and C1.
const PRINTABLE_RUN = /^[^\u0000-\u001f\u007f-\u009f]+/;
const CSI = /^\x1b\[([0-?]*)([ -/]*)([@-~])/;
const INCOMPLETE_CSI = /^\x1b\[[0-?]*[ -/]*$/;

const NON_EDIT = new Set(['enter', 'up', 'down', 'tab', 'clear', 'cancel', 'escape', 'search', 'abort']);

/** Editing actions, a paste included: hand them to model.applyEdit. */
export function isEditAction(action: KeyAction): action is EditAction {
  return !NON_EDIT.has(action.type);
}

/**
 * A paste as one line: line breaks and the indentation around them become one space, breaks at
 * the very start or end vanish (a copied line's trailing newline must not submit or leave a
 * space), tabs become spaces and other controls are dropped.
 */
export function joinPastedLines(text: string): string {
  return toOneLine(
    text
      .replace(/^\s*[\r\n]\s*/, '')
      .replace(/\s*[\r\n]\s*$/, '')
      .replace(/\s*[\r\n]\s*/g, ' '),
  );
}

export class KeyDecoder {
  private pending = '';
  private paste: string | null = null;

  reset(): void {
    this.pending = '';
    this.paste = null;
  }

  feed(data: string): KeyAction[] {
    const actions: KeyAction[] = [];
    let rest = this.pending + data;
    this.pending = '';
    while (rest.length > 0) {
      if (this.paste !== null) {
        const endAt = rest.indexOf(PASTE_END);
        if (endAt < 0) {
          // Keep a possible partial end marker for the next chunk.
          const keep = partialSuffix(rest, PASTE_END);
          this.paste += rest.slice(0, rest.length - keep);
          this.pending = rest.slice(rest.length - keep);
          return actions;
        }
        const text = joinPastedLines(this.paste + rest.slice(0, endAt));
        this.paste = null;
        if (text) actions.push({ type: 'insert', text, paste: true });
        rest = rest.slice(endAt + PASTE_END.length);
        continue;
      }
      const printable = PRINTABLE_RUN.exec(rest);
      if (printable) {
        const last = actions[actions.length - 1];
        if (last && last.type === 'insert' && !('paste' in last)) actions[actions.length - 1] = { type: 'insert', text: last.text + printable[0] };
        else actions.push({ type: 'insert', text: printable[0] });
        rest = rest.slice(printable[0].length);
        continue;
      }
      if (rest[0] !== '\x1b') {
        const action = CONTROL_KEYS[rest[0]!];
        if (action) actions.push(action);
        rest = rest.slice(1);
        continue;
      }
      if (rest.startsWith(PASTE_START)) {
        this.paste = '';
        rest = rest.slice(PASTE_START.length);
        continue;
      }
      if (rest === '\x1b') {
        actions.push({ type: 'escape' });
        rest = '';
        continue;
      }
      const csi = CSI.exec(rest);
      if (csi) {
        const action = csiAction(csi[1]!, csi[3]!);
        if (action) actions.push(action);
        rest = rest.slice(csi[0].length);
        continue;
      }
      if (INCOMPLETE_CSI.test(rest) || rest === '\x1bO') {
        this.pending = rest;
        return actions;
      }
      const second = rest[1]!;
      if (second === 'O' && rest.length >= 3) {
        const action = ARROWS[rest[2]!];
        if (action) actions.push(action);
        rest = rest.slice(3);
        continue;
      }
      const alt = ALT_KEYS[second];
      if (alt) actions.push(alt);
      else if (second === '\x1b') actions.push({ type: 'escape' });
      rest = rest.slice(second === '\x1b' ? 1 : 2);
    }
    return actions;
  }
}

/** Length of the longest suffix of `text` that is a proper prefix of `marker`. */
function partialSuffix(text: string, marker: string): number {
  for (let n = Math.min(marker.length - 1, text.length); n > 0; n -= 1) {
    if (text.endsWith(marker.slice(0, n))) return n;
  }
  return 0;
}

export function decodeKeys(data: string): KeyAction[] {
  return new KeyDecoder().feed(data);
}
