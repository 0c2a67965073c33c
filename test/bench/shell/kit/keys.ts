import { frame, macrotask, shell, shellIdle } from './page.js';

/**
 * Key timing inside the page. The window capture listener below is registered when the kit loads,
 * before the element exists, so it runs before the element's own (window, capture) and xterm's
 * (textarea): t0 is taken before any shell code. A key's work ends when the last of its events
 * (keydown, keypress, input) has been handled and `idle()` resolves after it: capture listeners
 * added to xterm's textarea after xterm's own run once xterm's handlers (and the microtasks they
 * queued) are done. Waiting for a timer or a frame instead would measure Chrome's scheduling — it
 * runs the frame a key invalidated before timers.
 */

type KeyWaiter = { match: (e: KeyboardEvent) => boolean; start: (t0: number, e: KeyboardEvent) => void };
const waiters: KeyWaiter[] = [];
export interface KeyTime {
  key: string;
  ms: number;
}
let keyTimes: KeyTime[] | null = null;
let currentKey: { key: string; t0: number; end: number | null } | null = null;

function finishKey(): void {
  if (currentKey?.end != null && keyTimes) keyTimes.push({ key: currentKey.key, ms: currentKey.end - currentKey.t0 });
  currentKey = null;
}

window.addEventListener(
  'keydown',
  (event) => {
    const t0 = performance.now();
    if (['Shift', 'Control', 'Alt', 'Meta'].includes(event.key)) return;
    const waiter = waiters.findIndex((w) => w.match(event));
    if (waiter >= 0) {
      waiters.splice(waiter, 1)[0]!.start(t0, event);
      return;
    }
    if (!keyTimes) return;
    finishKey();
    currentKey = { key: event.ctrlKey ? `Ctrl+${event.key}` : event.key, t0, end: null };
  },
  true,
);

/** After xterm's own listeners on its textarea: note when the key's work is done. */
export function watchKeyEnds(textarea: HTMLTextAreaElement): void {
  const onEvent = () => {
    const key = currentKey;
    if (!key) return;
    void shell()
      .testHooks!.idle()
      .then(() => {
        key.end = performance.now();
      });
  };
  // Capture, like xterm's own: its stopPropagation() in the target's capture phase would hide
  // a bubbling listener on the same element.
  for (const type of ['keydown', 'keypress', 'input']) textarea.addEventListener(type, onEvent, true);
}

function onNextKey(match: (e: KeyboardEvent) => boolean, start: (t0: number) => Promise<number>): Promise<number> {
  return new Promise((resolve, reject) => {
    waiters.push({ match, start: (t0) => start(t0).then(resolve, reject) });
  });
}

const isToggle = (e: KeyboardEvent) => e.ctrlKey && e.key.toLowerCase() === 'j';

/**
 * Resolves with the time from the next Ctrl+J to a ready prompt: the panel open, xterm's textarea
 * focused (typing now reaches the line editor) and the next animation frame begun. The panel's
 * 180 ms slide-in transition runs on after that and is not counted.
 */
function timeNextOpen(): Promise<number> {
  return onNextKey(isToggle, async (t0) => {
    const el = shell();
    for (;;) {
      const focused = el.shadowRoot?.activeElement?.classList.contains('xterm-helper-textarea') ?? false;
      if (el.open && focused) break;
      await macrotask();
    }
    await frame();
    return performance.now() - t0;
  });
}

function timeNextClose(): Promise<number> {
  return onNextKey(isToggle, async (t0) => {
    while (shell().open) await macrotask();
    return performance.now() - t0;
  });
}

/** Resolves with the time from the next Enter to the end of the command it runs (output parsed). */
function timeNextEnter(): Promise<number> {
  return onNextKey(
    (e) => e.key === 'Enter',
    async (t0) => {
      await shellIdle();
      return performance.now() - t0;
    },
  );
}

let pending: Promise<number> | null = null;

export const keyTiming = {
  /** Starts timing the next Ctrl+J (open or close) or Enter; `result()` gives the time. */
  arm(kind: 'open' | 'close' | 'enter'): void {
    pending = kind === 'open' ? timeNextOpen() : kind === 'close' ? timeNextClose() : timeNextEnter();
  },
  result(): Promise<number> {
    const p = pending;
    pending = null;
    if (!p) throw new Error('nothing armed');
    return p;
  },
  startKeyTiming(): void {
    keyTimes = [];
    currentKey = null;
  },
  stopKeyTiming(): KeyTime[] {
    finishKey();
    const times = keyTimes ?? [];
    keyTimes = null;
    return times;
  },
  /** Whether the last key pressed has finished its work. */
  keyDone: (): boolean => currentKey?.end != null,
  /** The measurement's floor: `idle()` with nothing to wait for. */
  async timeIdleFloor(samples: number): Promise<number[]> {
    const out: number[] = [];
    for (let i = 0; i < samples; i += 1) {
      await frame();
      const t0 = performance.now();
      await shell().testHooks!.idle();
      out.push(performance.now() - t0);
    }
    return out;
  },
};
