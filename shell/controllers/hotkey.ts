import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** A parsed hotkey such as `ctrl+j` or `alt+shift+k`. */
export interface Hotkey {
  ctrl: boolean;
  alt: boolean;
  shift: boolean;
  meta: boolean;
  key: string;
}

/** Parses `ctrl+j`, `Ctrl+Shift+K`, `meta+`` ` …; an unusable spec falls back to Ctrl+J. */
export function parseHotkey(spec: string | null | undefined): Hotkey {
  const parts = (spec || 'ctrl+j').toLowerCase().split('+').map((p) => p.trim());
  const key = parts.pop() || 'j';
  const has = (name: string) => parts.includes(name);
  return {
    ctrl: has('ctrl') || has('control'),
    alt: has('alt') || has('option'),
    shift: has('shift'),
    meta: has('meta') || has('cmd') || has('command'),
    key: key || 'j',
  };
}

/** Whether a keyboard event is the hotkey. `key` is compared case-insensitively, `code` as a fallback (Alt changes `key` on macOS). */
export function matchesHotkey(event: KeyboardEvent, hotkey: Hotkey): boolean {
  if (event.ctrlKey !== hotkey.ctrl || event.altKey !== hotkey.alt || event.metaKey !== hotkey.meta) return false;
  if (event.shiftKey !== hotkey.shift) return false;
  const key = event.key.toLowerCase();
  if (key === hotkey.key) return true;
  return /^[a-z]$/.test(hotkey.key) && event.code === `Key${hotkey.key.toUpperCase()}`;
}

export interface HotkeyHost extends ReactiveControllerHost {
  /** The current hotkey attribute value. */
  readonly hotkey: string;
  /** Called on every hotkey press outside the terminal. */
  toggle(): void;
  /** True when the event was aimed at the terminal's own textarea (the terminal's key handler owns it). */
  isTerminalEvent(event: Event): boolean;
}

/**
 * Ctrl+J (or the `hotkey` attribute) from anywhere on the page. Listens in the capture phase on
 * window so a page that stops propagation cannot swallow it. Keys typed inside the terminal are
 * left to the terminal's custom key handler (see terminal/keys.ts), which xterm calls first.
 */
export class HotkeyController implements ReactiveController {
  private readonly onKeyDown = (event: KeyboardEvent) => {
    if (event.defaultPrevented || event.isComposing) return;
    if (this.host.isTerminalEvent(event)) return;
    if (!matchesHotkey(event, parseHotkey(this.host.hotkey))) return;
    event.preventDefault();
    event.stopPropagation();
    if (!event.repeat) this.host.toggle();
  };

  constructor(private readonly host: HotkeyHost) {
    host.addController(this);
  }

  hostConnected(): void {
    window.addEventListener('keydown', this.onKeyDown, true);
  }

  hostDisconnected(): void {
    window.removeEventListener('keydown', this.onKeyDown, true);
  }
}

export interface TerminalKeyActions {
  readonly hotkey: () => string;
  toggle(): void;
  /** Tab without modifiers: complete the input. */
  complete(): void;
  /** The terminal's current selection, '' when none. */
  selection(): string;
  copy(text: string): void;
  /** F1: the command palette. */
  palette(): void;
}

/**
 * The terminal's single custom key handler (xterm keeps only one): the hotkey, Ctrl+C with a
 * selection (copy instead of cancel), F1 (the palette) and Tab. Returning false stops xterm from handling the key,
 * but xterm does not cancel the browser's default then, so preventDefault is ours to call.
 * Shift+Tab is left to the browser so keyboard users can leave the terminal (to the copy button).
 */
export function terminalKeyHandler(actions: TerminalKeyActions): (event: KeyboardEvent) => boolean {
  return (event) => {
    if (matchesHotkey(event, parseHotkey(actions.hotkey()))) {
      event.preventDefault();
      if (event.type === 'keydown' && !event.repeat) actions.toggle();
      return false;
    }
    const plain = !event.altKey && !event.metaKey;
    if (plain && event.ctrlKey && !event.shiftKey && event.key.toLowerCase() === 'c') {
      const selected = actions.selection();
      if (!selected) return true;
      event.preventDefault();
      if (event.type === 'keydown') actions.copy(selected);
      return false;
    }
    // F1 would open the browser's help page.
    if (event.key === 'F1' && plain && !event.ctrlKey && !event.shiftKey) {
      event.preventDefault();
      if (event.type === 'keydown') actions.palette();
      return false;
    }
    if (event.key === 'Tab' && plain && !event.ctrlKey) {
      if (event.shiftKey) return false;
      event.preventDefault();
      if (event.type === 'keydown') actions.complete();
      return false;
    }
    return true;
  };
}
