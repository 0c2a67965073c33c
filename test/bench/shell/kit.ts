/**
 * The bench page's helpers (browser code, bundled by Vite into `bench-kit.js`; never part of the
 * shell). They create `<dev-shell>` from the built `dist/dev-shell.js`, time keys with
 * `performance.now()` inside the page, and provide the raw baselines: a second xterm Terminal of
 * the same size written through the shell's own `Output` (the element exposes no way to write
 * raw text to its terminal), and the shell's pure renderers timed on their own.
 */
import { Terminal } from '@xterm/xterm';
import { createStore, set } from 'idb-keyval';
import type { DevShell } from '../../../shell/dev-shell.js';
import type { ShellEnv } from '../../../shell/commands/context.js';
import { lineOf } from '../../../shell/editor/model.js';
import { createIdFinder } from '../../../shell/ids.js';
import { renderInputFrame } from '../../../shell/render/input-line.js';
import { renderBody } from '../../../shell/render/json.js';
import { stringWidth } from '../../../shell/render/width.js';
import { parseSpec } from '../../../shell/spec.js';
import { Assist } from '../../../shell/terminal/assist.js';
import { Output } from '../../../shell/terminal/output.js';
import { PROMPT_TEXT } from '../../../shell/terminal/prompt.js';

const shell = (): DevShell => {
  const el = document.querySelector('dev-shell');
  if (!el) throw new Error('no <dev-shell> on the page yet');
  return el;
};

const frame = () => new Promise<number>((resolve) => requestAnimationFrame(resolve));
const macrotask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Waits for the shell to finish everything a key started (its writes parsed, its command done). */
async function shellIdle(): Promise<void> {
  await macrotask();
  await shell().testHooks!.idle();
}

// ── keys ─────────────────────────────────────────────────────────────────────────────────────
// The capture listener is registered when the kit loads, before the element exists, so it runs
// before the element's own (window, capture) and xterm's (textarea): t0 is taken before any shell
// code. A key's work ends when the last of its events (keydown, keypress, input) has been handled
// and `idle()` resolves after it: capture listeners added to xterm's textarea after xterm's own run
// once xterm's handlers (and the microtasks they queued) are done. Waiting for a timer or a frame
// instead would measure Chrome's scheduling — it runs the frame a key invalidated before timers.

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
function watchKeyEnds(textarea: HTMLTextAreaElement): void {
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

// ── set-up ───────────────────────────────────────────────────────────────────────────────────

/** Writes the history the way shell/history.ts stores it (idb-keyval, key `entries`, oldest first). */
async function seedHistory(storageKey: string, entries: string[]): Promise<void> {
  await set('entries', entries, createStore(`devshell-history:${storageKey}`, 'history'));
}

async function createShell(options: { specUrl: string; storageKey: string; history: string[] }): Promise<void> {
  if (!crossOriginIsolated) throw new Error('the bench page is not cross-origin isolated: performance.now() would be coarse (100 µs)');
  await seedHistory(options.storageKey, options.history);
  const el = document.createElement('dev-shell');
  el.setAttribute('base-url', location.origin);
  el.setAttribute('spec-url', options.specUrl);
  el.setAttribute('api-key', 'sk_test_bench');
  el.setAttribute('storage-key', options.storageKey);
  document.body.append(el);
  await customElements.whenDefined('dev-shell');
  while (!el.testHooks) await frame();
  await el.testHooks.ready();
  watchKeyEnds(el.shadowRoot!.querySelector<HTMLTextAreaElement>('.xterm-helper-textarea')!);
}

// ── raw baselines ────────────────────────────────────────────────────────────────────────────

let raw: { term: Terminal; output: Output } | null = null;

/** A plain xterm Terminal with the shell terminal's size and scrollback, in a box of the same size. */
function rawTerminal(): { term: Terminal; output: Output } {
  if (raw) return raw;
  const view = shell().testHooks!.viewport();
  const screen = shell().shadowRoot!.querySelector('.terminal')!.getBoundingClientRect();
  const box = document.getElementById('raw')!;
  box.style.width = `${screen.width}px`;
  box.style.height = `${screen.height}px`;
  const term = new Terminal({ cols: view.cols, rows: view.rows, scrollback: 5000, convertEol: true });
  term.open(box);
  raw = { term, output: new Output(term) };
  return raw;
}

type RawText = 'displayed' | 'coloured' | 'full';
const texts: Partial<Record<RawText, string>> = {};

/** Writes a prepared text through the shell's own flow-controlled writer to the raw terminal; ms until parsed. */
async function timeRawWrite(which: RawText): Promise<number> {
  const text = texts[which];
  if (text === undefined) throw new Error('call prepareRenderParts first');
  const { term, output } = rawTerminal();
  term.reset();
  await output.flushed();
  await frame();
  const t0 = performance.now();
  await output.write(text);
  return performance.now() - t0;
}

async function timeFetch(url: string): Promise<number> {
  const t0 = performance.now();
  await (await fetch(url, { cache: 'no-store' })).text();
  return performance.now() - t0;
}

/**
 * The pure parts of showing a response, timed alone: colouring (capped as the shell caps it) and
 * the ID scan. Keeps the texts the raw baselines write: the same pretty lines the shell displays
 * without colour, the shell's coloured lines, and the whole pretty body.
 */
async function prepareRenderParts(url: string, specUrl: string): Promise<{ renderMs: number; idScanMs: number; ids: number; lines: number; cut: number; fullLines: number; bytes: number }> {
  const body = await (await fetch(url, { cache: 'no-store' })).text();
  const spec = parseSpec(await (await fetch(specUrl)).json(), new URL(specUrl, location.href).href);
  let t0 = performance.now();
  const rendered = renderBody(body, 'application/json');
  const renderMs = performance.now() - t0;
  const findIds = createIdFinder(spec.idRoutes);
  t0 = performance.now();
  const ids = findIds(body).length;
  const idScanMs = performance.now() - t0;
  const full = JSON.stringify(JSON.parse(body), null, 2).split('\n');
  texts.displayed = full.slice(0, rendered.lines.length).join('\n') + '\n';
  texts.coloured = rendered.lines.join('\n') + '\n';
  texts.full = full.join('\n') + '\n';
  return { renderMs, idScanMs, ids, lines: rendered.lines.length, cut: rendered.cut, fullLines: full.length, bytes: body.length };
}

/**
 * The pure JavaScript a keystroke costs, without xterm or scheduling: the ghost lookup and the
 * coloured prompt frame for each state of a typed line, and completion for the Tab states —
 * through the session's own `Assist` glue. Microseconds per keystroke, averaged over `repeats`.
 */
async function timeAssist(
  specUrl: string,
  history: string[],
  states: string[],
  tabStates: string[],
  repeats: number,
): Promise<{ perKeyUs: number; perTabUs: number }> {
  const spec = parseSpec(await (await fetch(specUrl)).json(), new URL(specUrl, location.href).href);
  const env = { spec, specStatus: 'loaded' } as ShellEnv;
  const assist = new Assist(() => env, () => history);
  const frameOf = (text: string) =>
    renderInputFrame({ prompt: PROMPT_TEXT, promptWidth: stringWidth(PROMPT_TEXT), text, cursor: text.length, columns: 120, ghost: assist.ghost(lineOf(text)), fromRow: 0 });
  let sink = 0;
  let t0 = performance.now();
  for (let r = 0; r < repeats; r += 1) for (const text of states) sink += frameOf(text).output.length;
  const perKeyUs = ((performance.now() - t0) * 1000) / (repeats * states.length);
  t0 = performance.now();
  for (let r = 0; r < repeats; r += 1) for (const text of tabStates) sink += assist.complete(lineOf(text))?.choices.length ?? 0;
  const perTabUs = ((performance.now() - t0) * 1000) / (repeats * tabStates.length);
  if (sink < 0) throw new Error('unreachable');
  return { perKeyUs, perTabUs };
}

let pending: Promise<number> | null = null;

const kit = {
  createShell,
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
  timeRawWrite,
  timeFetch,
  prepareRenderParts,
  timeAssist,
  startKeyTiming() {
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
  keyDone: () => currentKey?.end != null,
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
  idle: shellIdle,
  input: () => shell().testHooks!.input(),
  bufferText: () => shell().testHooks!.bufferText(),
};

export type BenchKit = typeof kit;

declare global {
  interface Window {
    benchKit: BenchKit;
  }
}

window.benchKit = kit;
