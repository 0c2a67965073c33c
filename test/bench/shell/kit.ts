/**
 * The bench page's helpers (browser code, bundled by Vite into `bench-kit.js`; never part of the
 * shell): create `<dev-shell>` from the built `dist/dev-shell.js` (kit/page.ts), time keys with
 * `performance.now()` inside the page (kit/keys.ts), and the baselines the shell is compared with
 * (kit/output.ts, kit/assist.ts). Playwright calls them as `window.benchKit.*`.
 */
import { timeAssist } from './kit/assist.js';
import { keyTiming, watchKeyEnds } from './kit/keys.js';
import { prepareRenderParts, timeFetch, timeRawWrite } from './kit/output.js';
import { createShell, shell, shellIdle } from './kit/page.js';

export type { KeyTime } from './kit/keys.js';

const kit = {
  async createShell(options: { specUrl: string; storageKey: string; history: string[] }): Promise<void> {
    const el = await createShell(options);
    watchKeyEnds(el.shadowRoot!.querySelector<HTMLTextAreaElement>('.xterm-helper-textarea')!);
  },
  ...keyTiming,
  timeRawWrite,
  timeFetch,
  prepareRenderParts,
  timeAssist,
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
