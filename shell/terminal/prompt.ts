import type { IMarker, Terminal } from '@xterm/xterm';
import { colour, palette } from '../render/ansi.js';
import { renderInputFrame, stringWidth } from '../render/input-line.js';
import type { Output } from './output.js';

export const PROMPT_TEXT = '❯ ';

/** What the prompt shows: the editor's text and cursor and the ghost suggestion. */
export interface PromptState {
  text: string;
  cursor: number;
  ghost: string | null;
  /** A range of text in inverse video (a selected `{param}`, a search match). */
  highlight?: { start: number; end: number } | null;
  /** Another prompt than `❯ ` (a Ctrl+R search's), as written and its visible width. */
  prompt?: { text: string; width: number };
}

/** Where the ghost text sits in the buffer (absolute line, 0-based columns, end exclusive). */
export interface GhostRange {
  line: number;
  start: number;
  end: number;
}

/**
 * The prompt and input region. Every edit repaints the whole region from an anchor marker (its
 * first row) in one synchronized-output write, so nothing flickers and a wrapped input is always
 * right; the anchor survives scrolling and reflow, so a resize repaints too.
 */
export class PromptView {
  private anchor: IMarker | undefined;
  private state: PromptState = { text: '', cursor: 0, ghost: null };
  private ghost: GhostRange | null = null;
  private active = false;
  private readonly prompt = colour(palette.ui.prompt, PROMPT_TEXT);
  private readonly promptWidth = stringWidth(PROMPT_TEXT);

  constructor(
    private readonly term: Terminal,
    private readonly output: Output,
  ) {}

  /** True between begin() and finish(): the input region is on screen and editable. */
  get isActive(): boolean {
    return this.active;
  }

  get ghostRange(): GhostRange | null {
    return this.active ? this.ghost : null;
  }

  /** The absolute buffer line of the prompt's first row, if a prompt is on screen. */
  get anchorLine(): number | null {
    return this.active && this.anchor && !this.anchor.isDisposed ? this.anchor.line : null;
  }

  /** Starts a prompt on a fresh row below whatever was written last. */
  begin(state: PromptState): Promise<void> {
    this.output.write(() => (this.term.buffer.active.cursorX > 0 ? '\r\n' : ''));
    this.output.after(() => {
      this.anchor?.dispose();
      this.anchor = this.term.registerMarker(0);
      this.active = true;
    });
    return this.render(state);
  }

  /** Repaints the region for a new state (or the current one, e.g. after a resize). */
  render(state: PromptState = this.state): Promise<void> {
    this.state = state;
    return this.output.write(() => {
      if (!this.active) return '';
      const buffer = this.term.buffer.active;
      if (!this.anchor || this.anchor.isDisposed) this.anchor = this.term.registerMarker(0);
      const cursorLine = buffer.baseY + buffer.cursorY;
      const frame = renderInputFrame({
        prompt: this.state.prompt?.text ?? this.prompt,
        promptWidth: this.state.prompt?.width ?? this.promptWidth,
        text: this.state.text,
        cursor: this.state.cursor,
        columns: this.term.cols,
        ghost: this.state.ghost,
        fromRow: Math.max(0, cursorLine - this.anchor.line),
        highlight: this.state.highlight ?? null,
      });
      this.ghost = frame.ghostShown
        ? {
            line: this.anchor.line + frame.layout.endRow,
            start: frame.layout.endCol,
            end: frame.layout.endCol + stringWidth(frame.ghostShown),
          }
        : null;
      return frame.output;
    });
  }

  /**
   * Ends the prompt: repaints without ghost with the cursor at the end, then moves to a new row.
   * `suffix` is written on the input's last row first (e.g. `^C`); `shown` replaces the text
   * left on screen (the line with its secrets masked).
   */
  async finish(suffix = '', shown = this.state.text): Promise<void> {
    if (!this.active) return;
    await this.render({ text: shown, cursor: shown.length, ghost: null });
    this.active = false;
    this.ghost = null;
    await this.output.write(suffix + '\r\n');
  }

  /** Clears screen and scrollback, keeping nothing but a fresh prompt at the top. */
  async clearScreen(): Promise<void> {
    const wasActive = this.active;
    this.active = false;
    await this.output.write('\x1b[H\x1b[2J');
    await this.output.after(() => this.term.clear());
    this.anchor?.dispose();
    this.anchor = undefined;
    if (wasActive) await this.begin(this.state);
  }

  dispose(): void {
    this.anchor?.dispose();
  }
}
