import type { PaletteAction } from '../power/palette.js';
import type { KeyAction } from './keymap.js';

/**
 * What choosing a key binding in the command palette does: the keys that binding stands for,
 * fed to the session as if typed. Actions the element handles itself (toggling the panel,
 * leaving the terminal, the palette) and unknown ones give [].
 */
const KEYS: Partial<Record<PaletteAction, KeyAction[]>> = {
  'clear-screen': [{ type: 'clear' }],
  cancel: [{ type: 'cancel' }],
  'run-line': [{ type: 'enter' }],
  complete: [{ type: 'tab' }],
  'next-placeholder': [{ type: 'tab' }],
  // → accepts the suggestion only at the end of the line.
  'accept-suggestion': [{ type: 'end' }, { type: 'right' }],
  'history-older': [{ type: 'up' }],
  'history-newer': [{ type: 'down' }],
  'reverse-search': [{ type: 'search' }],
};

export function keysForPaletteAction(action: PaletteAction): KeyAction[] {
  return KEYS[action] ?? [];
}
