import type { IMarker, Terminal } from '@xterm/xterm';
import { colour, dim, palette } from '../render/ansi.js';
import { sanitizeLine } from '../render/sanitize.js';
import { stringWidth } from '../render/width.js';
import { isRequestLine } from '../request.js';
import type { HistoryStore } from '../history.js';
import { compileFilter, splitPipeline } from '../power/filter.js';
import { maskText } from '../power/mask.js';
import { paginationStyle } from '../power/pagination.js';
import { ResponseStore, resolveReferences, type ReferenceStore } from '../power/references.js';
import { findCommand, suggestCommand } from '../commands/registry.js';
import { maskOptionsFor } from '../commands/credentials.js';
import { printLocalError, runRequest, type BlockMark, type ReceivedResponse, type RequestContext } from '../commands/request.js';
import type { LastList, SentRequest, ShellContext } from '../commands/context.js';
import type { Environment } from './settings.js';
import type { Output } from './output.js';
import type { CopyBlocks } from './copy-blocks.js';
import { PROMPT_TEXT } from './prompt.js';

/** At most this many sent requests are kept for `curl [n]`. */
const SENT_KEPT = 100;
/** `→ ` before a line the shell sends for the user: as wide as the prompt, so carets line up. */
const ECHO = '→ ';

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
 * Runs one entered line: `$references` resolved and a `| filter` split off first (power/), then
 * an HTTP request (commands/request.ts) or a built-in from the registry, each handed the
 * capabilities it needs. Keeps the sent requests for `curl`, the responses for `$last` / `$n`,
 * and the last list response for `next` / `prev`.
 */
export class CommandRunner {
  private readonly sent: SentRequest[] = [];
  private readonly store = new ResponseStore();
  private last: LastList | null = null;
  private nextBlockId = 1;
  private readonly openBlocks = new Map<number, IMarker>();

  /** Where a local error (a bad reference or filter) is printed, its caret under the prompt row. */
  private readonly localErrors;

  constructor(private readonly deps: RunnerDeps) {
    this.localErrors = { line: (text?: string) => deps.output.line(text), columns: () => deps.term.cols, promptWidth: stringWidth(PROMPT_TEXT) };
  }

  /** This session's responses, for reference completion. */
  get responses(): ReferenceStore {
    return this.store;
  }

  async run(line: string, signal: AbortSignal): Promise<void> {
    const { output } = this.deps;
    await this.deps.environment.loaded;
    const local = this.localErrors;
    const { command, filter, filterOffset } = splitPipeline(line);
    const resolved = resolveReferences(command, this.store);
    if (!resolved.ok) {
      await printLocalError(local, line, resolved.error.message, resolved.error.offset, resolved.error.length);
      return;
    }
    if (isRequestLine(resolved.line)) {
      await this.request(resolved.line, filter, signal, { echo: resolved.count > 0, typed: line, filterOffset });
      return;
    }
    if (filter !== null) {
      await printLocalError(local, line, 'A | filter applies to requests only, e.g. GET /invoices | .data[].id', filterOffset - 1);
      return;
    }
    const [name = '', ...args] = resolved.line.split(/\s+/);
    const found = findCommand(name);
    if (!found) {
      const suggestion = suggestCommand(name);
      const hint = suggestion ? ` — did you mean ${suggestion}?` : ' — type help for the commands';
      await output.line(colour(palette.ui.error, `Unknown command: ${sanitizeLine(name)}`) + hint);
      return;
    }
    if (args.includes('--help') || args.includes('-h')) {
      const [synopsis, ...rest] = found.usage;
      await output.line(`${colour(palette.ui.id, 'usage:')} ${synopsis ?? found.name}`);
      for (const text of rest) await output.line(dim(text));
      return;
    }
    await found.run(args, this.context(signal));
  }

  /**
   * Sends a request line whose references are resolved. A filter is compiled first, so a bad
   * one sends nothing; `echo` shows the line as sent (`→ GET /invoices/inv_3`, secrets masked).
   */
  private async request(
    line: string,
    filter: string | null,
    signal: AbortSignal,
    where: { echo: boolean; typed: string; filterOffset: number },
  ): Promise<void> {
    const { output } = this.deps;
    let compiled = null;
    if (filter !== null) {
      const result = compileFilter(filter, where.filterOffset);
      if (!result.ok) {
        await printLocalError(this.localErrors, where.typed, result.error.message, result.error.offset);
        return;
      }
      compiled = { text: filter, compiled: result.filter };
    }
    if (where.echo) {
      const shown = maskText(line + (filter !== null ? ` |${filter}` : ''), maskOptionsFor(this.deps.environment.current));
      await output.line(dim(ECHO + sanitizeLine(shown)));
    }
    await runRequest(line, this.requestContext(signal), { filter: compiled });
  }

  private context(signal: AbortSignal): ShellContext {
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
      lastList: () => this.last,
      request: (line, filter) => this.request(line, filter, signal, { echo: true, typed: line, filterOffset: line.length + 2 }),
    };
  }

  private requestContext(signal: AbortSignal): RequestContext {
    return Object.assign(this.context(signal), {
      signal,
      promptWidth: stringWidth(PROMPT_TEXT),
      beginBlock: () => this.beginBlock(),
      endBlock: (mark: BlockMark, copyText: () => string, requestPath: string) => this.endBlock(mark, copyText, requestPath),
      rememberIds: (text: string) => this.deps.rememberIds(this.deps.environment.ids(text).map((f) => f.id)),
      recordSent: (request: SentRequest) => {
        this.sent.push(request);
        if (this.sent.length > SENT_KEPT) this.sent.shift();
      },
      recordResponse: (response: ReceivedResponse) => this.recordResponse(response),
    });
  }

  /** Keeps the body for references; a GET that is a page of a list becomes the one next / prev follow. */
  private recordResponse(response: ReceivedResponse): number {
    const n = this.store.record(response.body, response.contentType);
    const stored = this.store.body(n);
    const exchange = {
      method: response.method,
      path: response.path,
      url: response.url,
      status: response.status,
      body: stored?.kind === 'json' ? stored.value : undefined,
      linkHeader: response.linkHeader,
    };
    if (response.method === 'GET' && paginationStyle(exchange) !== null) this.last = { exchange, filter: response.filter };
    return n;
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
