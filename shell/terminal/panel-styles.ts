import { css } from 'lit';

/**
 * The panel around the terminal: fixed to the bottom, slid out of view when closed (never
 * display:none, which would leave the terminal nothing to fit), motion reduced on request.
 * Colours come from the theme's custom properties (terminal/theme.ts).
 */
export const panelStyles = css`
  :host {
    display: block;
  }
  .panel {
    position: fixed;
    inset: auto 0 0 0;
    z-index: 2147483000;
    display: flex;
    flex-direction: column;
    height: var(--dev-shell-height);
    background: var(--dev-shell-background);
    color: var(--dev-shell-foreground);
    border-top: 1px solid var(--dev-shell-border);
    box-shadow: 0 -8px 24px rgb(0 0 0 / 0.18);
    font: 12px/1.4 system-ui, sans-serif;
    /* Hidden by sliding, never display:none: the terminal must keep a size to be fitted. */
    transform: translateY(100%);
    visibility: hidden;
    transition:
      transform 180ms ease-out,
      visibility 0s linear 180ms;
  }
  :host([open]) .panel {
    transform: none;
    visibility: visible;
    transition:
      transform 180ms ease-out,
      visibility 0s;
  }
  @media (prefers-reduced-motion: reduce) {
    .panel,
    :host([open]) .panel {
      transition: none;
    }
  }
  .handle {
    flex: none;
    height: 6px;
    cursor: ns-resize;
    touch-action: none;
    background: var(--dev-shell-bar);
  }
  .handle:hover,
  .handle:focus-visible {
    background: var(--dev-shell-accent);
    outline: none;
  }
  .bar {
    flex: none;
    display: flex;
    align-items: center;
    gap: 8px;
    padding: 2px 8px 4px 12px;
    background: var(--dev-shell-bar);
    border-bottom: 1px solid var(--dev-shell-border);
    color: var(--dev-shell-muted);
  }
  .bar .title {
    font-weight: 600;
    color: var(--dev-shell-foreground);
  }
  .bar .hint {
    flex: 1;
  }
  button {
    font: inherit;
    color: inherit;
    background: transparent;
    border: 1px solid transparent;
    border-radius: 4px;
    cursor: pointer;
  }
  button:focus-visible {
    outline: 2px solid var(--dev-shell-accent);
    outline-offset: 1px;
  }
  .close {
    padding: 0 6px;
    font-size: 16px;
    line-height: 1.2;
  }
  .close:hover {
    border-color: var(--dev-shell-border);
  }
  .body {
    position: relative;
    flex: 1;
    min-height: 0;
    padding: 4px 0 0 8px;
  }
  .terminal {
    width: 100%;
    height: 100%;
  }
  /* xterm.css paints the viewport black; fit leaves a partial row of it below the last line. */
  .terminal .xterm .xterm-viewport {
    background-color: var(--dev-shell-background);
  }
  .copy {
    position: absolute;
    right: 18px;
    top: 0;
    z-index: 10;
    padding: 0 8px;
    background: var(--dev-shell-bar);
    border-color: var(--dev-shell-border);
    color: var(--dev-shell-foreground);
    opacity: 0;
    pointer-events: none;
  }
  .copy[data-visible='true'] {
    opacity: 1;
    pointer-events: auto;
  }
  .copy[data-visible='true']:hover {
    border-color: var(--dev-shell-accent);
  }
  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`;
