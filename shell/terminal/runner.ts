import type { IMarker, Terminal } from '@xterm/xterm';
import { colour, dim, palette } from '../render/ansi.js';
import { sanitizeLine } from '../render/sanitize.js';
import { stringWidth } from '../render/width.js';
import { isRequestLine } from '../request.js';
import type { HistoryStore } from '../history.js';
import { findCommand, suggestCommand } from '../commands/registry.js';
import { runRequest, type BlockMark, type RequestContext } from '../commands/request.js';
import type { SentRequest, ShellContext } from '../commands/context.js';
import type { Environment } from './settings.js';
import type { Output } from './output.js';
import type { CopyBlocks } from './copy-blocks.js';
import { PROMPT_TEXT } from './prompt.js';

/** At most this many sent requests are kept for `curl [n]`. */
const SENT_KEPT = 100;

export interface RunnerDeps {
  term: Terminal;
  output: Output;
  environment: Environment;
  blocks: CopyBlocks;
  history: () => HistoryStore;
  clearScreen(): Promise<void>;
  rememberIds(ids: readonly string[]): void;
}

/**
 * Runs one entered line: an HTTP request (commands/request.ts) or a built-in from the registry,
 * handing each the capabilities it needs. Keeps the sent requests for `curl`.
 */
export class CommandRunner {
  private readonly sent: SentRequest[] = [];
  private nextBlockId = 1;
  private readonly openBlocks = new Map<number, IMarker>();

  constructor(private readonly deps: RunnerDeps) {}

  async run(line: string, signal: AbortSignal): Promise<void> {
    const { output } = this.deps;
    await this.deps.environment.loaded;
    if (isRequestLine(line)) {
      await runRequest(line, this.requestContext(signal));
      return;
    }
    const [name = '', ...args] = line.split(/\s+/);
    const command = findCommand(name);
    if (!command) {
      const suggestion = suggestCommand(name);
      const hint = suggestion ? ` — did you mean ${suggestion}?` : ' — type help for the commands';
      await output.line(colour(palette.ui.error, `Unknown command: ${sanitizeLine(name)}`) + hint);
      return;
    }
    if (args.includes('--help') || args.includes('-h')) {
      const [synopsis, ...rest] = command.usage;
      await output.line(`${colour(palette.ui.id, 'usage:')} ${synopsis ?? command.name}`);
      for (const text of rest) await output.line(dim(text));
      return;
    }
    await command.run(args, this.context());
  }

  private context(): ShellContext {
    const { output, environment, term } = this.deps;
    return {
      get env() {
        return environment.current;
      },
      history: this.deps.history(),
      sent: this.sent,
      write: (text) => output.write(text),
      line: (text) => output.line(text),
      block: async (display, copyText) => {
        const mark = await this.beginBlock();
        await output.write(display.endsWith('\n') ? display : display + '\n');
        await this.endBlock(mark, () => copyText, '');
      },
      setEnv: (name, value) => environment.set(name, value),
      clearScreen: () => this.deps.clearScreen(),
      columns: () => term.cols,
    };
  }

  private requestContext(signal: AbortSignal): RequestContext {
    return Object.assign(this.context(), {
      signal,
      promptWidth: stringWidth(PROMPT_TEXT),
      beginBlock: () => this.beginBlock(),
      endBlock: (mark: BlockMark, copyText: () => string, requestPath: string) => this.endBlock(mark, copyText, requestPath),
      rememberIds: (text: string) => this.deps.rememberIds(this.deps.environment.ids(text).map((f) => f.id)),
      recordSent: (request: SentRequest) => {
        this.sent.push(request);
        if (this.sent.length > SENT_KEPT) this.sent.shift();
      },
    });
  }

  /** Marks the cursor's row as the first row of a copyable block. */
  private async beginBlock(): Promise<BlockMark> {
    const mark: BlockMark = { id: this.nextBlockId++ };
    await this.deps.output.after(() => this.openBlocks.set(mark.id, this.deps.term.registerMarker(0)));
    return mark;
  }

  /** Ends a block on the row above the cursor. */
  private async endBlock(mark: BlockMark, copyText: () => string, requestPath: string): Promise<void> {
    await this.deps.output.after(() => {
      const start = this.openBlocks.get(mark.id);
      this.openBlocks.delete(mark.id);
      if (!start || start.isDisposed) return;
      this.deps.blocks.add({ start, end: this.deps.term.registerMarker(-1), copyText, requestPath });
    });
  }
}
