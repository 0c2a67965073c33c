/**
 * ↑/↓ through history without losing the line being typed.
 *
 *   interface HistoryNav { readonly index: number | null; readonly draft: string }
 *     index: which entry is shown (into `entries`, oldest first), null while on the draft
 *   START_NAV: HistoryNav                          on the draft, nothing saved
 *   historyUp(nav, entries, currentText): { nav, text } | null
 *     One entry older; leaving the draft saves currentText as the draft. null at the oldest
 *     entry or with no history (nothing changes: the caller may beep or ignore).
 *   historyDown(nav, entries, currentText): { nav, text } | null
 *     One entry newer; past the newest comes the saved draft back. null when already on it.
 *   Call START_NAV again after Enter, Ctrl+C, or any edit that should make the line a new draft
 *   (an edited recalled entry then becomes the draft, as in readline).
 *
 * `entries` is oldest → newest, the order history-list.ts keeps.
 */

export interface HistoryNav {
  readonly index: number | null;
  readonly draft: string;
}

export interface NavStep {
  nav: HistoryNav;
  text: string;
}

export const START_NAV: HistoryNav = { index: null, draft: '' };

export function historyUp(nav: HistoryNav, entries: readonly string[], currentText: string): NavStep | null {
  if (entries.length === 0) return null;
  if (nav.index === null) {
    const index = entries.length - 1;
    return { nav: { index, draft: currentText }, text: entries[index]! };
  }
  // The list may have shrunk (history clear) while navigating.
  const index = Math.min(nav.index, entries.length) - 1;
  if (index < 0) return null;
  return { nav: { index, draft: nav.draft }, text: entries[index]! };
}

export function historyDown(nav: HistoryNav, entries: readonly string[], _currentText: string): NavStep | null {
  if (nav.index === null) return null;
  const index = nav.index + 1;
  if (index >= entries.length) return { nav: { index: null, draft: '' }, text: nav.draft };
  return { nav: { index, draft: nav.draft }, text: entries[index]! };
}
