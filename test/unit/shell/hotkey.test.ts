import { describe, expect, it } from 'vitest';
import { matchesHotkey, parseHotkey, terminalKeyHandler } from '../../../shell/controllers/hotkey.js';

type KeyInit = Partial<Pick<KeyboardEvent, 'key' | 'code' | 'ctrlKey' | 'altKey' | 'shiftKey' | 'metaKey' | 'repeat' | 'type'>>;

/** Enough of a KeyboardEvent for the handlers (node has no DOM). */
function key(init: KeyInit): KeyboardEvent & { prevented: boolean } {
  const event = {
    type: 'keydown',
    key: '',
    code: '',
    ctrlKey: false,
    altKey: false,
    shiftKey: false,
    metaKey: false,
    repeat: false,
    prevented: false,
    ...init,
    preventDefault() {
      event.prevented = true;
    },
  };
  return event as unknown as KeyboardEvent & { prevented: boolean };
}

describe('parseHotkey / matchesHotkey', () => {
  it('defaults to Ctrl+J and reads modifiers in any case and order', () => {
    expect(parseHotkey(undefined)).toEqual({ ctrl: true, alt: false, shift: false, meta: false, key: 'j' });
    expect(parseHotkey('Shift+Alt+K')).toEqual({ ctrl: false, alt: true, shift: true, meta: false, key: 'k' });
    expect(parseHotkey('cmd+`')).toMatchObject({ meta: true, key: '`' });
  });

  it('matches exactly the modifiers asked for', () => {
    const ctrlJ = parseHotkey('ctrl+j');
    expect(matchesHotkey(key({ key: 'j', ctrlKey: true }), ctrlJ)).toBe(true);
    expect(matchesHotkey(key({ key: 'J', ctrlKey: true }), ctrlJ)).toBe(true);
    expect(matchesHotkey(key({ key: 'j' }), ctrlJ)).toBe(false);
    expect(matchesHotkey(key({ key: 'j', ctrlKey: true, shiftKey: true }), ctrlJ)).toBe(false);
    expect(matchesHotkey(key({ key: 'j', ctrlKey: true, altKey: true }), ctrlJ)).toBe(false);
  });

  it('falls back to the physical key when a layout or Alt changes `key` (macOS Option+K is ˚)', () => {
    expect(matchesHotkey(key({ key: '˚', code: 'KeyK', altKey: true }), parseHotkey('alt+k'))).toBe(true);
  });
});

describe('terminalKeyHandler', () => {
  const setup = (selection = '') => {
    const calls: string[] = [];
    const handler = terminalKeyHandler({
      hotkey: () => 'ctrl+j',
      toggle: () => calls.push('toggle'),
      complete: () => calls.push('complete'),
      selection: () => selection,
      copy: (text) => calls.push(`copy:${text}`),
      palette: () => calls.push('palette'),
    });
    return { handler, calls };
  };

  it('takes the hotkey from xterm (which would send it as a newline) and prevents the default', () => {
    const { handler, calls } = setup();
    const down = key({ key: 'j', ctrlKey: true });
    expect(handler(down)).toBe(false);
    expect(down.prevented).toBe(true);
    expect(handler(key({ key: 'j', ctrlKey: true, type: 'keyup' }))).toBe(false);
    expect(handler(key({ key: 'j', ctrlKey: true, repeat: true }))).toBe(false);
    expect(calls).toEqual(['toggle']);
  });

  it('Ctrl+C copies a selection, and is left to the line editor (cancel) without one', () => {
    const withSelection = setup('cont_1');
    const event = key({ key: 'c', ctrlKey: true });
    expect(withSelection.handler(event)).toBe(false);
    expect(event.prevented).toBe(true);
    expect(withSelection.calls).toEqual(['copy:cont_1']);
    const without = setup('');
    expect(without.handler(key({ key: 'c', ctrlKey: true }))).toBe(true);
    expect(without.calls).toEqual([]);
  });

  it('Tab completes; Shift+Tab is left to the browser to move focus out; other keys go to xterm', () => {
    const { handler, calls } = setup();
    const tab = key({ key: 'Tab' });
    expect(handler(tab)).toBe(false);
    expect(tab.prevented).toBe(true);
    const shiftTab = key({ key: 'Tab', shiftKey: true });
    expect(handler(shiftTab)).toBe(false);
    expect(shiftTab.prevented).toBe(false);
    expect(handler(key({ key: 'a' }))).toBe(true);
    expect(handler(key({ key: 'l', ctrlKey: true }))).toBe(true);
    expect(calls).toEqual(['complete']);
  });

  it('F1 opens the palette and never the browser’s help page', () => {
    const { handler, calls } = setup();
    const f1 = key({ key: 'F1' });
    expect(handler(f1)).toBe(false);
    expect(f1.prevented).toBe(true);
    expect(handler(key({ key: 'F1', type: 'keyup' }))).toBe(false);
    expect(calls).toEqual(['palette']);
  });
});
