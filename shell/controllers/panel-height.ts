import type { ReactiveController, ReactiveControllerHost } from 'lit';

const MIN_HEIGHT = 120;
const KEY_STEP = 32;

export interface PanelHeightHost extends ReactiveControllerHost {
  readonly storageKey: string;
}

function storageName(storageKey: string): string {
  return `devshell:height:${storageKey || 'default'}`;
}

function maxHeight(): number {
  return Math.max(MIN_HEIGHT, Math.round(window.innerHeight * 0.9));
}

/**
 * The panel's height: dragged with the handle (pointer) or stepped with ↑/↓ on it (keyboard),
 * clamped to the window, remembered in localStorage per storage-key.
 */
export class PanelHeightController implements ReactiveController {
  /** Height in CSS pixels, or null for the stylesheet's default. */
  height: number | null = null;
  private dragging = false;

  constructor(private readonly host: PanelHeightHost) {
    host.addController(this);
  }

  hostConnected(): void {
    try {
      const saved = Number(localStorage.getItem(storageName(this.host.storageKey)));
      if (saved > 0) this.height = saved;
    } catch {
      // Storage can be blocked (sandboxed iframes); the default height is fine then.
    }
  }

  private set(height: number, persist: boolean): void {
    this.height = Math.min(maxHeight(), Math.max(MIN_HEIGHT, Math.round(height)));
    this.host.requestUpdate();
    if (!persist) return;
    try {
      localStorage.setItem(storageName(this.host.storageKey), String(this.height));
    } catch {
      // See hostConnected.
    }
  }

  readonly onPointerDown = (event: PointerEvent): void => {
    if (event.button !== 0) return;
    this.dragging = true;
    (event.currentTarget as Element).setPointerCapture(event.pointerId);
    event.preventDefault();
  };

  readonly onPointerMove = (event: PointerEvent): void => {
    if (this.dragging) this.set(window.innerHeight - event.clientY, false);
  };

  readonly onPointerUp = (event: PointerEvent): void => {
    if (!this.dragging) return;
    this.dragging = false;
    (event.currentTarget as Element).releasePointerCapture(event.pointerId);
    this.set(window.innerHeight - event.clientY, true);
  };

  readonly onKeyDown = (event: KeyboardEvent, current: number): void => {
    const step = event.key === 'ArrowUp' ? KEY_STEP : event.key === 'ArrowDown' ? -KEY_STEP : 0;
    if (!step) return;
    event.preventDefault();
    this.set(current + step, true);
  };

  get bounds(): { min: number; max: number } {
    return { min: MIN_HEIGHT, max: maxHeight() };
  }
}
