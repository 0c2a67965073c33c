import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { filterPalette, paletteEntries, type PaletteCommand, type PaletteEntry } from '../power/palette.js';

export interface PaletteHost extends ReactiveControllerHost {
  readonly hotkey: string;
  readonly renderRoot: HTMLElement | DocumentFragment;
}

/** A press on an option must not take focus from the input (its click chooses it). */
const keepFocus = (event: MouseEvent) => event.preventDefault();

export interface PaletteOptions {
  commands: readonly PaletteCommand[];
  /** An entry was chosen (Enter or a click); the palette is closed already. */
  choose(entry: PaletteEntry): void;
  /** Closed without a choice (Esc, a click outside): focus goes back to the terminal. */
  dismissed(): void;
}

/**
 * The command palette for the non-terminal user: every key binding and command
 * (power/palette.ts, in its display order), filtered and ranked as you type. A modal
 * dialog over the panel: a labelled combobox input owning a listbox (aria-activedescendant, so
 * focus stays in the input), ↑/↓ to choose, Enter to use, Esc or a click outside to close; Tab
 * stays inside. Text reaches the DOM only through Lit's escaping bindings.
 */
export class PaletteController implements ReactiveController {
  private isOpen = false;
  private query = '';
  private active = 0;
  private entries: PaletteEntry[] = [];

  constructor(
    private readonly host: PaletteHost,
    private readonly options: PaletteOptions,
  ) {
    host.addController(this);
  }

  get open(): boolean {
    return this.isOpen;
  }

  show(): void {
    this.entries = paletteEntries({ hotkey: this.host.hotkey, commands: this.options.commands });
    this.isOpen = true;
    this.query = '';
    this.active = 0;
    this.host.requestUpdate();
    void this.host.updateComplete.then(() => this.host.renderRoot.querySelector<HTMLInputElement>('.palette input')?.focus());
  }

  /** Closes without a word to anyone (the panel itself is closing). */
  reset(): void {
    this.isOpen = false;
    this.host.requestUpdate();
  }

  close(chosen: PaletteEntry | null = null): void {
    if (!this.isOpen) return;
    this.reset();
    if (chosen) this.options.choose(chosen);
    else this.options.dismissed();
  }

  hostUpdated(): void {
    if (this.isOpen) this.host.renderRoot.querySelector(`#palette-${this.active}`)?.scrollIntoView({ block: 'nearest' });
  }

  /** A press outside the dialog closes it (its default would take focus from the terminal again). */
  private readonly onBackdrop = (event: MouseEvent) => {
    if (event.target !== event.currentTarget) return;
    event.preventDefault();
    this.close();
  };

  private readonly onInput = (event: Event) => {
    this.query = (event.target as HTMLInputElement).value;
    this.active = 0;
    this.host.requestUpdate();
  };

  private readonly onKeyDown = (event: KeyboardEvent) => {
    const visible = filterPalette(this.entries, this.query);
    const step = event.key === 'ArrowDown' ? 1 : event.key === 'ArrowUp' ? -1 : 0;
    if (step) {
      this.active = (this.active + step + visible.length) % Math.max(1, visible.length);
      this.host.requestUpdate();
    } else if (event.key === 'Enter') {
      this.close(visible[this.active] ?? null);
    } else if (event.key === 'Escape') {
      event.stopPropagation();
      this.close();
    } else if (event.key !== 'Tab') {
      // Modal: Tab stays in the dialog, whose only control is the input.
      return;
    }
    event.preventDefault();
  };

  render(): TemplateResult | typeof nothing {
    if (!this.isOpen) return nothing;
    const visible = filterPalette(this.entries, this.query);
    return html`<div class="palette-backdrop" @mousedown=${this.onBackdrop}>
      <div class="palette" role="dialog" aria-modal="true" aria-label="Keys and commands" @keydown=${this.onKeyDown}>
        <input
          role="combobox"
          aria-label="Filter keys and commands"
          aria-expanded="true"
          aria-controls="palette-list"
          aria-activedescendant=${visible.length ? `palette-${this.active}` : nothing}
          placeholder="Keys and commands: type to filter, Enter to use, Esc to close"
          .value=${this.query}
          @input=${this.onInput}
        />
        <div id="palette-list" role="listbox" aria-label="Keys and commands">
          ${visible.map(
            (entry, i) =>
              html`<div id="palette-${i}" role="option" aria-selected=${i === this.active} @mousedown=${keepFocus} @click=${() => this.close(entry)}>
                <span>${entry.keys.join('  ') || entry.command}</span> ${entry.keys.length && entry.command ? `${entry.command}: ` : ''}${entry.description}
              </div>`,
          )}
        </div>
        ${visible.length ? nothing : html`<div role="status">Nothing matches.</div>`}
      </div>
    </div>`;
  }
}
