import type { KeyAction } from '../editor/keymap.js';
import { colour, dim, palette } from '../render/ansi.js';
import { sanitizeLine } from '../render/sanitize.js';
import { stringWidth } from '../render/width.js';
import { reverseSearch, type SearchLine, type SearchState } from '../power/reverse-search.js';
import type { PromptView } from './prompt.js';

/** What a key did to a running search: it goes on, or it ended with a line (and maybe a key to apply next). */
export type SearchOutcome = { kind: 'continue' } | { kind: 'done'; line: SearchLine; then: 'run' | KeyAction | null };

/**
 * Ctrl+R as the session sees it: keys in, power/reverse-search.ts's state machine advanced, an
 * outcome out. As in bash: typing searches, Ctrl+R finds an older match, Backspace undoes a
 * character, Enter runs the line found, Esc / Ctrl+G / Ctrl+C give up (the line typed before
 * comes back — a deliberate change from bash's Esc, which keeps the match: for a page, Esc
 * means cancel), and any other key keeps the line found and then acts on it (→ edits it).
 */
export class ReverseSearchMode {
  private state: SearchState | null = null;
  private lastQuery = '';

  get active(): boolean {
    return this.state !== null;
  }

  start(history: readonly string[], line: SearchLine): void {
    this.state = reverseSearch.start(history, line, this.lastQuery);
  }

  /** Draws the search in the prompt's place: `(reverse-i-search)'inv': GET /invoices`, the match highlighted. */
  draw(prompt: PromptView): void {
    if (!this.state) return;
    const view = reverseSearch.view(this.state);
    const label = sanitizeLine(view.prompt);
    void prompt.render({
      text: view.text,
      cursor: view.cursor,
      ghost: null,
      highlight: view.highlight,
      prompt: { text: view.failed ? colour(palette.ui.warning, label) : dim(label), width: stringWidth(label) },
    });
  }

  key(action: KeyAction): SearchOutcome {
    const state = this.state;
    if (!state) return { kind: 'continue' };
    switch (action.type) {
      case 'insert':
        this.state = reverseSearch.type(state, action.text);
        return { kind: 'continue' };
      case 'backspace':
        this.state = reverseSearch.backspace(state);
        return { kind: 'continue' };
      case 'search':
        this.state = reverseSearch.again(state);
        return { kind: 'continue' };
      case 'enter':
        return this.end(reverseSearch.accept(state), 'run');
      case 'abort':
      case 'escape':
      case 'cancel':
        return this.end(reverseSearch.cancel(state), null);
      default:
        return this.end(reverseSearch.accept(state), action);
    }
  }

  private end(line: SearchLine, then: 'run' | KeyAction | null): SearchOutcome {
    if (this.state?.query) this.lastQuery = this.state.query;
    this.state = null;
    return { kind: 'done', line, then };
  }
}
