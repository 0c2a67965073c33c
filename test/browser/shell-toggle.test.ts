import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { gotoShell, openShellPage, settle, type ShellPage } from './shell-harness.js';

const panelState = (page: Page) =>
  page.evaluate(() => {
    const el = document.querySelector('dev-shell')!;
    const panel = el.shadowRoot!.querySelector('.panel') as HTMLElement;
    const style = getComputedStyle(panel);
    return {
      open: el.open,
      visibility: style.visibility,
      display: style.display,
      inert: panel.inert,
      height: panel.getBoundingClientRect().height,
      focusInShell: el.shadowRoot!.activeElement?.className ?? null,
      pageFocus: document.activeElement?.id || document.activeElement?.tagName || null,
    };
  });

/** Waits out the slide transition (180 ms) so visibility has settled. */
const transitionEnd = (page: Page) =>
  page.waitForFunction(() => {
    const panel = document.querySelector('dev-shell')!.shadowRoot!.querySelector('.panel')!;
    return panel.getAnimations().length === 0;
  });

describe('<dev-shell> panel: Ctrl+J, focus, height, labels', () => {
  let s: ShellPage;

  beforeAll(async () => {
    s = await openShellPage();
    // A focusable page element, to check focus goes back where it was.
    await s.page.evaluate(() => {
      const input = document.createElement('input');
      input.id = 'page-input';
      document.querySelector('main')!.prepend(input);
    });
  });

  afterAll(async () => {
    await s?.close();
  });

  it('starts closed: hidden by transform/visibility, never display:none, and inert', async () => {
    const state = await panelState(s.page);
    expect(state.open).toBe(false);
    expect(state.visibility).toBe('hidden');
    expect(state.display).not.toBe('none');
    expect(state.inert).toBe(true);
    // The terminal was fitted while hidden: it has real rows and columns.
    const viewport = await s.page.evaluate(() => document.querySelector('dev-shell')!.testHooks!.viewport());
    expect(viewport.cols).toBeGreaterThan(40);
    expect(viewport.rows).toBeGreaterThan(5);
  });

  it('Ctrl+J from a page input opens the panel and puts focus on the prompt', async () => {
    await s.page.focus('#page-input');
    await s.page.keyboard.press('Control+j');
    await transitionEnd(s.page);
    const state = await panelState(s.page);
    expect(state.open).toBe(true);
    expect(state.visibility).toBe('visible');
    expect(state.inert).toBe(false);
    expect(state.focusInShell).toContain('xterm-helper-textarea');
    // Typing now goes to the prompt, not the page input.
    await s.page.keyboard.type('help');
    await settle(s.page);
    expect(await s.page.inputValue('#page-input')).toBe('');
    expect((await s.page.evaluate(() => document.querySelector('dev-shell')!.testHooks!.input())).text).toBe('help');
  });

  it('Ctrl+J inside the terminal closes it (not a newline) and focus returns to the page input', async () => {
    await s.page.keyboard.press('Control+j');
    await transitionEnd(s.page);
    const state = await panelState(s.page);
    expect(state.open).toBe(false);
    expect(state.visibility).toBe('hidden');
    expect(state.pageFocus).toBe('page-input');
    // The typed line is still there, unsent.
    expect((await s.page.evaluate(() => document.querySelector('dev-shell')!.testHooks!.input())).text).toBe('help');
  });

  it('opens from a page with nothing focused, and closes with the labelled close button', async () => {
    await s.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await s.page.keyboard.press('Control+j');
    await transitionEnd(s.page);
    expect((await panelState(s.page)).open).toBe(true);
    const close = s.page.locator('dev-shell').getByRole('button', { name: 'Close developer shell' });
    await close.click();
    await transitionEnd(s.page);
    const state = await panelState(s.page);
    expect(state.open).toBe(false);
    expect(state.focusInShell).toBe(null);
  });

  it('labels the panel, the resize handle and the copy button', async () => {
    const labels = await s.page.evaluate(() => {
      const root = document.querySelector('dev-shell')!.shadowRoot!;
      return {
        panel: root.querySelector('.panel')!.getAttribute('aria-label'),
        handle: root.querySelector('.handle')!.getAttribute('aria-label'),
        handleRole: root.querySelector('.handle')!.getAttribute('role'),
        copy: root.querySelector('.copy')!.getAttribute('aria-label'),
      };
    });
    expect(labels).toEqual({
      panel: 'Developer shell',
      handle: 'Resize developer shell',
      handleRole: 'separator',
      copy: 'Copy response body',
    });
  });

  it('the drag handle resizes the panel, the terminal refits, and the height survives a reload', async () => {
    await s.page.keyboard.press('Control+j');
    await transitionEnd(s.page);
    const before = await panelState(s.page);
    const rowsBefore = await s.page.evaluate(() => document.querySelector('dev-shell')!.testHooks!.viewport().rows);
    const handle = s.page.locator('dev-shell .handle');
    const box = (await handle.boundingBox())!;
    await s.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await s.page.mouse.down();
    await s.page.mouse.move(box.x + box.width / 2, box.y - 150, { steps: 5 });
    await s.page.mouse.up();
    await s.page.waitForFunction((rows) => document.querySelector('dev-shell')!.testHooks!.viewport().rows > rows, rowsBefore);
    const after = await panelState(s.page);
    expect(after.height).toBeGreaterThan(before.height + 100);

    // Keyboard: ↑ on the focused handle grows it too.
    await handle.focus();
    await s.page.keyboard.press('ArrowUp');
    await s.page.waitForFunction((h) => document.querySelector('dev-shell')!.shadowRoot!.querySelector('.panel')!.getBoundingClientRect().height > h, after.height);
    const grown = (await panelState(s.page)).height;

    await gotoShell(s.page, s.server.url + '/');
    await s.page.keyboard.press('Control+j');
    await transitionEnd(s.page);
    expect(Math.round((await panelState(s.page)).height)).toBe(Math.round(grown));
  });

  it('follows the colour scheme (dark theme from prefers-color-scheme) and reduced motion', async () => {
    const look = () =>
      s.page.evaluate(() => {
        const root = document.querySelector('dev-shell')!.shadowRoot!;
        return {
          text: getComputedStyle(root.querySelector('.xterm-rows')!).color,
          panel: getComputedStyle(root.querySelector('.panel')!).backgroundColor,
          transition: getComputedStyle(root.querySelector('.panel')!).transitionDuration,
        };
      });
    await s.page.emulateMedia({ colorScheme: 'light', reducedMotion: 'no-preference' });
    const light = await look();
    expect(light.panel).toBe('rgb(255, 255, 255)');
    expect(light.text).toBe('rgb(31, 35, 40)');
    expect(light.transition).not.toBe('0s');
    await s.page.emulateMedia({ colorScheme: 'dark', reducedMotion: 'reduce' });
    await s.page.waitForFunction(() => getComputedStyle(document.querySelector('dev-shell')!.shadowRoot!.querySelector('.xterm-rows')!).color === 'rgb(230, 237, 243)');
    const dark = await look();
    expect(dark.panel).toBe('rgb(13, 17, 23)');
    expect(dark.transition).toBe('0s');
    // A page overrides the theme with custom properties on the element.
    await s.page.addStyleTag({ content: 'dev-shell { --dev-shell-background: #102030; --dev-shell-foreground: #fafafa; }' });
    await s.page.emulateMedia({ colorScheme: 'light', reducedMotion: 'no-preference' });
    await s.page.waitForFunction(() => getComputedStyle(document.querySelector('dev-shell')!.shadowRoot!.querySelector('.xterm-rows')!).color === 'rgb(250, 250, 250)');
    expect((await look()).panel).toBe('rgb(16, 32, 48)');
  });

  it('takes another hotkey from the hotkey attribute', async () => {
    await s.page.evaluate(() => document.querySelector('dev-shell')!.setAttribute('hotkey', 'ctrl+shift+k'));
    const wasOpen = (await panelState(s.page)).open;
    await s.page.keyboard.press('Control+Shift+K');
    await s.page.waitForFunction((was) => document.querySelector('dev-shell')!.open !== was, wasOpen);
    await s.page.keyboard.press('Control+Shift+K');
    await s.page.waitForFunction((was) => document.querySelector('dev-shell')!.open === was, wasOpen);
    // Ctrl+J is then an ordinary key again (and the line editor ignores it).
    await s.page.keyboard.press('Control+j');
    expect((await panelState(s.page)).open).toBe(wasOpen);
    await s.page.evaluate(() => document.querySelector('dev-shell')!.removeAttribute('hotkey'));
  });

  it('keeps working when the page moves the element elsewhere in the DOM', async () => {
    await s.page.evaluate(() => {
      const el = document.querySelector('dev-shell')!;
      const holder = document.createElement('div');
      document.body.prepend(holder);
      holder.append(el);
    });
    await s.page.waitForFunction(() => document.querySelector('dev-shell')?.testHooks !== undefined);
    await s.page.evaluate(() => document.querySelector('dev-shell')!.testHooks!.ready());
    if ((await panelState(s.page)).open) {
      await s.page.keyboard.press('Control+j');
      await transitionEnd(s.page);
    }
    await s.page.keyboard.press('Control+j');
    await s.page.waitForFunction(() => document.querySelector('dev-shell')!.shadowRoot!.activeElement?.classList.contains('xterm-helper-textarea'));
    await s.page.keyboard.type('routes contacts');
    await s.page.keyboard.press('Enter');
    await settle(s.page);
    const text = await s.page.evaluate(() => document.querySelector('dev-shell')!.testHooks!.bufferText());
    expect(text).toMatch(/GET\s+\/contacts\s+contacts:read/);
    expect(await s.page.evaluate(() => document.querySelector('dev-shell')!.shadowRoot!.querySelectorAll('.xterm').length)).toBe(1);
  });

  it('a script can open it with the open property, and the page logged no errors', async () => {
    await s.page.keyboard.press('Control+j');
    await transitionEnd(s.page);
    await s.page.evaluate(() => {
      document.querySelector('dev-shell')!.open = true;
    });
    await s.page.waitForFunction(() => document.querySelector('dev-shell')!.shadowRoot!.activeElement?.classList.contains('xterm-helper-textarea'));
    expect(s.errors).toEqual([]);
  });
});
