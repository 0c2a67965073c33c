import { css } from 'lit';
import type { ITheme } from '@xterm/xterm';

/**
 * The theme as CSS custom properties on the host, light by default and dark under
 * prefers-color-scheme. A page overrides any of them with `dev-shell { --dev-shell-…: … }`
 * (outer styles beat :host rules). xterm needs concrete colours, so they are read back from the
 * computed style into the terminal's theme.
 */
export const themeStyles = css`
  :host {
    --dev-shell-background: #ffffff;
    --dev-shell-foreground: #1f2328;
    --dev-shell-muted: #59636e;
    --dev-shell-border: #d1d9e0;
    --dev-shell-bar: #f6f8fa;
    --dev-shell-accent: #0969da;
    --dev-shell-cursor: #1f2328;
    --dev-shell-selection: #b6d7ff;
    --dev-shell-red: #cf222e;
    --dev-shell-green: #1a7f37;
    --dev-shell-yellow: #9a6700;
    --dev-shell-blue: #0969da;
    --dev-shell-magenta: #8250df;
    --dev-shell-cyan: #1b7c83;
    --dev-shell-gray: #6e7781;
    --dev-shell-font: ui-monospace, SFMono-Regular, Menlo, Consolas, 'Liberation Mono', monospace;
    --dev-shell-font-size: 13px;
    --dev-shell-height: 45vh;
  }
  @media (prefers-color-scheme: dark) {
    :host {
      --dev-shell-background: #0d1117;
      --dev-shell-foreground: #e6edf3;
      --dev-shell-muted: #9198a1;
      --dev-shell-border: #3d444d;
      --dev-shell-bar: #151b23;
      --dev-shell-accent: #4493f8;
      --dev-shell-cursor: #e6edf3;
      --dev-shell-selection: #264f78;
      --dev-shell-red: #ff7b72;
      --dev-shell-green: #3fb950;
      --dev-shell-yellow: #d29922;
      --dev-shell-blue: #58a6ff;
      --dev-shell-magenta: #bc8cff;
      --dev-shell-cyan: #39c5cf;
      --dev-shell-gray: #8b949e;
    }
  }
`;

/** The xterm theme from the host's computed custom properties. */
export function readTheme(host: Element): ITheme {
  const style = getComputedStyle(host);
  const get = (name: string) => style.getPropertyValue(`--dev-shell-${name}`).trim() || undefined;
  const gray = get('gray');
  return {
    background: get('background'),
    foreground: get('foreground'),
    cursor: get('cursor'),
    cursorAccent: get('background'),
    selectionBackground: get('selection'),
    black: get('foreground'),
    red: get('red'),
    green: get('green'),
    yellow: get('yellow'),
    blue: get('blue'),
    magenta: get('magenta'),
    cyan: get('cyan'),
    white: get('muted'),
    brightBlack: gray,
    brightRed: get('red'),
    brightGreen: get('green'),
    brightYellow: get('yellow'),
    brightBlue: get('blue'),
    brightMagenta: get('magenta'),
    brightCyan: get('cyan'),
    brightWhite: get('foreground'),
  };
}

export function readFont(host: Element): { fontFamily: string; fontSize: number } {
  const style = getComputedStyle(host);
  const fontFamily = style.getPropertyValue('--dev-shell-font').trim() || 'monospace';
  const fontSize = parseFloat(style.getPropertyValue('--dev-shell-font-size')) || 13;
  return { fontFamily, fontSize };
}
