import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Calls `onResize` when an element's box changes (the fit addon has no observer of its own).
 * Coalesced to one call per animation frame, since a drag fires many.
 */
export class ResizeController implements ReactiveController {
  private observer: ResizeObserver | undefined;
  private frame = 0;
  private target: Element | undefined;

  constructor(
    host: ReactiveControllerHost,
    private readonly onResize: () => void,
  ) {
    host.addController(this);
  }

  observe(target: Element): void {
    this.target = target;
    this.observer?.disconnect();
    this.observer = new ResizeObserver(() => {
      cancelAnimationFrame(this.frame);
      this.frame = requestAnimationFrame(() => this.onResize());
    });
    this.observer.observe(target);
  }

  hostConnected(): void {
    if (this.target && !this.observer) this.observe(this.target);
  }

  hostDisconnected(): void {
    cancelAnimationFrame(this.frame);
    this.observer?.disconnect();
    this.observer = undefined;
  }
}
