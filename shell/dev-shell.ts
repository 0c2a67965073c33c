import { LitElement, html, unsafeCSS, type PropertyValues } from 'lit';
import { Terminal } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import xtermCss from '@xterm/xterm/css/xterm.css?inline';
import { HotkeyController, terminalKeyHandler } from './controllers/hotkey.js';
import { PanelHeightController } from './controllers/panel-height.js';
import { ResizeController } from './controllers/resize.js';
import { PaletteController } from './controllers/palette.js';
import { commands } from './commands/registry.js';
import type { PaletteEntry } from './power/palette.js';
import { readFont, readTheme, themeStyles } from './terminal/theme.js';
import { panelStyles } from './terminal/panel-styles.js';
import { overlayStyles } from './terminal/overlay-styles.js';
import { ShellSession, type AuthHeadersProvider } from './terminal/session.js';
import { createTestHooks, type DevShellTestHooks } from './terminal/test-hooks.js';

export type { AuthHeadersProvider } from './terminal/session.js';
export type { DevShellTestHooks } from './terminal/test-hooks.js';

const SCROLLBACK_ROWS = 5000;
/** --dev-shell-height's default, 45vh, for the handle's aria-valuenow before any drag. */
const DEFAULT_HEIGHT_FRACTION = 0.45;

/**
 * `<dev-shell>`: the Ctrl+J developer terminal for any API with an OpenAPI 3.x document.
 *
 * Attributes: `base-url` (default: the page's origin), `spec-url` (default
 * `<base-url>/api/v1/openapi.json`), `api-key`, `open`, `hotkey` (default `ctrl+j`),
 * `storage-key` (namespace for history and the remembered height). Property `authHeaders`: a
 * function returning headers (or a promise of them) for each request — the portal case, where
 * the host page owns the signed-in user's token; it wins over `api-key`.
 *
 * The element is glue: the REPL is terminal/session.ts, keys are controllers/hotkey.ts, pure
 * logic lives in render/, editor/ and the top-level modules.
 */
export class DevShell extends LitElement {
  static override properties = {
    baseUrl: { type: String, attribute: 'base-url' },
    specUrl: { type: String, attribute: 'spec-url' },
    apiKey: { type: String, attribute: 'api-key' },
    open: { type: Boolean, reflect: true },
    hotkey: { type: String },
    storageKey: { type: String, attribute: 'storage-key' },
    authHeaders: { attribute: false },
    announcement: { state: true },
  };

  declare baseUrl: string;
  declare specUrl: string;
  declare apiKey: string;
  declare open: boolean;
  declare hotkey: string;
  declare storageKey: string;
  declare authHeaders: AuthHeadersProvider | undefined;
  declare private announcement: string;

  private term: Terminal | undefined;
  private fit: FitAddon | undefined;
  private session: ShellSession | undefined;
  private returnFocus: HTMLElement | null = null;
  private readonly height = new PanelHeightController(this);
  private readonly resize = new ResizeController(this, () => this.fitTerminal());
  private readonly palette = new PaletteController(this, {
    commands,
    choose: (entry) => this.choosePaletteEntry(entry),
    dismissed: () => this.term?.focus(),
  });
  private readonly colourScheme = window.matchMedia('(prefers-color-scheme: dark)');
  private readonly onColourScheme = () => {
    if (this.term) this.term.options.theme = readTheme(this);
  };

  constructor() {
    super();
    this.baseUrl = '';
    this.specUrl = '';
    this.apiKey = '';
    this.open = false;
    this.hotkey = 'ctrl+j';
    this.storageKey = 'default';
    this.authHeaders = undefined;
    this.announcement = '';
    new HotkeyController(this);
  }

  static override styles = [unsafeCSS(xtermCss), themeStyles, panelStyles, overlayStyles];

  override render() {
    const height = this.height.height;
    const bounds = this.height.bounds;
    return html`
      <section
        class="panel"
        part="panel"
        role="region"
        aria-label="Developer shell"
        ?inert=${!this.open}
        style=${height ? `height: ${height}px` : ''}
      >
        <div
          class="handle"
          part="handle"
          role="separator"
          aria-orientation="horizontal"
          aria-label="Resize developer shell"
          aria-valuemin=${bounds.min}
          aria-valuemax=${bounds.max}
          aria-valuenow=${height ?? Math.round(window.innerHeight * DEFAULT_HEIGHT_FRACTION)}
          tabindex="0"
          @pointerdown=${this.height.onPointerDown}
          @pointermove=${this.height.onPointerMove}
          @pointerup=${this.height.onPointerUp}
          @keydown=${(e: KeyboardEvent) => this.height.onKeyDown(e, this.panelHeight())}
        ></div>
        <div class="bar">
          <span class="title">API shell</span>
          <span class="hint">${this.hotkeyLabel()} to toggle · <code>help</code> for commands · <code>?</code> or F1 for keys</span>
          <button class="close" part="close" aria-label="Close developer shell" title="Close" @click=${() => this.setOpen(false)}>
            ×
          </button>
        </div>
        <div class="body">
          <button class="copy" part="copy" aria-label="Copy response body" disabled>Copy</button>
          <div class="terminal"></div>
          <div class="id-preview" part="id-preview" id="id-preview" role="tooltip" aria-live="polite" hidden></div>
        </div>
        ${this.palette.render()}
        <div class="sr-only" role="status" aria-live="polite">${this.announcement}</div>
      </section>
    `;
  }

  private hotkeyLabel(): string {
    return (this.hotkey || 'ctrl+j')
      .split('+')
      .map((p) => (p.length === 1 ? p.toUpperCase() : p[0]!.toUpperCase() + p.slice(1)))
      .join('+');
  }

  private panelHeight(): number {
    return this.renderRoot.querySelector('.panel')?.getBoundingClientRect().height ?? 0;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.colourScheme.addEventListener('change', this.onColourScheme);
    // Moved in the DOM: the terminal was disposed on disconnect; updated() makes a new one.
    if (this.hasUpdated && !this.term) this.requestUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.colourScheme.removeEventListener('change', this.onColourScheme);
    this.session?.dispose();
    this.term?.dispose();
    this.session = undefined;
    this.term = undefined;
    this.fit = undefined;
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (!this.term) this.createTerminal();
    if (changed.has('baseUrl') || changed.has('specUrl') || changed.has('apiKey') || changed.has('authHeaders')) {
      this.session?.configure(this.settings());
    }
    if (changed.has('open') && (this.open || changed.get('open') !== undefined)) this.afterToggle();
  }

  private settings() {
    return { baseUrl: this.baseUrl, specUrl: this.specUrl, apiKey: this.apiKey, authHeaders: this.authHeaders };
  }

  private createTerminal(): void {
    const container = this.renderRoot.querySelector<HTMLElement>('.terminal');
    const copyButton = this.renderRoot.querySelector<HTMLButtonElement>('.copy');
    const previewTooltip = this.renderRoot.querySelector<HTMLElement>('.id-preview');
    if (!container || !copyButton || !previewTooltip) return;
    const term = new Terminal({
      allowProposedApi: true,
      convertEol: true,
      cursorBlink: false,
      scrollback: SCROLLBACK_ROWS,
      theme: readTheme(this),
      ...readFont(this),
    });
    const fit = new FitAddon();
    term.loadAddon(fit);
    term.open(container);
    this.term = term;
    this.fit = fit;
    this.fitTerminal();
    this.resize.observe(container);
    term.attachCustomKeyEventHandler(
      terminalKeyHandler({
        hotkey: () => this.hotkey,
        toggle: () => this.toggle(),
        complete: () => this.session?.complete(),
        selection: () => term.getSelection(),
        copy: (text) => {
          void navigator.clipboard?.writeText(text).catch(() => {});
          term.clearSelection();
        },
        palette: () => this.palette.show(),
      }),
    );
    this.session = new ShellSession(term, {
      settings: this.settings(),
      storageKey: this.storageKey,
      copyButton,
      previewTooltip,
      announce: (message) => {
        this.announcement = message;
      },
      openPalette: () => this.palette.show(),
    });
    void this.session.start();
  }

  /** A palette entry: its action (as its key would do it), else its text inserted at the cursor. */
  private choosePaletteEntry(entry: PaletteEntry): void {
    if (entry.action === 'toggle-panel') {
      this.setOpen(false);
      return;
    }
    if (entry.action === 'leave-terminal') {
      this.renderRoot.querySelector<HTMLButtonElement>('.copy:not([disabled])')?.focus();
      return;
    }
    this.term?.focus();
    if (entry.action && entry.action !== 'show-palette') this.session?.perform(entry.action);
    else if (entry.insert) this.session?.insertText(entry.insert);
  }

  private fitTerminal(): void {
    const container = this.renderRoot.querySelector<HTMLElement>('.terminal');
    if (!this.fit || !container || container.clientWidth === 0 || container.clientHeight === 0) return;
    this.fit.fit();
  }

  /** Opens or closes the panel (the hotkey, the close button, or a script). */
  toggle(): void {
    this.setOpen(!this.open);
  }

  private setOpen(open: boolean): void {
    if (open === this.open) return;
    if (open) {
      const active = deepActiveElement();
      this.returnFocus = active && !this.shadowRoot?.contains(active) ? active : null;
    }
    this.open = open;
    this.dispatchEvent(new CustomEvent(open ? 'dev-shell-open' : 'dev-shell-close', { bubbles: true, composed: true }));
  }

  /** Whether an event comes from the terminal's own textarea (its key handler owns those keys). */
  isTerminalEvent(event: Event): boolean {
    const textarea = this.term?.textarea;
    return Boolean(textarea && event.composedPath()[0] === textarea);
  }

  private afterToggle(): void {
    // A hidden cursor need not blink (timers), nor should it for reduced motion.
    if (this.term) this.term.options.cursorBlink = this.open && !matchMedia('(prefers-reduced-motion: reduce)').matches;
    if (this.open) {
      // The page may have changed the theme's custom properties while the panel was closed.
      if (this.term) this.term.options.theme = readTheme(this);
      this.fitTerminal();
      this.term?.focus();
      return;
    }
    this.palette.reset();
    const back = this.returnFocus;
    this.returnFocus = null;
    const focusedInside = this.shadowRoot?.activeElement;
    if (back && back.isConnected && back !== this) back.focus();
    else if (focusedInside instanceof HTMLElement) focusedInside.blur();
  }

  /**
   * A small read-only hook for browser tests (and curious developers): the terminal's text as
   * xterm holds it, cell colours, and promises for "the first prompt is drawn" and "the shell is
   * idle". See terminal/test-hooks.ts.
   */
  get testHooks(): DevShellTestHooks | undefined {
    return this.term && this.session ? createTestHooks(this.term, this.session) : undefined;
  }
}

/** document.activeElement, looking inside open shadow roots, so focus can go back exactly there. */
function deepActiveElement(): HTMLElement | null {
  let active: Element | null = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active instanceof HTMLElement && active !== document.body ? active : null;
}

declare global {
  interface HTMLElementTagNameMap {
    'dev-shell': DevShell;
  }
}
