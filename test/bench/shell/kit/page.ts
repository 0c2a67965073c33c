import { createStore, set } from 'idb-keyval';
import type { DevShell } from '../../../../shell/dev-shell.js';

/** The page's `<dev-shell>` and small waits shared by the kit's modules. */

export const shell = (): DevShell => {
  const el = document.querySelector('dev-shell');
  if (!el) throw new Error('no <dev-shell> on the page yet');
  return el;
};

export const frame = () => new Promise<number>((resolve) => requestAnimationFrame(resolve));
export const macrotask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Waits for the shell to finish everything a key started (its writes parsed, its command done). */
export async function shellIdle(): Promise<void> {
  await macrotask();
  await shell().testHooks!.idle();
}

/** Writes the history the way shell/history.ts stores it (idb-keyval, key `entries`, oldest first). */
async function seedHistory(storageKey: string, entries: string[]): Promise<void> {
  await set('entries', entries, createStore(`devshell-history:${storageKey}`, 'history'));
}

/** Seeds the history, then adds `<dev-shell>` to the page and waits for its first prompt. */
export async function createShell(options: { specUrl: string; storageKey: string; history: string[] }): Promise<DevShell> {
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
  return el;
}
