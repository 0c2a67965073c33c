import { describe, expect, it } from 'vitest';
import { keysForPaletteAction } from '../../../shell/editor/palette-keys.js';
import { paletteEntries } from '../../../shell/power/palette.js';

describe('keysForPaletteAction', () => {
  it('maps every palette action the session performs to the keys that do it', () => {
    expect(keysForPaletteAction('reverse-search')).toEqual([{ type: 'search' }]);
    expect(keysForPaletteAction('accept-suggestion')).toEqual([{ type: 'end' }, { type: 'right' }]);
    expect(keysForPaletteAction('clear-screen')).toEqual([{ type: 'clear' }]);
    const elementOwn = new Set(['toggle-panel', 'leave-terminal', 'show-palette']);
    for (const entry of paletteEntries()) {
      if (!entry.action) continue;
      expect(keysForPaletteAction(entry.action).length > 0, entry.action).toBe(!elementOwn.has(entry.action));
    }
  });
});
