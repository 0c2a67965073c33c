import type { IDisposable, Terminal } from '@xterm/xterm';
import { colour, dim, palette } from '../render/ansi.js';
import { sanitizeLine } from '../render/sanitize.js';
import { choiceRows } from '../render/choices.js';
import { EMPTY_LINE, applyEdit, atEnd, insert, lineOf, type EditorState } from '../editor/model.js';
import { editSelection, type Selection } from '../editor/selection.js';
import { KeyDecoder, isEditAction, type KeyAction } from '../editor/keymap.js';
import { keysForPaletteAction } from '../editor/palette-keys.js';
import { START_NAV, historyDown, historyUp, type HistoryNav } from '../editor/history-nav.js';
import { openHistory, type HistoryStore } from '../history.js';
import { maskText } from '../power/mask.js';
import type { PaletteAction } from '../power/palette.js';
import { maskOptionsFor } from '../commands/credentials.js';
import { Environment, type ElementSettings } from './settings.js';
import { Output } from './output.js';
import { PromptView } from './prompt.js';
import { CopyBlocks } from './copy-blocks.js';
import { registerSessionIdLinks } from './id-links.js';
import { Assist } from './assist.js';
import { CommandRunner } from './runner.js';
import { ReverseSearchMode } from './search-mode.js';

export type { AuthHeadersProvider } from '../commands/context.js';

export interface SessionOptions {
  settings: ElementSettings;
  storageKey: string;
  copyButton: HTMLButtonElement;
  /** The ID preview tooltip (an element of the shadow root). */
  previewTooltip: HTMLElement;
  announce(message: string): void;
  /** `?` on an empty line: the element opens the command palette. */
  openPalette(): void;
}

/**
 * The REPL: keys → the pure editor → a prompt repaint; Enter → the runner (a built-in or an HTTP
 * request, printed through the sanitising renderers). Owns the addons (links, previews, copy
 * blocks) and disposes them. Ctrl+R hands keys to the search mode until it ends; a `{param}`
 * selected by Tab is replaced by what is typed next.
 */
export class ShellSession implements IDisposable {
  readonly ready: Promise<void>;
  private markReady!: () => void;
  private readonly output: Output;
  private readonly prompt: PromptView;
  private readonly blocks: CopyBlocks;
  private readonly assist: Assist;
  private readonly environment: Environment;
  private readonly runner: CommandRunner;
  private readonly search = new ReverseSearchMode();
  private readonly decoder = new KeyDecoder();
  private readonly disposables: IDisposable[] = [];
  private editor: EditorState = EMPTY_LINE;
  private selection: Selection | null = null;
  private nav: HistoryNav = START_NAV;
  private ghost: string | null = null;
  private selecting = false;
  private started = false;
  private typeAhead = '';
  private running: { controller: AbortController; done: Promise<void> } | null = null;
  private history: HistoryStore | undefined;
  /** Multi-step screen work started by a key (^C, Ctrl+L, a completion list), for idle(). */
  private screenWork: Promise<void> = Promise.resolve();
  private disposed = false;

  constructor(
    private readonly term: Terminal,
    private readonly options: SessionOptions,
  ) {
    this.ready = new Promise((resolve) => (this.markReady = resolve));
    this.output = new Output(term);
    this.prompt = new PromptView(term, this.output);
    // A document that arrives later (env set, a new spec-url) changes what the ghost suggests.
    this.environment = new Environment(options.settings, () => this.started && !this.search.active && this.repaint());
    this.blocks = new CopyBlocks(term, options.copyButton, (text) => navigator.clipboard.writeText(text), options.announce);
    this.runner = new CommandRunner({
      term,
      output: this.output,
      environment: this.environment,
      blocks: this.blocks,
      history: () => this.history!,
      clearScreen: () => this.prompt.clearScreen(),
      rememberIds: (ids) => this.assist.rememberIds(ids),
    });
    this.assist = new Assist(
      () => this.environment.current,
      () => this.history?.entries ?? [],
      () => this.runner.responses,
    );
    this.disposables.push(
      this.blocks,
      this.prompt,
      term.onData((data) => this.onData(data)),
      term.onResize(() => void this.prompt.render()),
      term.onSelectionChange(() => this.onSelectionChange()),
      registerSessionIdLinks(term, {
        environment: this.environment,
        blocks: this.blocks,
        prompt: this.prompt,
        tooltip: options.previewTooltip,
        put: (command) => this.putOnPrompt(command),
        insert: (id) => this.insertText(id),
      }),
    );
  }

  /** Loads history and the API document, then draws the first prompt. */
  async start(): Promise<void> {
    // Bracketed paste: a pasted multi-line body arrives as one insertion, never line by line.
    await this.output.write('\x1b[?2004h');
    const [history] = await Promise.all([openHistory(this.options.storageKey), this.environment.reload()]);
    if (this.disposed) return;
    this.history = history.store;
    const { spec, specStatus } = this.environment.current;
    const target = sanitizeLine(`${specStatus === 'loaded' && spec.title ? `${spec.title} ` : ''}${spec.serverBase}`);
    await this.output.line(`${colour(palette.methods.GET, 'devshell')} ${dim(`· ${target} · type help, or a request like GET /invoices · ? for keys`)}`);
    if (history.notice) await this.output.line(colour(palette.ui.notice, history.notice));
    if (specStatus !== 'loaded') await this.output.line(colour(palette.ui.warning, sanitizeLine(specStatus)));
    this.started = true;
    await this.newPrompt();
    this.markReady();
    if (this.typeAhead) {
      const pending = this.typeAhead;
      this.typeAhead = '';
      this.onData(pending);
    }
  }

  /** Attribute changes from the element. */
  configure(settings: ElementSettings): void {
    void this.environment.configure(settings);
  }

  inputState(): { text: string; cursor: number } {
    return { text: this.editor.text, cursor: this.editor.cursor };
  }

  /** Resolves once no command runs and every write so far has been parsed. */
  async idle(): Promise<void> {
    await this.ready;
    for (;;) {
      const work = this.screenWork;
      await work;
      if (this.running) await this.running.done;
      if (work === this.screenWork && !this.running) break;
    }
    await this.output.flushed();
  }

  private track(work: Promise<void>): void {
    this.screenWork = Promise.all([this.screenWork, work]).then(() => undefined);
  }

  // ── keys ────────────────────────────────────────────────────────────────────────────────

  private onData(data: string): void {
    if (!this.started) {
      this.typeAhead += data;
      return;
    }
    for (const action of this.decoder.feed(data)) this.onKey(action);
  }

  private onKey(action: KeyAction): void {
    if (this.running) {
      if (action.type === 'cancel') this.running.controller.abort();
      return;
    }
    if (this.search.active) {
      this.searchKey(action);
      return;
    }
    switch (action.type) {
      case 'enter':
        void this.submit();
        return;
      case 'cancel':
        this.track(this.cancelLine());
        return;
      case 'clear':
        this.track(this.prompt.clearScreen());
        return;
      case 'tab':
        this.complete();
        return;
      case 'search':
        this.startSearch();
        return;
      case 'up':
      case 'down': {
        const entries = this.history?.entries ?? [];
        const step = action.type === 'up' ? historyUp(this.nav, entries, this.editor.text) : historyDown(this.nav, entries, this.editor.text);
        if (!step) return;
        this.nav = step.nav;
        this.setLine(lineOf(step.text), false);
        return;
      }
      case 'escape':
      case 'abort':
        // Drops a selected placeholder (and its highlight); the text stays.
        if (this.selection) this.setLine(this.editor, false, null, true);
        return;
    }
    // `?` is a character in paths and bodies; only on an empty line does it open the palette.
    if (action.type === 'insert' && !('paste' in action) && action.text === '?' && this.editor.text === '') {
      this.options.openPalette();
      return;
    }
    if (!isEditAction(action)) return;
    if (this.selection) {
      this.setLine(editSelection(this.editor, this.selection, action), true, null, true);
      return;
    }
    if (action.type === 'right' && this.ghost && atEnd(this.editor)) {
      this.setLine(insert(this.editor, this.ghost));
      return;
    }
    // A bracketed paste is an insert like any other (keymap.ts already made it one line).
    this.setLine(applyEdit(this.editor, action));
  }

  /**
   * Shows a new line state; an edit (as opposed to history recall) makes it the new draft.
   * `selection` is the placeholder to keep selected (any change drops it unless given).
   */
  private setLine(next: EditorState, isEdit = true, selection: Selection | null = null, force = false): void {
    const changed = next.text !== this.editor.text;
    if (next === this.editor && !force && selection === this.selection) return;
    this.editor = next;
    this.selection = selection;
    if (isEdit && changed) this.nav = START_NAV;
    this.repaint();
  }

  private repaint(): void {
    this.ghost = this.assist.ghost(this.editor);
    void this.prompt.render({ ...this.editor, ghost: this.selecting ? null : this.ghost, highlight: this.selection });
  }

  /** The ghost is real buffer text: hide it while a selection exists so it is never copied. */
  private onSelectionChange(): void {
    const selecting = this.term.hasSelection();
    if (selecting === this.selecting) return;
    this.selecting = selecting;
    if (this.prompt.isActive && this.ghost && !this.search.active) this.repaint();
  }

  /** Tab: complete the word at the cursor (or jump to a placeholder), or list the choices and redraw the prompt below them. */
  complete(): void {
    if (!this.started || this.running || !this.prompt.isActive) return;
    if (this.search.active) {
      this.searchKey({ type: 'tab' });
      return;
    }
    const result = this.assist.complete(this.editor, this.selection !== null);
    if (!result) return;
    this.setLine(result.state, true, result.select, true);
    if (result.choices.length > 0) this.track(this.listChoices(result.choices));
  }

  private async listChoices(choices: readonly string[]): Promise<void> {
    await this.prompt.finish();
    await this.output.write(choiceRows(choices, this.term.cols).join('\n') + '\n');
    await this.prompt.begin({ ...this.editor, ghost: null });
    this.repaint();
  }

  // ── Ctrl+R ──────────────────────────────────────────────────────────────────────────────

  private startSearch(): void {
    this.search.start(this.history?.entries ?? [], this.editor);
    this.selection = null;
    this.ghost = null;
    this.search.draw(this.prompt);
  }

  private searchKey(action: KeyAction): void {
    const outcome = this.search.key(action);
    if (outcome.kind === 'continue') {
      this.search.draw(this.prompt);
      return;
    }
    this.nav = START_NAV;
    this.setLine(lineOf(outcome.line.text, outcome.line.cursor), true, null, true);
    if (outcome.then === 'run') void this.submit();
    else if (outcome.then) this.onKey(outcome.then);
  }

  // ── from outside the keyboard: ID links, the palette ─────────────────────────────────────

  /** A click on an ID: its GET replaces the input, ready for Enter. */
  private putOnPrompt(command: string): void {
    if (!this.started || this.running || !this.prompt.isActive || this.search.active) return;
    this.nav = START_NAV;
    this.setLine(lineOf(command));
    this.term.focus();
  }

  /** Inserts text at the cursor (a Ctrl+clicked ID, a palette entry). */
  insertText(text: string): void {
    if (!this.started || this.running || !this.prompt.isActive || this.search.active) return;
    this.setLine(insert(this.editor, text));
    this.term.focus();
  }

  /** A palette entry's action, done as its keys would do it. */
  perform(action: PaletteAction): void {
    if (this.started) for (const key of keysForPaletteAction(action)) this.onKey(key);
  }

  private async cancelLine(): Promise<void> {
    await this.prompt.finish(dim('^C'));
    this.editor = EMPTY_LINE;
    this.selection = null;
    this.nav = START_NAV;
    await this.newPrompt();
  }

  private async newPrompt(): Promise<void> {
    this.editor = EMPTY_LINE;
    this.selection = null;
    this.ghost = this.assist.ghost(this.editor);
    await this.prompt.begin({ ...this.editor, ghost: this.ghost });
  }

  // ── running a line ──────────────────────────────────────────────────────────────────────

  private async submit(): Promise<void> {
    const line = this.editor.text;
    const controller = new AbortController();
    let finish!: () => void;
    const done = new Promise<void>((resolve) => (finish = resolve));
    this.running = { controller, done };
    try {
      // Secrets typed into the line are masked on screen and in history; the real line runs.
      const env = this.environment.current;
      const masked = maskText(line, maskOptionsFor(env));
      await this.prompt.finish('', masked);
      this.nav = START_NAV;
      if (line.trim()) {
        await this.history?.add(masked, { secretHeaders: env.spec.auth.kind === 'header' ? [env.spec.auth.name] : [] });
        await this.runner.run(line.trim(), controller.signal);
      }
    } catch (err) {
      await this.output.line(colour(palette.ui.error, `Internal error: ${sanitizeLine(err instanceof Error ? err.message : String(err))}`));
    } finally {
      this.running = null;
      if (!this.disposed) await this.newPrompt();
      finish();
    }
  }

  dispose(): void {
    this.disposed = true;
    this.running?.controller.abort();
    for (const d of this.disposables) d.dispose();
    this.disposables.length = 0;
  }
}
