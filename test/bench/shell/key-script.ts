/** What the keystroke benchmark types, shared by the runner and its report. */

export interface Setup {
  name: 'light' | 'heavy';
  specUrl: string;
  storageKey: string;
  history: string[];
}

/**
 * What one pass of typing presses: a method and a path prefix, Tab until the path is complete
 * (`TAB_STEPS`: the shell completes one segment per Tab, so `t` is typed between), a query,
 * edits, cursor moves, and Ctrl+U to clear.
 */
export const BEFORE_TAB = [...'GET /rep'];
/** After each Tab: the text expected, and the key to type before the next Tab (if any). */
export const TAB_STEPS: Array<{ expect: string; then: string | null }> = [
  { expect: 'GET /reports/', then: 't' },
  { expect: 'GET /reports/trial-balance', then: null },
];
export const AFTER_TAB = [...'?from=2026-01-01', 'Backspace', 'Backspace', 'Backspace', 'Backspace', 'ArrowLeft', 'ArrowLeft', 'ArrowLeft', 'ArrowRight', 'ArrowRight', 'ArrowRight', 'Control+u'];
export const KEYS_PER_PASS = BEFORE_TAB.length + TAB_STEPS.length * 2 - 1 + AFTER_TAB.length;
export const COMPLETED = TAB_STEPS[TAB_STEPS.length - 1]!.expect;
