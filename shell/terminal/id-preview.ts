import type { IBufferRange, IDisposable, Terminal } from '@xterm/xterm';
import { resolveUrl } from '../request.js';
import { previewOf, type IdPreview } from '../power/id-preview.js';
import { credentialsFor, maskOptionsFor } from '../commands/credentials.js';
import type { ShellEnv } from '../commands/context.js';

/** The mouse must rest this long on an ID before it is fetched: a sweep over a list fetches nothing. */
const HOVER_DELAY_MS = 300;
/** Previews kept (a Map in insertion order: the oldest goes first). */
const CACHE_KEPT = 200;
const GAP_PX = 2;

/**
 * The tooltip shown while the mouse rests on an ID link: the object's name, number, status
 * (power/id-preview.ts), fetched once with `GET <its path>` and cached. The cache is keyed by the
 * URL and the credentials sent, so another key (`env set key`) or a new host token fetches
 * afresh, and a preview never shows what the current credentials cannot read: a 403/404 gives
 * a short note, other failures show nothing. The tooltip is one element of the shadow root (not
 * in xterm's screen; pointer-events: none, so it never takes the mouse from the terminal),
 * filled with textContent only.
 */
export class IdPreviews implements IDisposable {
  private readonly cache = new Map<string, Promise<IdPreview | null>>();
  private timer = 0;
  private hovered: object | null = null;
  private readonly disposables: IDisposable[];

  constructor(
    private readonly term: Terminal,
    private readonly tooltip: HTMLElement,
    private readonly env: () => ShellEnv,
  ) {
    this.disposables = [term.onScroll(() => this.hide()), term.onResize(() => this.hide()), term.onData(() => this.hide())];
  }

  /** The mouse is on `id`, whose preview comes from `command` (`GET /invoices/inv_29`). */
  show(id: string, command: string, range: IBufferRange): void {
    this.hide();
    const hovered = {};
    this.hovered = hovered;
    this.timer = window.setTimeout(() => {
      void this.preview(command).then((preview) => {
        if (this.hovered === hovered) this.render(id, preview, range);
      });
    }, HOVER_DELAY_MS);
  }

  hide(): void {
    clearTimeout(this.timer);
    this.hovered = null;
    this.tooltip.hidden = true;
  }

  private async preview(command: string): Promise<IdPreview | null> {
    const env = this.env();
    let url: string;
    try {
      url = resolveUrl(env.spec.serverBase, command.replace(/^GET\s+/, ''));
    } catch {
      return null;
    }
    const { headers } = await credentialsFor(env, url);
    const key = `${url}\n${JSON.stringify(headers)}`;
    let pending = this.cache.get(key);
    if (!pending) {
      pending = this.fetchPreview(url, headers, env).catch(() => {
        // A network failure is not an answer: the next hover tries again.
        this.cache.delete(key);
        return null;
      });
      this.cache.set(key, pending);
      if (this.cache.size > CACHE_KEPT) this.cache.delete(this.cache.keys().next().value!);
    }
    return pending;
  }

  private async fetchPreview(url: string, credentials: Array<[string, string]>, env: ShellEnv): Promise<IdPreview | null> {
    const response = await fetch(url, { headers: [['Accept', 'application/json'], ...credentials], credentials: 'same-origin' });
    const body = await response.text();
    return previewOf(response.status, body, response.headers.get('content-type'), maskOptionsFor(env, credentials.map(([, value]) => value)));
  }

  private render(id: string, preview: IdPreview | null, range: IBufferRange): void {
    if (!preview) return;
    const rows = preview.kind === 'note' ? [preview.text] : preview.fields.map(([label, text]) => `${label}: ${text}`);
    // textContent only: the API's text never becomes markup. (white-space: pre-line breaks the rows.)
    this.tooltip.textContent = [id, ...rows].join('\n');
    this.tooltip.hidden = false;
    this.place(range);
  }

  /** Under the link's first cell (above it when there is no room below), kept inside the panel. */
  private place(range: IBufferRange): void {
    const screen = this.term.element?.querySelector('.xterm-screen')?.getBoundingClientRect();
    const box = this.tooltip.offsetParent?.getBoundingClientRect();
    if (!screen || !box) return;
    const cell = { width: screen.width / this.term.cols, height: screen.height / this.term.rows };
    const top = screen.top - box.top + (range.start.y - 1 - this.term.buffer.active.viewportY) * cell.height;
    const below = top + cell.height + GAP_PX;
    const { offsetWidth: width, offsetHeight: height } = this.tooltip;
    this.tooltip.style.left = `${Math.max(0, Math.min(screen.left - box.left + (range.start.x - 1) * cell.width, box.width - width))}px`;
    this.tooltip.style.top = `${below + height > box.height ? Math.max(0, top - height - GAP_PX) : below}px`;
  }

  dispose(): void {
    this.hide();
    for (const d of this.disposables) d.dispose();
    this.disposables.length = 0;
  }
}
