import type { Terminal } from '@xterm/xterm';
import type { ShellSession } from './session.js';

/** A cell's content and attributes, as xterm stores them. */
export interface CellInfo {
  chars: string;
  /** 'default', 'palette' (ANSI 0–255, see `fg`) or 'rgb'. */
  fgMode: 'default' | 'palette' | 'rgb';
  /** Palette index (0–255) or 0xRRGGBB; 0 for default. */
  fg: number;
  bold: boolean;
  dim: boolean;
  underline: boolean;
  /** Inverse video: a selected `{param}`, a Ctrl+R match. */
  inverse: boolean;
}

/**
 * `el.testHooks`: read-only views of the terminal for browser tests, reading xterm's buffer (as
 * xterm's own Playwright tests do) rather than pixels.
 *
 *   bufferText()            every line (scrollback + screen), right-trimmed, joined with \n
 *   lines()                 the same as an array; index = absolute buffer line
 *   logicalLines()          rows joined where xterm wrapped them (what was written as one line)
 *   cell(line, column)      CellInfo at an absolute line and 0-based column, or null
 *   cellBox(line, column)   the cell's box in page (client) coordinates, when on screen
 *   input()                 the editor's text and cursor (UTF-16 index)
 *   cursor()                the terminal cursor: absolute line and column
 *   viewport()              {viewportY, baseY, rows, cols}
 *   ready()                 resolves when history and spec are loaded and the first prompt drawn
 *   idle()                  resolves when no command runs and every write has been parsed
 */
export interface DevShellTestHooks {
  bufferText(): string;
  lines(): string[];
  logicalLines(): string[];
  cell(line: number, column: number): CellInfo | null;
  cellBox(line: number, column: number): { x: number; y: number; width: number; height: number } | null;
  input(): { text: string; cursor: number };
  cursor(): { line: number; column: number };
  viewport(): { viewportY: number; baseY: number; rows: number; cols: number };
  ready(): Promise<void>;
  idle(): Promise<void>;
}

export function createTestHooks(term: Terminal, session: ShellSession): DevShellTestHooks {
  const lines = () => {
    const buffer = term.buffer.active;
    const out: string[] = [];
    for (let i = 0; i < buffer.length; i += 1) out.push(buffer.getLine(i)?.translateToString(true) ?? '');
    return out;
  };
  const logicalLines = () => {
    const buffer = term.buffer.active;
    const out: string[] = [];
    for (let i = 0; i < buffer.length; i += 1) {
      const line = buffer.getLine(i);
      if (!line) continue;
      if (line.isWrapped && out.length) out[out.length - 1] += line.translateToString(true);
      else out.push(line.translateToString(true));
    }
    return out;
  };
  return Object.freeze({
    lines,
    logicalLines,
    bufferText: () => lines().join('\n'),
    cell(line: number, column: number): CellInfo | null {
      const cell = term.buffer.active.getLine(line)?.getCell(column);
      if (!cell) return null;
      const fgMode = cell.isFgRGB() ? 'rgb' : cell.isFgPalette() ? 'palette' : 'default';
      return {
        chars: cell.getChars(),
        fgMode,
        fg: cell.getFgColor(),
        bold: cell.isBold() !== 0,
        dim: cell.isDim() !== 0,
        underline: cell.isUnderline() !== 0,
        inverse: cell.isInverse() !== 0,
      };
    },
    cellBox(line: number, column: number) {
      const screen = term.element?.querySelector('.xterm-screen');
      const row = line - term.buffer.active.viewportY;
      if (!screen || row < 0 || row >= term.rows) return null;
      const rect = screen.getBoundingClientRect();
      const width = rect.width / term.cols;
      const height = rect.height / term.rows;
      return { x: rect.left + column * width, y: rect.top + row * height, width, height };
    },
    input: () => session.inputState(),
    cursor: () => ({ line: term.buffer.active.baseY + term.buffer.active.cursorY, column: term.buffer.active.cursorX }),
    viewport: () => ({ viewportY: term.buffer.active.viewportY, baseY: term.buffer.active.baseY, rows: term.rows, cols: term.cols }),
    ready: () => session.ready,
    idle: () => session.idle(),
  });
}
