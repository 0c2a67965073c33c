import type { IDisposable, IMarker, Terminal } from '@xterm/xterm';

/** One response on screen: its rows (by marker) and what copying it gives. */
export interface Block {
  start: IMarker;
  end: IMarker;
  /** The full body, even when the display was truncated (built on demand: bodies can be big). */
  copyText(): string;
  /** The request path that produced it (link targets fill route parameters from it). */
  requestPath: string;
}

const COPIED_FOR_MS = 1500;

/**
 * Response blocks and their copy button. One real <button> (rendered by the element, so it is in
 * the tab order: Shift+Tab from the terminal reaches it) is placed over the right edge of the
 * block under the mouse, or of the latest block when it gets keyboard focus; ↑/↓ on the focused
 * button move between blocks. A decoration per block would cover the text and block selection,
 * so the hovered block is found from the mouse row instead, as VS Code's decoration addon does.
 */
export class CopyBlocks implements IDisposable {
  private readonly blocks: Block[] = [];
  private current: Block | null = null;
  private readonly disposables: IDisposable[] = [];
  private resetLabel = 0;

  constructor(
    private readonly term: Terminal,
    private readonly button: HTMLButtonElement,
    private readonly copy: (text: string) => Promise<void>,
    private readonly announce: (message: string) => void,
  ) {
    const screen = term.element!;
    const onMove = (event: MouseEvent) => this.hover(this.blockAtY(event.clientY));
    const onLeave = (event: MouseEvent) => {
      if (event.relatedTarget !== button) this.hover(null);
    };
    screen.addEventListener('mousemove', onMove);
    screen.addEventListener('mouseleave', onLeave);
    const onButtonLeave = (event: MouseEvent) => {
      if (!screen.contains(event.relatedTarget as Node | null) && document.activeElement !== button) this.hover(null);
    };
    const onClick = () => void this.copyCurrent();
    // A mouse click must not take focus from the prompt: the user keeps typing after copying.
    const onMouseDown = (event: MouseEvent) => event.preventDefault();
    const onFocus = () => {
      if (!this.current) this.hover(this.blocks.at(-1) ?? null);
    };
    const onBlur = () => this.hover(null);
    const onKey = (event: KeyboardEvent) => this.step(event);
    button.addEventListener('mouseleave', onButtonLeave);
    button.addEventListener('click', onClick);
    button.addEventListener('mousedown', onMouseDown);
    button.addEventListener('focus', onFocus);
    button.addEventListener('blur', onBlur);
    button.addEventListener('keydown', onKey);
    this.disposables.push(
      term.onScroll(() => this.place()),
      term.onResize(() => this.place()),
      {
        dispose: () => {
          screen.removeEventListener('mousemove', onMove);
          screen.removeEventListener('mouseleave', onLeave);
          button.removeEventListener('mouseleave', onButtonLeave);
          button.removeEventListener('click', onClick);
          button.removeEventListener('mousedown', onMouseDown);
          button.removeEventListener('focus', onFocus);
          button.removeEventListener('blur', onBlur);
          button.removeEventListener('keydown', onKey);
        },
      },
    );
    this.updateEnabled();
  }

  /** Registers a block; it is forgotten when its rows leave the scrollback or the screen is cleared. */
  add(block: Block): void {
    this.blocks.push(block);
    const forget = () => {
      const index = this.blocks.indexOf(block);
      if (index >= 0) this.blocks.splice(index, 1);
      if (this.current === block) this.hover(null);
      this.updateEnabled();
    };
    block.start.onDispose(forget);
    block.end.onDispose(forget);
    this.updateEnabled();
  }

  /** The block whose rows include an absolute buffer line. */
  blockAtLine(line: number): Block | undefined {
    return this.blocks.find((b) => !b.start.isDisposed && b.start.line <= line && line <= b.end.line);
  }

  get all(): readonly Block[] {
    return this.blocks;
  }

  private cellHeight(): { top: number; height: number } | null {
    const screen = this.term.element?.querySelector('.xterm-screen');
    if (!screen) return null;
    const rect = screen.getBoundingClientRect();
    return rect.height > 0 ? { top: rect.top, height: rect.height / this.term.rows } : null;
  }

  private blockAtY(clientY: number): Block | null {
    const cells = this.cellHeight();
    if (!cells) return null;
    const row = Math.floor((clientY - cells.top) / cells.height);
    if (row < 0 || row >= this.term.rows) return null;
    return this.blockAtLine(this.term.buffer.active.viewportY + row) ?? null;
  }

  private hover(block: Block | null): void {
    if (block === this.current) return;
    this.current = block;
    this.place();
  }

  /** Puts the button on the current block's first visible row, or hides it. */
  private place(): void {
    const block = this.current;
    const cells = this.cellHeight();
    const viewportY = this.term.buffer.active.viewportY;
    const bottom = viewportY + this.term.rows - 1;
    if (!block || !cells || block.start.isDisposed || block.end.line < viewportY || block.start.line > bottom) {
      this.button.dataset.visible = 'false';
      return;
    }
    const row = Math.max(block.start.line, viewportY) - viewportY;
    const parent = this.button.offsetParent?.getBoundingClientRect().top ?? 0;
    this.button.style.top = `${cells.top - parent + row * cells.height}px`;
    this.button.dataset.visible = 'true';
  }

  private step(event: KeyboardEvent): void {
    const delta = event.key === 'ArrowUp' ? -1 : event.key === 'ArrowDown' ? 1 : 0;
    if (!delta || !this.blocks.length) return;
    event.preventDefault();
    const index = this.current ? this.blocks.indexOf(this.current) : this.blocks.length;
    const next = this.blocks[Math.min(this.blocks.length - 1, Math.max(0, index + delta))]!;
    const viewportY = this.term.buffer.active.viewportY;
    if (next.start.line < viewportY || next.start.line >= viewportY + this.term.rows) this.term.scrollToLine(next.start.line);
    this.current = next;
    this.place();
  }

  private async copyCurrent(): Promise<void> {
    const block = this.current ?? this.blocks.at(-1);
    if (!block) return;
    try {
      await this.copy(block.copyText());
      this.button.textContent = 'Copied';
      this.announce('Response copied to the clipboard');
    } catch {
      this.button.textContent = 'Copy failed';
      this.announce('Could not copy: the clipboard is not available');
    }
    clearTimeout(this.resetLabel);
    this.resetLabel = window.setTimeout(() => (this.button.textContent = 'Copy'), COPIED_FOR_MS);
  }

  private updateEnabled(): void {
    this.button.disabled = this.blocks.length === 0;
  }

  dispose(): void {
    clearTimeout(this.resetLabel);
    for (const d of this.disposables) d.dispose();
    this.disposables.length = 0;
  }
}
